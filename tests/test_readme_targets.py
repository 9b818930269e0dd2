"""Every ``make`` command of the README works in a fresh clone, typed exactly as shown.

The commands are read from the README ("Two commands" and the table of targets), so a target
added there is tested here. Each runs in a fresh clone (``fresh_clone``) with the default
settings: ``BUILDDIR`` is the relative ``_build``, as a reader has it. A command fails the test
on a non-zero exit or a Python traceback in its output. The clone's builds are the session's
builds that the other tests read (``html_build``, ``site_build``, ``pdf_build``).

Two deviations from the typed text, both settings the README documents: ``make serve`` and
``make serve-site`` get ``PORT=`` a free port (8000 may be taken by another run on the same
machine), and commands that write into the checkout (``make new-meeting``, ``make clean``) run
in a second clone, so that they cannot change what the other commands build.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT
from fresh_clone import Checkout, clone, make_env
from kb import releases

README = ROOT / "README.md"

#: Targets not run here, each with the reason.
LEFT_OUT = {
    "test": "it runs this test: the suite would run itself",
    "test-fast": "it runs the rest of this suite, which 'make test' runs anyway",
    "live": "it serves until stopped and reloads on save; 'make serve' covers the build and serve",
    "linkcheck": "it needs the network to reach every external URL",
    "inventory": "it needs the network to download DIRAC wheels from PyPI",
    "lock": "it needs the network (PyPI) and rewrites requirements/lock.txt",
    "new-event": "the README gives it no DATE= and NAME= to type; 'make new-meeting' covers it",
}
#: Commands that write into the checkout: each runs in a scratch clone of its own.
WRITES_THE_CHECKOUT = {"new-meeting", "clean"}
#: Commands that only read the checkout (no build, nothing written but caches): they run beside
#: the builds of the other workers instead of waiting for them.
READS_ONLY = {"lint", "help", "check-records", "check-examples"}
#: Commands that serve until stopped: started, fetched over 127.0.0.1, stopped.
SERVES = {"serve": "index.html", "serve-site": f"{releases.preferred().name}/index.html"}


def readme_commands(text: str) -> list[str]:
    """The ``make`` commands of the "Two commands" block and of the targets table, in order."""
    block = re.search(r"^## Two commands\n.*?```console\n(.*?)```", text, re.M | re.S)
    assert block, "README.md has no 'Two commands' console block"
    commands = [
        line[2:].split("#")[0].strip()
        for line in block.group(1).splitlines()
        if line.startswith("$ make")
    ]
    table = re.search(r"^## Other targets\n+(\|.*?)\n\n", text, re.M | re.S)
    assert table, "README.md has no table under 'Other targets'"
    for row in table.group(1).splitlines()[2:]:
        commands += re.findall(r"`(make [^`]+)`", row)
    return list(dict.fromkeys(commands))


def target(command: str) -> str:
    return shlex.split(command)[1]


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))
RUN = [command for command in COMMANDS if target(command) not in LEFT_OUT]


def test_the_readme_commands_are_found():
    targets = {target(command) for command in COMMANDS}
    assert {"html", "test", "site", "serve-site", "pdf", "clean", "help"} <= targets, COMMANDS
    assert set(LEFT_OUT) <= targets, "a target left out here is no longer in the README"
    assert "make new-meeting DATE=2026-12-01 BODY=board" in COMMANDS


def test_the_parser_reads_a_new_row():
    text = README.read_text(encoding="utf-8")
    row = "| `make help` | list every target |\n"
    added = text.replace(row, row + "| `make shiny BIG=1` | a target added later |\n")
    assert "make shiny BIG=1" in readme_commands(added)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_while_serving(checkout: Path, command: str, path: str) -> tuple[str, str]:
    """Start ``command`` (with a free ``PORT=``), fetch ``path`` from it, stop it; the page and
    what the command printed."""
    port = free_port()
    server = subprocess.Popen(
        f"{command} PORT={port}",
        shell=True,
        cwd=checkout,
        env=make_env(),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    page = ""
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as got:
                    page = got.read().decode()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        output, _ = server.communicate(timeout=60)
    return page, output


def html_is_built(checkout: Path, output: str) -> None:
    assert (checkout / "_build" / "html" / "index.html").is_file()
    assert "The site is in _build/html" in output, output[-2000:]


def every_line_is_built(checkout: Path, output: str) -> None:
    for line in releases.line_names():
        assert (checkout / "_build" / "site" / line / "index.html").is_file(), line


def the_book_is_built(checkout: Path, output: str) -> None:
    assert (checkout / "_build" / "pdf" / "dirac-knowledge-base.pdf").is_file(), output[-2000:]


def links_are_clean(checkout: Path, output: str) -> None:
    assert "0 broken, 0 orphan page(s)" in output, output[-4000:]


def minutes_are_written(checkout: Path, output: str) -> None:
    assert (checkout / "docs/records/minutes/2026/2026-12-01-board.md").is_file(), output


def every_target_is_listed(checkout: Path, output: str) -> None:
    rules = (checkout / "Makefile").read_text(encoding="utf-8")
    explicit = {target(c) for c in COMMANDS if re.search(rf"^{target(c)}:", rules, re.M)}
    listed = {line.split()[0] for line in output.splitlines() if line.strip()}
    assert explicit <= listed, explicit - listed


#: The outputs the README names; 'make clean' must remove them and keep .venv.
OUTPUTS = ("html/index.html", f"site/{releases.preferred().name}/index.html", "pdf/guide.pdf")


def make_outputs(checkout: Path) -> None:
    for output in OUTPUTS:
        (checkout / "_build" / output).parent.mkdir(parents=True, exist_ok=True)
        (checkout / "_build" / output).write_text("built")


def outputs_are_gone(checkout: Path, output: str) -> None:
    assert [p for p in (checkout / "_build").rglob("*") if p.is_file()] == [], output
    assert (checkout / ".venv" / "bin" / "python").exists()


#: What a command must leave behind, besides a zero exit and no traceback.
EFFECTS = {
    "html": html_is_built,
    "site": every_line_is_built,
    "pdf": the_book_is_built,
    "check-links": links_are_clean,
    "new-meeting": minutes_are_written,
    "help": every_target_is_listed,
    "clean": outputs_are_gone,
}
#: What a command that writes into the checkout needs there first.
PREPARE = {"clean": make_outputs}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Checkout:
    """A second fresh clone, for the commands that write into the checkout; kb is ready in its
    virtualenv (the first clone's ``make`` shows that pip installs it)."""
    return Checkout(clone(ROOT, tmp_path_factory.mktemp("scratch") / "dirac-kb", with_kb=True))


@pytest.mark.parametrize("command", RUN)
def test_a_readme_command_works_in_a_fresh_clone(command, fresh_checkout: Checkout, scratch):
    name = target(command)
    if name in SERVES:
        with fresh_checkout.lock:  # it builds in the clone: not while another worker does
            page, output = fetch_while_serving(fresh_checkout.path, command, SERVES[name])
        assert "Traceback" not in output, output[-4000:]
        assert "<title>" in page and "DIRAC Knowledge Base" in page, output[-4000:]
        return
    checkout = scratch if name in WRITES_THE_CHECKOUT else fresh_checkout
    PREPARE.get(name, lambda path: None)(checkout.path)
    run = checkout.run(command, reads_only=name in READS_ONLY)
    assert run.returncode == 0, f"{command} exited with {run.returncode}:\n{run.output[-4000:]}"
    assert "Traceback" not in run.output, f"{command} printed a traceback:\n{run.output[-4000:]}"
    EFFECTS.get(name, lambda path, output: None)(checkout.path, run.output)
