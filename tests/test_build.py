"""The site builds from scratch with zero warnings, and a page that would warn fails the build.

The whole site is the session's build of a fresh clone (``html_build``); the failures are shown
on a small site (``small_site``)."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, run_make
from small_site import build, project_around, small_site


def test_build_from_scratch_has_no_warning(html_build):
    assert not re.search(r"\b(WARNING|ERROR)\b", html_build.output), html_build.output[-3000:]
    assert (html_build.out / "html" / "index.html").is_file()


def test_every_page_is_built(html_build):
    out = html_build.out
    sources = {p.relative_to(ROOT / "docs").with_suffix("") for p in (ROOT / "docs").rglob("*.md")}
    built = {p.relative_to(out / "html").with_suffix("") for p in (out / "html").rglob("*.html")}
    assert sources <= built, f"not built: {sorted(map(str, sources - built))}"


@pytest.mark.slow
def test_a_warning_fails_make_html(tmp_path):
    site = small_site(tmp_path)
    page = site / "page.md"
    page.write_text(page.read_text() + "\nSee {term}`No such term`.\n")
    result = run_make(project_around(site), "html")
    assert result.returncode != 0
    assert re.search(r"page\.md:\d+: WARNING: term not in glossary", result.stdout), result.stdout[
        -2000:
    ]


def test_a_page_without_release_lines_stops_the_build_at_its_line(make_app, tmp_path):
    site = small_site(tmp_path)
    page = site / "page.md"
    page.write_text(page.read_text().replace('dirac: "*"', 'dirac: ">=12.0"', 1))
    built = build(make_app, site, "dummy")
    assert f"{page}:2: ERROR: dirac: '>=12.0' admits none of the known release lines" in (
        built.warnings
    ), built.warnings[-2000:]
