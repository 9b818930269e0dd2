"""A switch written in prose stops the build: the smart quotes would turn ``--x`` into a dash."""

from __future__ import annotations

import pytest
from kb import markdown_checks
from myst_parser.config.main import MdParserConfig

MYST = MdParserConfig(
    enable_extensions={"colon_fence", "deflist", "fieldlist", "substitution", "attrs_inline"}
)


def flagged(text: str, tmp_path) -> list[tuple[int, str]]:
    """(line, message) of every switch-in-prose problem of ``text``."""
    page = markdown_checks.Page(tmp_path / "page.md", tmp_path)
    return [
        (problem.line, problem.message)
        for problem in markdown_checks.problems(text, MYST, page)
        if "written as prose" in problem.message
    ]


@pytest.mark.parametrize(
    ("markdown", "line", "switch"),
    [
        ("Log in with --lifetime 12.\n", 3, "--lifetime"),
        ("# Use --token\n", 3, "--token"),
        ("| Old | New |\n| --- | --- |\n| -v | --valid=HH:MM |\n", 5, "--valid"),
        ("- first\n- then add --nocs\n", 4, "--nocs"),
        ("A first line,\nthen `code`,\nthen ---strict.\n", 5, "---strict"),
        ("Code over `two\nlines` and then --status.\n", 4, "--status"),
        (":::{note}\nAdd --use-diracas.\n:::\n", 4, "--use-diracas"),
        ("See [the --proxy switch](https://example.org/login).\n", 3, "--proxy"),
        ('(--out), or "--key".\n', 3, "--out"),
        ("::::{tab-set}\n:::{tab-item} After (--token)\nText.\n:::\n::::\n", 4, "--token"),
        (":::{note} Use --nocs\nText.\n:::\n", 3, "--nocs"),
    ],
)
def test_a_switch_in_prose_is_found_at_its_line_with_the_fix(markdown, line, switch, tmp_path):
    found = flagged("# Page\n\n" + markdown, tmp_path)
    assert (
        line,
        f"the switch {switch!r} is written as prose, where the hyphens become a "
        f"dash; write it as code: `{switch}`",
    ) in found, found


@pytest.mark.parametrize(
    "markdown",
    [
        "Run `dirac-login --lifetime 12`.\n",
        "```console\n$ dirac-login --token\n```\n",
        "~~~console\n$ dirac-login --nocs\n~~~\n",
        "A pause -- then more, or a dash---like this.\n",
        "The range 8.0.0--8.0.13, and the pair foo--bar.\n",
        "| A | B |\n| --- | :---: |\n| x | y |\n",
        "Before.\n\n---\n\nAfter a rule.\n",
        "% dirac: --not-a-switch in a comment\nText.\n",
        "<https://example.org/a/--b>\n",
        "The address https://example.org/--c is in the text.\n",
        "[a link](https://example.org/--d)\n",
        "Use {command}`dirac-login --status`.\n",
        "````{code-block} console\n$ dirac-login --proxy\n````\n",
        ":::{note} Run `dirac-login --status`\nText.\n:::\n",
    ],
)
def test_code_urls_dashes_and_rules_are_not_switches(markdown, tmp_path):
    assert flagged("# Page\n\n" + markdown, tmp_path) == []


def test_front_matter_is_not_prose(tmp_path):
    text = '---\ndirac: "*"\nsummary: --x\n---\n\n# Page\n'
    assert flagged(text, tmp_path) == []
