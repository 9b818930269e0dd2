"""Property-based tests: whatever an author types, the parsers answer or say what is wrong.

The front-matter reader, the record loader and the shell-line parser of the example checks
face hand-written text.  For any input they must return a result or raise their own error,
whose message names the line; any other exception would reach the author as a traceback.
"""

from __future__ import annotations

import re
import sys

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from kb.examples import shell
from kb.frontmatter import FrontMatterError, parse, values
from kb.problems import ProblemError
from kb.records.load import load

# As many examples as the profile says (tests/conftest.py): 300, or 100 in make test-fast.
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The keys of pages and records.
FRONT_MATTER_KEYS = [
    "record",
    "dirac",
    "diracx",
    "date",
    "status",
    "decided-at",
    "reported-at",
    "actions",
    "owner",
    "sources",
    "number",
    "decisions",
    "migration",
    "from",
    "to",
]
# Pieces of YAML that authors get wrong: indentation, flow collections, dates, quotes, tags,
# anchors, tabs, and the keys of pages and records.
YAML_PIECES = st.sampled_from(
    [
        *FRONT_MATTER_KEYS,
        "x",
        "1",
        ":",
        ": ",
        "- ",
        "  ",
        "\t",
        "\n",
        "[",
        "]",
        "{",
        "}",
        ",",
        "'",
        '"',
        "#",
        "&a ",
        "*a",
        "!!binary ",
        "!!python/object ",
        "!!timestamp ",
        "? ",
        "|",
        ">",
        "---",
        "...",
        "2023-02-30",
        "2023-13-01",
        "2023-02-27",
        "2014-02-24-board",
        "decision",
        "minutes",
        ">=8.0",
        "*",
        "~",
        "null",
        "yes",
        "1e400",
        "0x1F",
        "é",
        "\u2028",
    ]
)
YAML_TEXT = st.lists(YAML_PIECES, max_size=40).map("".join)
# Well-formed YAML with any shape of value under the keys pages and records use.
KEYS = st.sampled_from(FRONT_MATTER_KEYS)
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.dates()
    | st.text(max_size=12)
    | st.sampled_from(["decision", "minutes", "*", ">=8.0", "open"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=12,
)
YAML_DOCUMENT = st.dictionaries(KEYS, VALUES, max_size=8).map(
    lambda data: front_matter(yaml.safe_dump(data, allow_unicode=True))
)
LOCATED = re.compile(r"^.+:\d+: \S")


def front_matter(body: str) -> str:
    return f"---\n{body}\n---\n\n# Title\n"


def assert_located(error: Exception) -> None:
    assert LOCATED.match(str(error)), f"the message names no file and line: {error}"


@SETTINGS
@given(
    st.one_of(
        st.text(), YAML_TEXT.map(front_matter), YAML_TEXT.map(lambda t: "---\n" + t), YAML_DOCUMENT
    )
)
@example(front_matter("!!timestamp"))  # a tag its value does not fit
def test_front_matter_gives_values_or_a_located_error(text):
    try:
        matter = parse(text, "docs/page.md")
    except FrontMatterError as error:
        assert_located(error)
        return
    assert isinstance(matter.data, dict)
    assert all(line >= 1 for line in matter.lines.values())
    assert values(text) == matter.data  # the fast reader of the build agrees


def test_front_matter_nested_past_the_recursion_limit_is_a_located_error():
    """PyYAML's composer takes two frames a level: nesting as deep as Python's recursion limit
    runs out of stack (its scanner's time grows with the square of the depth: no deeper)."""
    text = front_matter("a: " + "[" * sys.getrecursionlimit())
    located = r"^docs/page\.md:2: .* nests brackets .* too deeply"
    with pytest.raises(FrontMatterError, match=located):
        parse(text, "docs/page.md")


RECORD_PLACES = st.sampled_from(
    [
        "records/decisions/dr-0009-x",
        "records/minutes/2023/2023-02-27-board",
        "records/members/cern",
        "records/nothing/here",
        "records/events/2024-chep",
    ]
)


@SETTINGS
@given(st.one_of(st.text(), YAML_TEXT.map(front_matter), YAML_DOCUMENT), RECORD_PLACES)
def test_a_record_loads_or_reports_located_problems(text, docname):
    record, problems = load(text, f"docs/{docname}.md", docname)
    for problem in problems:
        assert problem.line >= 1
        assert_located(problem)
    assert record is not None or problems


SHELL_PIECES = st.sampled_from(
    [
        "$ ",
        "# ",
        "> ",
        "dirac-login",
        "dirac-proxy-info",
        " ",
        "-g ",
        "<group>",
        "'",
        '"',
        "\\",
        "\n",
        "|",
        "||",
        "&&",
        ";",
        "&",
        "(",
        ")",
        "$(",
        "`",
        "<<EOF\n",
        "EOF",
        "<<-'END'\n",
        "END",
        ">",
        ">>",
        "2>&1",
        "<",
        "X=1 ",
        "if ",
        "then ",
        "fi",
        "for i in a b; do ",
        "done",
        "case x in",
        "esac",
        "{",
        "}",
        "#",
        "é",
        "\t",
    ]
)
SHELL_TEXT = st.one_of(st.text(), st.lists(SHELL_PIECES, max_size=40).map("".join))


@SETTINGS
@given(SHELL_TEXT, st.booleans(), st.integers(min_value=1, max_value=10_000))
def test_a_shell_block_splits_into_commands_or_a_located_error(text, console, first_line):
    try:
        commands = shell.parse(text, first_line, console=console)
    except ProblemError as error:
        assert first_line <= error.line < first_line + max(1, len(text.splitlines()))
        assert error.message
        return
    last_line = first_line + max(0, len(text.splitlines()) - 1)
    for command in commands:
        assert command.argv and all(isinstance(word, str) for word in command.argv)
        assert first_line <= command.line <= last_line
