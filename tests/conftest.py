"""Shared fixtures: the repository's paths, a scratch copy of the project, and ``make`` runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT / "conf"))

#: What a scratch copy of the project holds: enough to build and check it, not .venv or _build.
PROJECT_FILES = ("Makefile", "pyproject.toml", "refs.bib", "conf", "docs", "requirements")


def run_make(project: Path, *args: str, **variables: str) -> subprocess.CompletedProcess:
    """Run ``make`` in ``project`` with this repository's virtualenv; output in ``.stdout``."""
    settings = {"VENV": str(ROOT / ".venv"), **variables}
    command = ["make", "--no-print-directory", "-C", str(project), *args]
    command += [f"{name}={value}" for name, value in settings.items()]
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAKE")}
    return subprocess.run(
        command, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A scratch copy of the project that a test may break without touching the real one."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, copy / name)
    return copy


@dataclass(frozen=True)
class Build:
    """What ``make TARGET BUILDDIR=out`` left in ``out``, and what it printed."""

    out: Path
    output: str


def build(tmp_path_factory, target: str) -> Build:
    """Run ``make target`` on this repository into a fresh folder; it must succeed."""
    out = tmp_path_factory.mktemp(target)
    result = run_make(ROOT, target, BUILDDIR=str(out))
    assert result.returncode == 0, result.stdout[-4000:]
    return Build(out, result.stdout)


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> Build:
    """The versioned site, built once for every test that reads it (``make site``)."""
    return build(tmp_path_factory, "site")
