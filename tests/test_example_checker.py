"""The example checks themselves: deliberately wrong pages fail with the right message,
a page of correct examples passes, and the shell-line parser splits commands as a shell would.

The pages are tests/fixtures/examples/*.md; they are checked against the small hand-made
inventories in tests/fixtures/examples/inventory/, one version per release line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from kb.examples import cfg, python_check, shell
from kb.examples.check import Context, examples
from kb.examples.summary import Tally
from kb.problems import ProblemError
from sybil.example import SybilFailure

FIXTURES = Path(__file__).parent / "fixtures" / "examples"
VERSIONS = {"7.3": ("7.3.38",), "8.0": ("8.0.86",), "9.0": ("9.0.28",), "9.1": ("9.1.22",)}


def fixture_context() -> Context:
    return Context(FIXTURES / "inventory", lambda line: VERSIONS[line], Tally())


def failures(page: str, context: Context | None = None, folder: Path = FIXTURES) -> list[str]:
    """The failure text of every block of one fixture page (empty strings for passes)."""
    found = []
    for example in examples(folder, context or fixture_context()):
        if example.path != str(folder / page):
            continue
        try:
            example.evaluate()
            found.append("")
        except SybilFailure as failure:
            found.append(failure.result)
    assert found, f"no code block found in {page}"
    return found


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "unknown-switch.md",
            "unknown-switch.md:5: dirac-login has no switch --lifetme in DIRAC 9.0.28; "
            "did you mean '--lifetime'?",
        ),
        (
            "absent-command.md",
            "absent-command.md:5: command 'dirac-login' does not exist in DIRAC 7.3.38",
        ),
        (
            "removed-switch.md",
            "removed-switch.md:5: dirac-proxy-init has no switch -j in DIRAC 8.0.86, 9.0.28, "
            "9.1.22",
        ),
        (
            "missing-value.md",
            "missing-value.md:5: dirac-login: switch -T needs a value in DIRAC 9.1.22",
        ),
        (
            "unknown-command.md",
            "'dsl' is neither a DIRAC command nor an allowed tool; did you mean 'dls'?",
        ),
        (
            "extra-positional.md",
            "dirac-configure takes at most 1 argument(s) ([cfgfile]), the example gives 2",
        ),
        (
            "cloudce-key.md",
            "cloudce-key.md:10: 'Context_ProxyLifetime' is not a CloudCE option in DIRAC 8.0.86, "
            "9.0.28, 9.1.22; did you mean 'Context_MaxLifetime'?",
        ),
        (
            "setup-path.md",
            "setup-path.md:7: /DIRAC/Setups: there are no Setups in DIRAC 9.0.28, 9.1.22",
        ),
        (
            "setup-path.md",
            "setup-path.md:19: /Systems/WorkloadManagement/Production: there are no system "
            "instances in DIRAC 9.0.28, 9.1.22",
        ),
        (
            "bad-cetype.md",
            "bad-cetype.md:5: CEType 'HTCondor' does not exist in DIRAC 9.0.28; "
            "did you mean 'HTCondorCE'?",
        ),
        (
            "removed-module.md",
            "removed-module.md:5: module DIRAC.Resources.Cloud.EndpointFactory does not exist "
            "in DIRAC 9.0.28",
        ),
        (
            "bad-cfg.md",
            "bad-cfg.md:5: invalid CFG: The cfg file seems to open more sections than it closes",
        ),
        ("python-syntax.md", "python-syntax.md:5: Python syntax error: '(' was never closed"),
        ("bad-yaml.md", "bad-yaml.md:6: invalid YAML"),
        ("no-language.md", "no-language.md:4: the code block has no language"),
        ("skip-no-reason.md", "skip-no-reason.md:5: '% skip:' needs a reason"),
        ("no-front-matter.md", "no-front-matter.md:1: the page has no 'dirac:' front matter"),
    ],
)
def test_wrong_example_fails_with_its_message(page, expected):
    (result,) = failures(page)
    assert expected in result


def test_versions_where_the_example_is_right_are_not_blamed():
    (result,) = failures("removed-switch.md")
    assert "7.3.38" not in result  # -j still existed there
    (result,) = failures("setup-path.md")
    assert "8.0.86" not in result  # Setups are valid before 9.0


def test_correct_examples_pass_and_are_counted():
    context = fixture_context()
    assert set(failures("good.md", context)) == {""}
    assert context.tally.languages["console"] == 2  # the skipped console block is not counted
    assert context.tally.skips == [
        ("tests/fixtures/examples/good.md:95", "needs a running DIRAC server")
    ]
    assert (
        context.tally.versions["8.0.86"] > context.tally.versions["9.1.22"]
    )  # the % dirac: 8.0 block


def test_block_override_replaces_page_releases(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('---\ndirac: ">=9.0"\n---\n% dirac: 8.0\n```console\n$ dinit\n```\n')
    (example,) = examples(tmp_path, fixture_context())
    example.evaluate()  # dinit exists in 8.0 only: the page's ">=9.0" would fail


@pytest.mark.parametrize(
    "arguments",
    ["-T 12", "-T12", "--lifetime=12", "--lifetime 12", "--life 12", "dirac_user -T 12", "-dd"],
)
def test_switch_spellings_dirac_getopt_accepts(tmp_path, arguments):
    page = tmp_path / "page.md"
    page.write_text(f'---\ndirac: "9.0"\n---\n```console\n$ dirac-login {arguments}\n```\n')
    (example,) = examples(tmp_path, fixture_context())
    example.evaluate()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("--nocs=yes", "switch --nocs takes no value"),
        ("-X", "has no switch -X"),
        ("--l 1", "not a unique prefix"),
    ],
)
def test_switch_spellings_dirac_getopt_refuses(tmp_path, arguments, message):
    page = tmp_path / "page.md"
    page.write_text(f'---\ndirac: "9.0"\n---\n```console\n$ dirac-login {arguments}\n```\n')
    (example,) = examples(tmp_path, fixture_context())
    with pytest.raises(SybilFailure, match=message):
        example.evaluate()


def test_fences_inside_a_code_block_are_not_blocks(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('---\ndirac: "*"\n---\n````markdown\n```console\n$ nope\n```\n````\n')
    (example,) = examples(tmp_path, fixture_context())
    assert example.parsed.language == "markdown"


def test_blocks_inside_directives_are_found(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('---\ndirac: "*"\n---\n````{note}\n```json\n{}\n```\n````\n')
    (example,) = examples(tmp_path, fixture_context())
    assert (example.parsed.language, example.parsed.line) == ("json", 5)


# The shell-line parser


def argvs(text: str, console: bool = True) -> list[list[str]]:
    return [command.argv for command in shell.parse(text, 1, console=console)]


def test_console_prompts_and_output():
    text = "$ dls /vo\n/vo/user\n# systemctl restart x\n$ # only a comment\n# a comment\n"
    parsed = shell.parse(text, 1, console=True, is_command={"systemctl"}.__contains__)
    assert [command.argv for command in parsed] == [["dls", "/vo"], ["systemctl", "restart", "x"]]


def test_shell_script_lines_are_all_commands_and_hash_is_a_comment():
    assert argvs("dls /vo\n# dget x\ndget y  # trailing\n", console=False) == [
        ["dls", "/vo"],
        ["dget", "y"],
    ]


def test_operators_split_commands():
    assert argvs("$ a x && b || c; d | e & f\n") == [["a", "x"], ["b"], ["c"], ["d"], ["e"], ["f"]]


def test_assignments_are_not_the_command():
    (command,) = shell.parse("$ X=1 Y='a b' dirac-login -T 12\n", 1, console=True)
    assert command.assignments == ["X=1", "Y=a b"]
    assert command.argv == ["dirac-login", "-T", "12"]


def test_export_is_a_command_with_its_assignment_as_argument():
    assert argvs('$ export X="a b"\n') == [["export", "X=a b"]]


def test_quotes_keep_words_together():
    assert argvs("$ dsub -J 'my job.jdl' \"x y\"\n") == [["dsub", "-J", "my job.jdl", "x y"]]


def test_backslash_continuation_with_and_without_prompt():
    (command,) = shell.parse("$ dls -l \\\n>   /vo/a \\\n  /vo/b\nout\n", 3, console=True)
    assert (command.line, command.argv) == (3, ["dls", "-l", "/vo/a", "/vo/b"])


def test_redirections_are_not_arguments():
    assert argvs("$ dls /vo > out 2>&1\n") == [["dls", "/vo"]]


def test_placeholders_are_words_not_redirections():
    assert argvs("$ dirac-login <group> -T <hours> < in > out\n") == [
        ["dirac-login", "<group>", "-T", "<hours>"]
    ]


def test_command_substitution_is_its_own_command():
    assert argvs("$ dget $(dls -l) x\n") == [["dls", "-l"], ["dget", "$(...)", "x"]]


def test_here_document_body_is_not_commands():
    assert argvs("cat <<EOF > f\nnot-a-command\nEOF\ndls\n", console=False) == [["cat"], ["dls"]]


def test_loop_keywords_are_not_commands():
    assert argvs("for j in 1 2; do dstat $j; done\n", console=False) == [["dstat", "$j"]]


def test_unclosed_quote_names_its_line():
    with pytest.raises(ProblemError, match="No closing quotation") as error:
        shell.parse("$ ls\n$ echo 'oops\n", 10, console=True)
    assert error.value.line == 11


# The CFG outline


def test_cfg_outline_gives_lines_of_sections_and_options():
    root = cfg.parse("A\n{\n  B = 1\n  C {\n    D = 2\n    D += 3\n  }\n}\n", 20)
    assert root.children["A"].line == 20
    assert root.children["A"].options["B"] == ("1", 22)
    assert root.children["A"].children["C"].options["D"] == ("3", 25)


def test_cfg_stray_word_is_refused():
    with pytest.raises(ProblemError, match="'...' is neither an option") as error:
        cfg.parse("A\n{\n  ...\n}\n", 1)
    assert error.value.line == 3


def test_cfg_append_to_unset_option_is_refused_as_diraccfg_does():
    with pytest.raises(ProblemError, match="Option D has not been declared") as error:
        cfg.parse("A\n{\n  D += 2\n}\n", 1)
    assert error.value.line == 3


def test_cfg_extra_closing_brace_is_located():
    with pytest.raises(ProblemError, match="close more sections") as error:
        cfg.parse("A = 1\n}\n", 1)
    assert error.value.line == 2


VMDIRAC_SITE = """```cfg
CLOUD.Example.org
{{
  Cloud
  {{
    cloud.example.org
    {{
      CEType = {endpoint}
    }}
  }}
  CEs
  {{
    cloud.example.org
    {{
      CEType = {ce}
    }}
  }}
}}
```
"""


def test_cetype_of_a_vmdirac_endpoint_is_not_a_ce_type(tmp_path):
    body = VMDIRAC_SITE.format(endpoint="OpenStack", ce="Cloud")
    page_example(tmp_path, "8.0", body).evaluate()


def test_cetype_under_ces_is_still_checked_next_to_an_endpoint(tmp_path):
    body = VMDIRAC_SITE.format(endpoint="OpenStack", ce="OpenStack")
    with pytest.raises(SybilFailure, match="page.md:18: CEType 'OpenStack' does not exist"):
        page_example(tmp_path, "8.0", body).evaluate()


def page_example(tmp_path: Path, releases: str, body: str, context: Context | None = None):
    """The one example of a page written for the test."""
    (tmp_path / "page.md").write_text(f'---\ndirac: "{releases}"\n---\n{body}')
    (example,) = examples(tmp_path, context or fixture_context())
    return example


def test_version_specifier_selects_checked_versions(tmp_path):
    body = "% dirac: >=8.0.14,<9.1\n```console\n$ dinit\n```\n"
    example = page_example(tmp_path, "*", body)
    with pytest.raises(SybilFailure, match="'dinit' does not exist in DIRAC 9.0.28") as failure:
        example.evaluate()
    assert "8.0.86" not in failure.value.result and "9.1.22" not in failure.value.result


def test_argument_outside_declared_values_is_reported(tmp_path):
    example = page_example(tmp_path, "9.0", "```console\n$ dirac-admin-get-site-mask Bnned\n```\n")
    with pytest.raises(SybilFailure, match="not one of the values Status accepts .*'Banned'"):
        example.evaluate()


def test_unknown_release_line_is_reported(tmp_path):
    example = page_example(tmp_path, ">=10.0", "```console\n$ dls\n```\n")
    with pytest.raises(SybilFailure, match="page.md:4: '>=10.0' admits none of the known"):
        example.evaluate()


def test_missing_inventory_names_the_file_to_generate(tmp_path):
    context = Context(tmp_path / "no-inventory", lambda line: VERSIONS[line], Tally())
    example = page_example(tmp_path, "9.0", "```console\n$ dls\n```\n", context)
    with pytest.raises(SybilFailure, match="no inventory for DIRAC 9.0.28: .*DIRAC-9.0.28.json"):
        example.evaluate()


def test_failing_python_run_is_reported(tmp_path):
    example = page_example(tmp_path, "*", "```python\nimport json\njson.loads('{')\n```\n")
    with pytest.raises(
        SybilFailure, match="running the block failed: json.decoder.JSONDecodeError"
    ):
        example.evaluate()


def test_python_importing_network_modules_is_not_run():
    assert not python_check.runnable(ast.parse("import urllib.request"))
    assert python_check.runnable(ast.parse("import json"))


def test_summary_lists_versions_in_version_order_and_skips():
    tally = Tally()
    tally.checked("console", ["8.0.7", "8.0.14", "8.0.14"])
    tally.skips.append(("docs/a.md:3", "needs a server"))
    assert tally.lines() == [
        "blocks checked per language:",
        "  console: 1",
        "blocks checked per DIRAC version:",
        "  8.0.7: 1",
        "  8.0.14: 2",
        "blocks skipped: 1",
        "  docs/a.md:3: needs a server",
    ]
