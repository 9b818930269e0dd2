"""The site builds from scratch with zero warnings, and a page that would warn fails the build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, run_make

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory) -> tuple[object, Path]:
    out = tmp_path_factory.mktemp("site")
    return run_make(ROOT, "html", BUILDDIR=str(out)), out


def test_build_from_scratch_has_no_warning(fresh_build):
    result, out = fresh_build
    assert result.returncode == 0, result.stdout[-3000:]
    assert not re.search(r"\b(WARNING|ERROR)\b", result.stdout), result.stdout[-3000:]
    assert (out / "html" / "index.html").is_file()
    assert f"The site is in {out}/html" in result.stdout


def test_every_page_is_built(fresh_build):
    _, out = fresh_build
    sources = {p.relative_to(ROOT / "docs").with_suffix("") for p in (ROOT / "docs").rglob("*.md")}
    built = {p.relative_to(out / "html").with_suffix("") for p in (out / "html").rglob("*.html")}
    assert sources <= built, f"not built: {sorted(map(str, sources - built))}"


def test_a_warning_fails_the_build(project_copy, tmp_path):
    page = project_copy / "docs" / "reference" / "glossary.md"
    page.write_text(page.read_text() + "\nSee {term}`No such term`.\n")
    result = run_make(project_copy, "html", BUILDDIR=str(tmp_path / "out"))
    assert result.returncode != 0
    assert re.search(r"glossary\.md:\d+: WARNING: term not in glossary", result.stdout), (
        result.stdout[-2000:]
    )


def test_a_page_without_release_lines_stops_the_build_at_its_line(project_copy, tmp_path):
    page = project_copy / "docs" / "reference" / "glossary.md"
    page.write_text(page.read_text().replace('dirac: "*"', 'dirac: ">=12.0"', 1))
    result = run_make(project_copy, "html", BUILDDIR=str(tmp_path / "out"))
    assert result.returncode != 0
    assert "glossary.md:2: ERROR: dirac: '>=12.0' admits none of the known release lines" in (
        result.stdout
    ), result.stdout[-2000:]
