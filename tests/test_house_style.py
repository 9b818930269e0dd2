"""House-style rules that a machine can check in the prose of every page."""

from __future__ import annotations

import re

import pytest
from conftest import DOCS

#: Words that judge the reader's effort (docs/about/house-style.md, "Writing").
EFFORT_WORDS = re.compile(r"\b(simply|just|easily)\b", re.IGNORECASE)
#: The page that states the rule has to name the words.
STATES_THE_RULE = {"about/house-style.md"}
PAGES = sorted(
    p for p in DOCS.rglob("*.md") if p.relative_to(DOCS).as_posix() not in STATES_THE_RULE
)


def prose_lines(text: str):
    """(line number, line) outside fenced code blocks and inline code."""
    fence = None
    for number, line in enumerate(text.splitlines(), start=1):
        marker = re.match(r"^\s*(`{3,}|~{3,})", line)
        if marker:
            fence = None if fence and marker[1].startswith(fence) else fence or marker[1]
            continue
        if fence is None:
            yield number, re.sub(r"`[^`]*`", "", line)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_words_that_judge_the_readers_effort(page):
    found = [
        f"{page.relative_to(DOCS.parent)}:{number}: '{match[0]}'"
        for number, line in prose_lines(page.read_text(encoding="utf-8"))
        for match in EFFORT_WORDS.finditer(line)
    ]
    assert not found, "reword without these words: " + "; ".join(found)


def test_the_check_finds_a_judging_word():
    text = "Intro.\n\n```console\n$ just-a-command\n```\n\nThen simply run it.\n"
    assert [number for number, line in prose_lines(text) if EFFORT_WORDS.search(line)] == [7]
