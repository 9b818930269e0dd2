"""The versioned site: one build per release line, a switcher that agrees with the data, pages
left out of the lines they do not concern, an end-of-life banner and per-line references."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_make
from kb import releases, site
from small_site import project_around, small_site


@pytest.fixture(scope="module")
def built_site(site_build) -> Path:
    assert not re.search(r"\bWARNING\b", site_build.output), site_build.output[-4000:]
    return site_build.out / "site"


def text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text()))


def test_every_line_is_built(built_site):
    for line in releases.line_names():
        assert (built_site / line / "index.html").is_file()


def test_the_switcher_agrees_with_the_data(built_site):
    entries = json.loads((built_site / site.SWITCHER).read_text())
    lines = releases.lines()
    assert [entry["version"] for entry in entries] == [line.name for line in reversed(lines)]
    assert [entry["version"] for entry in entries if entry.get("preferred")] == [
        releases.preferred().name
    ]
    for entry in entries:
        assert entry["url"] == f"{releases.site_base_url()}{entry['version']}/"
        copy = built_site / entry["version"] / "_static" / site.SWITCHER
        assert json.loads(copy.read_text()) == entries
        page = (built_site / entry["version"] / "index.html").read_text()
        assert f"theme_switcher_version_match = '{entry['version']}'" in page


def test_the_root_page_sends_readers_to_the_preferred_line(built_site):
    preferred = releases.preferred().name
    root = (built_site / "index.html").read_text()
    assert f'content="0; url={preferred}/index.html"' in root
    assert f'href="{preferred}/index.html"' in root


def test_end_of_life_lines_carry_a_banner_and_others_do_not(built_site):
    for line in releases.lines():
        page = (built_site / line.name / "reference" / "glossary.html").read_text()
        assert ("kb-eol-banner" in page) == (line.status == "end-of-life"), line.name
    eol = next(line for line in releases.lines() if line.status == "end-of-life")
    page = (built_site / eol.name / "reference" / "glossary.html").read_text()
    preferred = releases.preferred().name
    assert f'href="../../{preferred}/reference/glossary.html"' in page


def test_the_73_command_reference_has_no_dirac_login(built_site):
    reference = text(built_site / "7.3" / "reference" / "commands.html")
    assert "dirac-proxy-init" in reference
    assert "dirac-login" not in reference
    assert "dirac-login" in text(built_site / "9.1" / "reference" / "commands.html")


def test_the_90_changes_list_the_vm_scripts_as_removed(built_site):
    changes = text(built_site / "9.0" / "reference" / "changes.html")
    removed = changes[changes.index("Commands removed") : changes.index("Switches changed")]
    vm_scripts = re.findall(r"dirac-vm-[a-z-]+", removed)
    assert vm_scripts, removed[:500]
    assert "dinit" in removed
    assert not (built_site / "7.3" / "reference" / "changes.html").exists()


@pytest.mark.slow
def test_a_page_for_80_only_is_left_out_of_91_and_linked_there(tmp_path):
    project = project_around(small_site(tmp_path))
    docs = project / "docs"
    (docs / "only-80.md").write_text(
        '---\ndirac: "==8.0"\n---\n\n# Only on 8.0\n\n## Detail\n\nText.\n'
    )
    index = docs / "index.md"
    index.write_text(index.read_text().replace("page\n", "page\nonly-80\n", 1))
    page = docs / "page.md"
    page.write_text(page.read_text() + "\nSee [the 8.0 page](only-80.md#detail).\n")
    out = tmp_path / "out"
    result = run_make(project, "site", BUILDDIR=str(out), LINES="8.0 9.1")
    assert result.returncode == 0, result.stdout[-3000:]
    assert (out / "site" / "8.0" / "only-80.html").is_file()
    assert not (out / "site" / "9.1" / "only-80.html").exists()
    page_91 = (out / "site" / "9.1" / "page.html").read_text()
    assert 'href="../8.0/only-80.html#detail"' in page_91


def test_citation_lists_hold_list_items(built_site):
    for line in releases.line_names():
        for name in ("by-year", "by-topic"):
            html = (built_site / line / "publications" / f"{name}.html").read_text()
            assert 'role="list" class="citation-list"' in html
            assert 'role="doc-biblioentry"' not in html, f"{line}/publications/{name}.html"
            assert 'class="citation" id="' in html and 'role="listitem"' in html
