"""Run one command and measure it: wall time, CPU time and peak memory of its process tree.

Two memory figures, since a build runs several processes at once (``sphinx-build -j``, one
process per release line in ``make site``):

* ``peak_rss_mib``: the largest resident set of any single process of the tree, exact, from
  ``getrusage(RUSAGE_CHILDREN)`` in a fresh Python that only runs the command;
* ``peak_tree_rss_mib``: the largest sum over the processes alive at the same moment, sampled
  with psutil every :data:`SAMPLE_SECONDS`, so a short peak between samples can be missed.
"""

from __future__ import annotations

import contextlib
import json
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.05
MIB = 1024 * 1024


class CommandFailed(RuntimeError):
    """A measured command exited with an error: the figure would be meaningless."""

    def __init__(self, command: list[str], code: int, output: str):
        tail = "\n".join(output.splitlines()[-30:])
        super().__init__(f"'{' '.join(command)}' exited with {code}; its last lines:\n{tail}")


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float
    peak_rss_mib: float
    peak_tree_rss_mib: float
    code: int = 0


def _tree_rss(process) -> int:
    import psutil

    total = 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += member.memory_info().rss
    return total


def probe(command: list[str], cwd: str, log: str) -> dict:
    """Run ``command`` here, in this process, and return its measures: the body of the child
    that :func:`measure` starts, so that ``RUSAGE_CHILDREN`` holds this command alone."""
    import psutil

    peak = 0
    with open(log, "w") as output:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        watched = psutil.Process(child.pid)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(SAMPLE_SECONDS):
                peak = max(peak, _tree_rss(watched))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = child.wait()
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "code": code,
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        # Linux reports ru_maxrss in KiB.
        "peak_rss_mib": usage.ru_maxrss / 1024,
        "peak_tree_rss_mib": max(peak / MIB, usage.ru_maxrss / 1024),
    }


def measure(
    command: list[str], cwd: Path, log: Path, env: dict[str, str], allow_failure: bool = False
) -> Run:
    """Run ``command`` in ``cwd`` through a fresh Python and measure it; output goes to ``log``.

    Raises :class:`CommandFailed` when the command fails, unless ``allow_failure``: then the
    run keeps the exit code, for a command whose time means something even when it fails.
    """
    request = json.dumps({"command": command, "cwd": str(cwd), "log": str(log)})
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.measure"],
        input=request,
        text=True,
        capture_output=True,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if done.returncode:
        raise RuntimeError(f"the measuring process failed: {done.stderr.strip()}")
    result = json.loads(done.stdout)
    if result["code"] and not allow_failure:
        raise CommandFailed(command, result["code"], log.read_text(errors="replace"))
    return Run(**result)


if __name__ == "__main__":
    asked = json.loads(sys.stdin.read())
    print(json.dumps(probe(asked["command"], asked["cwd"], asked["log"])))
