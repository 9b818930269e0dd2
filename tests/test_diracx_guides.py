"""The DiracX guides: their place on the upgrade path, their versions per step, their sources."""

from __future__ import annotations

import re

import pytest
from conftest import DOCS
from kb.upgrade_path import load_guides, plan

GUIDES = ("deploy-diracx", "services-to-diracx", "diracx-command-line")
VERSION = re.compile(r"\b\d+\.\d+(\.\d+)?\b")


def text_of(name: str) -> str:
    return (DOCS / "migration" / f"{name}.md").read_text(encoding="utf-8")


def first_paragraph_of_each_step(text: str) -> dict[str, str]:
    """``### N. Title`` → the first paragraph under it."""
    steps = {}
    for match in re.finditer(r"^### (\d+\. [^\n]+)\n\n(.+?)(?:\n\n|\Z)", text, re.M | re.S):
        steps[match[1]] = match[2]
    return steps


def test_diracx_is_deployed_after_the_setup_removal_and_before_the_other_9_0_guides():
    guides = load_guides(DOCS / "migration")
    order = [g.path.stem for g in plan(guides, "8.0", "9.0")]
    others = [
        g.path.stem
        for g in guides
        if (g.start, g.end) == ("8.0", "9.0")
        and g.path.stem not in ("setup-removal", "deploy-diracx")
    ]
    assert others, "no other 8.0 to 9.0 guide to compare with"
    assert order.index("setup-removal") < order.index("deploy-diracx")
    assert all(order.index("deploy-diracx") < order.index(name) for name in others)


def test_the_services_and_command_line_guides_are_on_the_way_to_9_0():
    order = [g.path.stem for g in plan(load_guides(DOCS / "migration"), "8.0", "9.0")]
    assert order.index("deploy-diracx") < order.index("services-to-diracx")
    assert "diracx-command-line" in order


@pytest.mark.parametrize("name", GUIDES)
def test_every_step_says_which_versions_it_is_for(name):
    steps = first_paragraph_of_each_step(text_of(name))
    assert steps, f"{name} has no '### N. Title' steps"
    unversioned = [title for title, paragraph in steps.items() if not VERSION.search(paragraph)]
    assert unversioned == []


@pytest.mark.parametrize("name", GUIDES)
def test_each_guide_ends_with_its_sources(name):
    text = text_of(name)
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[-1] == "Sources"
    sources = text[text.rindex("## Sources") :]
    assert re.search(r"github\.com/DIRACGrid/(DIRAC|diracx)/(pull|issues)/\d+", sources) or (
        "wheel" in sources
    )
    assert re.search(r"(src/DIRAC|diracx)/[\w/]+\.py", sources), "no module path in the sources"
