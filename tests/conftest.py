"""Shared fixtures: the repository's paths, a scratch copy of the project, and ``make`` runs.

Which to use:

- a test of one behaviour of the build (an error message, a directive, a rebuild) builds a
  small site in-process: ``small_site`` with sphinx.testing's ``make_app`` (see
  ``small_site.py`` and ``tests/roots/``), or ``project_around`` to run ``make`` on it;
- a test of the whole knowledge base reads the session's builds of a fresh clone,
  ``html_build``, ``site_build`` or ``pdf_build`` (built once, by ``make`` as the README
  types it); using one marks the test ``slow``, which ``make test-fast`` leaves out;
- ``project_copy`` and ``run_make`` remain for a test that needs the whole project changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock
from fresh_clone import Checkout, clone, make_env
from hypothesis import settings
from kb.scratch_venv import scratch_venv

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

# sphinx.testing's fixtures (make_app, app): small sites from tests/roots, as Sphinx tests itself.
pytest_plugins = ("sphinx.testing.fixtures",)

# The property tests try 300 examples each; make test-fast, the edit loop, 100 (Hypothesis's
# default), with --hypothesis-profile=edit-loop. Its database replays earlier failures first.
settings.register_profile("full", max_examples=300)
settings.register_profile("edit-loop", max_examples=100)
settings.load_profile("full")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the small sites: tests/roots/test-<name>."""
    return ROOT / "tests" / "roots"


#: What a scratch copy of the project holds: enough to build and check it, not .venv or _build.
PROJECT_FILES = ("Makefile", "pyproject.toml", "refs.bib", "conf", "docs", "requirements")


def run_make(project: Path, *args: str, **variables: str) -> subprocess.CompletedProcess:
    """Run ``make`` in ``project``, with this run's tools and the project's own kb (a scratch
    virtualenv, made at the first call); output in ``.stdout``."""
    if not (project / ".venv").exists():
        scratch_venv(project, with_kb=True)
    command = ["make", "--no-print-directory", "-C", str(project), *args]
    command += [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(
        command, env=make_env(), text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
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


#: The fixtures that build the whole real site: a test that uses one is marked ``slow``.
FULL_BUILDS = {"fresh_checkout", "html_build", "site_build", "pdf_build"}


def pytest_itemcollected(item) -> None:
    """Mark what ``make test-fast`` leaves out: tests of the whole site's builds, and the
    browser tests (which drive Chromium over the whole site)."""
    if "browser" in item.fixturenames:
        item.add_marker(pytest.mark.browser)
    if FULL_BUILDS & set(item.fixturenames):
        item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def fresh_checkout(tmp_path_factory) -> Checkout:
    """A fresh clone of this repository (see ``fresh_clone``): the one place where the real site
    is built, once per session, by ``make`` as the README types it. pytest-xdist's workers share
    it: it lives in the run's common temporary folder, and the first worker clones it."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    path = shared / "fresh" / "dirac-kb"
    with FileLock(shared / "fresh.lock"):
        if not path.exists():  # cloned aside first: a failed clone is never taken for one
            clone(ROOT, shared / "fresh" / "cloning").rename(path)
    return Checkout(path)


@dataclass(frozen=True)
class Build:
    """What ``make TARGET`` left in ``out`` (the clone's ``_build``), and what it printed."""

    out: Path
    output: str


def build(checkout: Checkout, target: str) -> Build:
    """Run ``make target`` in the fresh clone, once a session; it must succeed."""
    run = checkout.run(f"make {target}")
    assert run.returncode == 0, run.output[-4000:]
    return Build(checkout.path / "_build", run.output)


@pytest.fixture(scope="session")
def html_build(fresh_checkout) -> Build:
    """The preferred release line, built once for every test that reads it (``make html``)."""
    return build(fresh_checkout, "html")


@pytest.fixture(scope="session")
def site_build(fresh_checkout) -> Build:
    """The versioned site, built once for every test that reads it (``make site``)."""
    return build(fresh_checkout, "site")


@pytest.fixture(scope="session")
def pdf_build(fresh_checkout) -> Build:
    """The book and the guides' PDFs, built once for every test that reads them (``make pdf``)."""
    return build(fresh_checkout, "pdf")
