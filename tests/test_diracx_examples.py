"""The DiracX example checks: ``dirac ...`` command lines, DiracX configuration in YAML, and
comment lines in console blocks.

The pages are tests/fixtures/examples/diracx-*.md and root-prompt.md, checked against the
hand-made inventories in tests/fixtures/examples/inventory/ (diracx-0.7.0.json is a cut-down
copy of the real one).
"""

from __future__ import annotations

import pytest
from kb.examples import diracx, shell
from kb.examples.check import Context, examples
from kb.examples.inventory import load_diracx
from kb.examples.summary import Tally
from sybil.example import SybilFailure
from test_example_checker import FIXTURES, VERSIONS, failures

DIRACX = {"7.3": (), "8.0": (), "9.0": ("0.7.0",), "9.1": ("0.7.0",)}


def fixture_context() -> Context:
    return Context(FIXTURES / "inventory", VERSIONS.__getitem__, Tally(), DIRACX.__getitem__)


def results(page: str) -> list[str]:
    """The failure text of every block of one fixture page (an empty string for a pass)."""
    return failures(page, fixture_context())


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "diracx-unknown-subcommand.md",
            "diracx-unknown-subcommand.md:5: dirac jobs has no sub-command 'srch' in DiracX "
            "0.7.0; did you mean 'search'? (it has: search, submit)",
        ),
        (
            "diracx-unknown-option.md",
            "diracx-unknown-option.md:5: dirac login has no option --grup in DiracX 0.7.0; "
            "did you mean '--group'?",
        ),
        (
            "diracx-missing-argument.md",
            "diracx-missing-argument.md:5: dirac jobs submit needs the argument JDL in "
            "DiracX 0.7.0",
        ),
        (
            "diracx-bad-key.md",
            "diracx-bad-key.md:9: /Registry/lhcb: 'Groupz' is not a key of the DiracX 0.7.0 "
            "configuration; did you mean 'Groups'?",
        ),
        (
            "diracx-before-9.md",
            "diracx-before-9.md:5: 'dirac' is the DiracX command, which DIRAC 8.0 does not install",
        ),
        (
            "root-prompt.md",
            "root-prompt.md:6: dirac-login has no switch --lifetme in DIRAC 9.0.28",
        ),
    ],
)
def test_wrong_diracx_example_fails_with_its_message(page, expected):
    (result,) = results(page)
    assert expected in result


def test_one_message_for_the_two_lines_that_share_a_diracx_version():
    (result,) = results("diracx-unknown-option.md")
    assert result.count("has no option") == 1


def test_a_comment_line_is_not_reported_as_a_command():
    (result,) = results("root-prompt.md")
    assert "this" not in result and "matches" not in result
    assert len(result.splitlines()) == 1


def test_correct_diracx_examples_pass_and_are_counted():
    context = fixture_context()
    assert failures("diracx-good.md", context) == ["", "", ""]
    assert context.tally.diracx_versions == {"0.7.0": 2}  # the skipped block is not counted
    assert "blocks checked per DiracX version:" in context.tally.lines()


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (
            '---\ndirac: "9.0"\n---\n% diracx: 0.4.0\n```console\n$ dirac whoami\n```\n',
            "no inventory for DiracX 0.4.0",
        ),
        (
            '---\ndirac: "9.0"\ndiracx: ">=1.0"\n---\n```console\n$ dirac whoami\n```\n',
            "'>=1.0' admits none of the DiracX versions",
        ),
        (
            '---\ndirac: "9.0"\n---\n% diracx: latest\n```console\n$ dirac whoami\n```\n',
            "'latest' is neither a DiracX version",
        ),
        (
            '---\ndirac: "9.0"\n---\n% schema: diracx\n```yaml\nDIRAC: {}\n```\n',
            "'% schema: diracx' is not known",
        ),
    ],
    ids=[
        "version without inventory",
        "specifier admits nothing",
        "not a specifier",
        "unknown schema",
    ],
)
def test_bad_diracx_annotation_is_an_error(tmp_path, page, message):
    (tmp_path / "page.md").write_text(page)
    (example,) = examples(tmp_path, fixture_context())
    with pytest.raises(SybilFailure, match=message):
        example.evaluate()


def test_a_section_given_a_value_is_an_error():
    inventory = load_diracx("0.7.0", FIXTURES / "inventory")
    ((line, message),) = diracx.check_config("DIRAC: {}\nRegistry:\n  lhcb: 3\n", inventory)
    assert line == 3
    assert "/Registry/lhcb must be a section" in message


@pytest.mark.parametrize(
    "arguments",
    ["--help", "login --help", "jobs search --page=2 --no-all", "login", "logout"],
)
def test_command_lines_click_accepts(arguments):
    inventory = load_diracx("0.7.0", FIXTURES / "inventory")
    assert diracx.check_command(arguments.split(), inventory) == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("jobs search --page two", "'two' is not a valid integer"),
        ("jobs search --all=yes", "does not take a value"),
        ("login lhcb extra", "unexpected extra argument (extra)"),
        ("lgin", "dirac has no sub-command 'lgin' in DiracX 0.7.0; did you mean 'login'?"),
    ],
)
def test_command_lines_click_refuses(arguments, message):
    inventory = load_diracx("0.7.0", FIXTURES / "inventory")
    (problem,) = diracx.check_command(arguments.split(), inventory)
    assert message in problem


@pytest.mark.parametrize(
    ("line", "commands"),
    [
        ("# this matches all types", []),
        ("# dirac-login -T 12", [["dirac-login", "-T", "12"]]),
        ("# X=1 dirac login", [["dirac", "login"]]),
        ("#", []),
    ],
)
def test_root_prompt_only_before_a_known_command(line, commands):
    known = {"dirac-login", "dirac"}.__contains__
    parsed = shell.parse(line + "\n", 1, console=True, is_command=known)
    assert [command.argv for command in parsed] == commands
