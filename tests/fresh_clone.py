"""A fresh ``git clone`` of this repository, and ``make`` run in it as a reader types it.

The clone is what CI checks out: the committed files, nothing ignored, no ``_build``. When the
working tree has changes that are not committed yet, they are laid over the clone and committed
there, so that ``make test`` on a work in progress tests the work, not the last commit; on a
clean checkout (CI) the clone is exactly the committed HEAD.

Its ``.venv`` is a virtualenv of its own that reaches this checkout's tools (``kb.scratch_venv``),
so that ``make`` finds them the way the README describes (``.venv`` next to the Makefile)
without downloading them again, and installs the clone's kb into it, as in CI: the Makefile's
own check of ``requirements/lock.txt`` against the virtualenv still runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock
from kb.scratch_venv import scratch_venv

#: Who commits the working tree's changes in the clone.
COMMITTER = {
    "GIT_AUTHOR_NAME": "KB test",
    "GIT_AUTHOR_EMAIL": "kb-test@example.org",
    "GIT_COMMITTER_NAME": "KB test",
    "GIT_COMMITTER_EMAIL": "kb-test@example.org",
}


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **COMMITTER}, check=True, capture_output=True
    )
    return done.stdout.decode()


def names(output: str) -> set[str]:
    return set(filter(None, output.split("\0")))


def uncommitted(checkout: Path) -> tuple[list[str], list[str]]:
    """The files of ``checkout`` that differ from HEAD, staged or not: (changed or new, deleted)."""
    tracked = names(git("diff", "--name-only", "-z", "--no-renames", "HEAD", cwd=checkout))
    new = names(git("ls-files", "-z", "--others", "--exclude-standard", cwd=checkout))
    gone = {name for name in tracked if not (checkout / name).exists()}
    return sorted((tracked - gone) | new), sorted(gone)


def clone(checkout: Path, target: Path, with_kb: bool = False) -> Path:
    """Clone ``checkout`` into ``target``, with its uncommitted changes committed on top.
    ``with_kb``: the clone's kb is ready in its virtualenv (``kb.scratch_venv``), for a clone
    whose test is not about installing it; otherwise its ``make`` installs kb with pip."""
    subprocess.run(["git", "clone", "-q", str(checkout), str(target)], check=True)
    changed, deleted = uncommitted(checkout)
    for name in changed:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(checkout / name, target / name)
    for name in deleted:
        (target / name).unlink(missing_ok=True)
    if changed or deleted:
        git("add", "--all", cwd=target)
        git("commit", "-q", "-m", "The working tree's uncommitted changes", cwd=target)
    scratch_venv(target, with_kb=with_kb)
    return target


def make_env() -> dict[str, str]:
    """The environment of a reader's shell: no settings inherited from a calling ``make``."""
    inherited = ("MAKE", "BUILDDIR", "VENV", "PYTHONPATH", "PORT", "JOBS", "SPHINXOPTS", "LINES")
    return {key: value for key, value in os.environ.items() if not key.startswith(inherited)}


@dataclass(frozen=True)
class Run:
    """What a command typed in the clone printed (stdout and stderr together) and returned."""

    command: str
    returncode: int
    output: str


class Checkout:
    """A clone in which each command runs at most once; later asks get the first result.

    This holds across pytest-xdist's workers too, which share one clone: each result is kept
    as JSON next to the clone. Commands that build run one at a time, under a file lock next to
    the clone; a command that only reads the checkout (``reads_only``) runs beside them, once
    ``make venv`` has installed the checkout's tools, so that no worker waits on it.
    """

    def __init__(self, path: Path):
        self.path = path
        self.lock = FileLock(path.parent / "commands.lock")

    def run(self, command: str, timeout: float = 900, reads_only: bool = False) -> Run:
        kept = self.path.parent / "runs" / f"{hashlib.sha256(command.encode()).hexdigest()}.json"
        if reads_only:
            self.run("make venv")
        kept.parent.mkdir(exist_ok=True)
        with FileLock(kept.with_suffix(".lock")) if reads_only else self.lock:
            if not kept.exists():
                done = subprocess.run(
                    command,
                    shell=True,
                    cwd=self.path,
                    env=make_env(),
                    text=True,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    timeout=timeout,
                )
                kept.write_text(json.dumps([done.returncode, done.stdout]))
            returncode, output = json.loads(kept.read_text())
        return Run(command, returncode, output)
