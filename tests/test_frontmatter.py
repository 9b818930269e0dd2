"""Front matter and release-line specifiers: typed values, key lines, and clear errors."""

from __future__ import annotations

import pytest
from kb import releases
from kb.frontmatter import FrontMatterError, parse
from kb.pages import release_lines_of


def test_keys_keep_their_line_in_the_file():
    matter = parse('---\ndirac: ">=8.0"\nmigration:\n  from: "8.0"\n---\n# Title\n', "p.md")
    assert matter.data == {"dirac": ">=8.0", "migration": {"from": "8.0"}}
    assert matter.lines == {("dirac",): 2, ("migration",): 3, ("migration", "from"): 4}
    assert matter.line_of("migration.from.x") == 4
    assert matter.body_line == 6


def test_a_page_without_front_matter_has_none():
    assert parse("# Title\n", "p.md").data == {}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ndirac: [\n---\n", 2, "does not parse"),
        ("---\na: 1\nb: c: d\n---\n", 3, "mapping values are not allowed"),
        ("---\n- a\n- b\n---\n", 2, "must be a mapping"),
        ("---\ndirac: '*'\n", 1, "never closed"),
        ("---\ndirac: '*'\ndate: 2023-02-30\n---\n", 3, "'2023-02-30' is not a date"),
        ("---\ndirac: '*'\ndirac: '9.0'\n---\n", 3, "'dirac' appears twice"),
    ],
)
def test_unreadable_front_matter_names_file_and_line(text, line, words):
    with pytest.raises(FrontMatterError) as caught:
        parse(text, "docs/page.md")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"docs/page.md:{line}: ")
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("spec", "lines"),
    [
        ("*", ["7.3", "8.0", "9.0", "9.1"]),
        ("9.0", ["9.0"]),
        ("==9.1", ["9.1"]),
        (">=8.0", ["8.0", "9.0", "9.1"]),
        (">=8.0,<9.1", ["8.0", "9.0"]),
    ],
)
def test_specifiers_admit_the_right_lines(spec, lines):
    assert releases.resolve(spec) == lines


@pytest.mark.parametrize("spec", ["eight", ">=10.0", "~"])
def test_a_bad_specifier_says_how_to_write_one(spec):
    with pytest.raises(releases.ReleaseSpecError, match="7.3, 8.0, 9.0, 9.1"):
        releases.resolve(spec)


def test_the_dirac_key_is_required_and_located():
    matter = parse("---\ntitle: x\n---\n", "docs/p.md")
    with pytest.raises(FrontMatterError, match=r"^docs/p.md:1: .*no 'dirac:' key"):
        release_lines_of(matter)
    matter = parse("---\ntitle: x\ndirac: '>=12'\n---\n", "docs/p.md")
    with pytest.raises(FrontMatterError, match=r"^docs/p.md:3: dirac: '>=12' admits none"):
        release_lines_of(matter)


def test_exactly_one_line_is_preferred():
    assert [line.name for line in releases.lines() if line.preferred] == [releases.preferred().name]
