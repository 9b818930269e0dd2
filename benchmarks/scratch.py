"""Scratch copies of the project for the benchmarks, and the commands run in them.

A copy is a local ``git clone`` of the committed project (so what is measured is a commit the
report can name), with a ``.venv`` of its own that reaches the repository's tools and imports
the clone's kb (``kb.scratch_venv``). Every ``make`` is told (``-o``) that the virtualenv is up
to date: the clone's files are newer than its stamp, and a reinstall must neither run nor be
timed.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from kb.scratch_venv import scratch_venv

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
HREF = re.compile(r"""\s(?:href|src)=["']([^"']+)["']""")


def clone(destination: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", "--local", str(ROOT), str(destination)], check=True)
    scratch_venv(destination, with_kb=True)
    return destination


def environment(**extra: str) -> dict[str, str]:
    """This environment without the calling make's variables, which would leak into the
    measured make (its -j, its -o), plus ``extra``."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    return {**kept, **extra}


def make(project: Path, target: str, builddir: Path, *options: str) -> list[str]:
    return [
        "make",
        "--no-print-directory",
        "-C",
        str(project),
        "-o",
        ".venv/.installed",
        *options,
        target,
        f"BUILDDIR={builddir}",
    ]


def python(project: Path, *arguments: str) -> list[str]:
    """A command of ``project``'s Python, which imports the project's kb."""
    return [str(project / ".venv" / "bin" / "python"), *arguments]


def html_pages(folder: Path, skip_dirs: tuple[str, ...]) -> list[Path]:
    return [
        page
        for page in folder.rglob("*.html")
        if not set(page.relative_to(folder).parts[:-1]) & set(skip_dirs)
    ]


def count_links(pages: list[Path]) -> int:
    """The ``href`` and ``src`` attributes of ``pages``: the work of an internal link check."""
    return sum(len(HREF.findall(page.read_text(encoding="utf-8"))) for page in pages)


def count_passed(log: Path) -> int:
    """The number of tests pytest says passed, from its last line in ``log``."""
    found = re.findall(r"(\d+) passed", log.read_text(encoding="utf-8", errors="replace"))
    return int(found[-1]) if found else 0
