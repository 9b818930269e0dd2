"""`make html`, `make site` and so `make check-links` run Sphinx only when something it reads
changed: a source, a setting, or the output itself. Checked with `make -n` on outputs marked
as built, so no build runs."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import run_make

BUILDS = {"html": "-m sphinx -b html", "site": "-m kb.site"}


@pytest.fixture
def built(project_copy: Path) -> Path:
    """The project copy with both outputs marked as built, after every source was saved."""
    out = project_copy / "_build"
    assert run_make(project_copy, "help", BUILDDIR=str(out)).returncode == 0
    assert (out / ".built" / "settings").is_file()
    for made in ("html/objects.inv", "site/index.html", ".built/html", ".built/site"):
        (out / made).parent.mkdir(parents=True, exist_ok=True)
        (out / made).touch()
    return project_copy


def planned(project: Path, target: str, **variables: str) -> str:
    """What ``make -n target`` would run."""
    result = run_make(project, "-n", target, BUILDDIR=str(project / "_build"), **variables)
    assert result.returncode == 0, result.stdout
    return result.stdout


def test_nothing_changed_no_build_runs(built):
    plan = planned(built, "check-links")
    assert not [command for command in BUILDS.values() if command in plan], plan
    assert "kb.links internal" in plan


def test_compiled_python_written_after_the_build_rebuilds_nothing(built):
    later = time.time() + 1
    for folder in ("conf/kb", "conf/kb/records"):  # Python dates a folder it writes __pycache__ in
        os.utime(built / folder, (later, later))
    plan = planned(built, "check-links")
    assert not [command for command in BUILDS.values() if command in plan], plan


@pytest.mark.parametrize("target", sorted(BUILDS))
def test_a_saved_page_rebuilds(built, target):
    later = time.time() + 1
    os.utime(built / "docs" / "index.md", (later, later))
    assert BUILDS[target] in planned(built, target)


def test_a_few_saved_pages_rebuild_in_one_process_anything_else_in_several(built):
    later = time.time() + 1
    os.utime(built / "docs" / "index.md", (later, later))
    assert "-m sphinx -b html -j 1 " in planned(built, "html")
    os.utime(built / "refs.bib", (later, later))  # every page that cites is read again
    assert "-m sphinx -b html -j auto " in planned(built, "html")


@pytest.mark.parametrize("target", sorted(BUILDS))
def test_a_removed_page_rebuilds(built, target):
    (built / "docs" / "reference" / "glossary.md").unlink()
    later = time.time() + 1
    os.utime(built / "docs" / "reference", (later, later))
    assert BUILDS[target] in planned(built, target)


@pytest.mark.parametrize("target", sorted(BUILDS))
def test_other_settings_rebuild(built, target):
    assert BUILDS[target] in planned(built, target, SPHINXOPTS="-E")


def test_a_reinstalled_virtualenv_rebuilds_nothing(built, tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    later = time.time() + 1
    (venv / ".installed").touch()
    os.utime(venv / ".installed", (later, later))
    plan = planned(built, "check-links", VENV=str(venv))
    assert not [command for command in BUILDS.values() if command in plan], plan


def test_new_pinned_tools_rebuild(built):
    later = time.time() + 1
    os.utime(built / "requirements" / "lock.txt", (later, later))
    assert BUILDS["html"] in planned(built, "html")


def test_a_deleted_output_is_built_again(built):
    (built / "_build" / "html" / "objects.inv").unlink()
    assert BUILDS["html"] in planned(built, "html")
    assert BUILDS["site"] not in planned(built, "site")


def test_a_fresh_virtualenv_stamp_is_made(project_copy, tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"  # stands in for pip: the install succeeds at once
    python.write_text("#!/bin/sh\nexit 0\n")
    python.chmod(0o755)
    result = run_make(project_copy, "venv", VENV=str(venv))
    assert result.returncode == 0, result.stdout
    assert (venv / ".installed").is_file()
