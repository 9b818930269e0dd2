"""The configuration reference and the option changes, generated per line from the inventory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docutils import nodes
from kb.config_reference import describe, option_changes
from kb.examples.inventory import load

SITE_DIRECTOR = "WorkloadManagement/Agents/SiteDirector"


def test_option_changes_between_80_and_90_from_the_committed_inventory():
    found = option_changes(load("8.0.86"), load("9.0.28"))
    assert "WorkloadManagement/Agents/CloudDirector" in found["removed"]
    changed = {
        name: (added, removed, defaults) for name, added, removed, defaults in found["changed"]
    }
    assert "AddPilotsToEmptySites" in changed[SITE_DIRECTOR][1]
    assert not set(found["added"]) & set(found["removed"])
    assert all(not name.startswith("every ") for name in found["added"] + found["removed"])


def test_switches_quoted_words_and_option_names_in_a_description_are_code():
    parts = describe(
        "Submit with --pythonVersion=3 unless `Python2` or MaxCycles says otherwise",
        ["MaxCycles", "VO"],
    )
    code = [part.astext() for part in parts if isinstance(part, nodes.literal)]
    assert code == ["--pythonVersion=3", "Python2", "MaxCycles"]
    assert "".join(part.astext() for part in parts) == (
        "Submit with --pythonVersion=3 unless Python2 or MaxCycles says otherwise"
    )


@pytest.fixture(scope="module")
def built_site(site_build) -> Path:
    assert not re.search(r"\bWARNING\b", site_build.output), site_build.output[-4000:]
    return site_build.out / "site"


def component_html(page: str, name: str) -> str:
    """The HTML of one component's part of the configuration reference."""
    start = page.index(f'<code class="docutils literal notranslate"><span class="pre">{name}')
    end = page.find("/Systems/", start + len(name) + 80)
    return page[start:end]


@pytest.mark.slow
def test_every_line_lists_its_components_options_as_code(built_site):
    pages = {
        line: (built_site / line / "reference" / "configuration.html").read_text()
        for line in ("7.3", "8.0", "9.0", "9.1")
    }
    option = '<code class="docutils literal notranslate"><span class="pre">AddPilotsToEmptySites'
    assert option in component_html(pages["8.0"], f"/Systems/{SITE_DIRECTOR}")
    assert "addpilotstoemptysit" in (built_site / "8.0" / "searchindex.js").read_text()
    assert "AddPilotsToEmptySites" not in pages["9.0"]
    for line, page in pages.items():
        rows = re.findall(r"<tr class=\"row-(?:odd|even)\"><td><p>(.*?)</p></td>", page)
        body_rows = [row for row in rows if row != "Option"]
        assert len(body_rows) > 300, line
        assert all(row.startswith("<code") for row in body_rows), line


@pytest.mark.slow
def test_every_component_has_an_index_entry(built_site):
    index = (built_site / "9.1" / "genindex.html").read_text()
    # Sphinx files "SiteDirector (...)" under the glossary's SiteDirector: look for the links
    assert 'configuration.html#workloadmanagement-agents-sitedirector">' in index
    assert 'configuration.html#workloadmanagement-services-jobmanager">' in index
    assert "JobManager (WorkloadManagement service)" in index


@pytest.mark.slow
def test_the_90_changes_list_removed_options(built_site):
    changes = (built_site / "9.0" / "reference" / "changes.html").read_text()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", changes))
    part = text[text.index("Options changed") :]
    row = part[part.index(SITE_DIRECTOR) :][:2000]
    assert "AddPilotsToEmptySites" in row
    assert "WorkloadManagement/Agents/CloudDirector" in text[text.index("Components removed") :]
