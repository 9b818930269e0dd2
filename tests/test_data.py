"""The data files of conf/data/: one line locator, JSON Schema validation, file:line errors."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT
from kb import data
from kb.examples import formats
from kb.problems import Problem, ProblemError

TOML = """\
# comment [not a table]
title = "a [bracket] in a string"
[site]
base_url = "/"
"quoted key" = 1

[[line]]
name = "8.0"
checked = [
  "8.0.86",
  "8.0.7",
]
[[line.extra]]
note = '''
text = "not a key"
'''
[[line]]
name = "9.0"
"""


def test_the_locator_finds_tables_array_elements_and_keys():
    lines = data.toml_lines(TOML)
    assert lines[("title",)] == 2
    assert lines[("site", "quoted key")] == 5
    assert lines[("line", 0)] == 7
    assert lines[("line", 0, "checked")] == 9
    assert lines[("line", 0, "extra", 0, "note")] == 14
    assert lines[("line", 1, "name")] == 18
    assert ("line", 0, "extra", 0, "text") not in lines
    assert data.line_of(lines, ("line", 0, "checked", 1)) == 9
    assert data.line_of(lines, ("nowhere",)) == 1


def test_a_problem_reads_as_file_line_message_and_hint():
    problem = Problem("f.toml", 3, "status 'x' is not one of a, b", "pick one")
    assert str(problem) == "f.toml:3: status 'x' is not one of a, b; pick one"
    error = ProblemError([problem, Problem("f.toml", 5, "second")])
    assert str(error).splitlines() == [str(problem), "f.toml:5: second"]
    assert (error.line, error.message) == (3, "status 'x' is not one of a, b; pick one")


@pytest.mark.parametrize("path", data.data_files(), ids=lambda path: path.name)
def test_every_data_file_meets_its_schema(path):
    assert data.check(path) == []


def test_every_data_file_has_a_schema():
    names = {path.name for path in data.data_files()}
    assert {"releases.toml", "yanked.toml", "linkcheck.toml", "DIRAC-9.0.28.json"} <= names
    assert all((data.SCHEMAS / f"{data.schema_name(name)}.schema.json").exists() for name in names)


def test_schema_findings_name_the_key_line_and_fix(tmp_path):
    path = tmp_path / "yanked.toml"
    path.write_text('[[yanked]]\nversion = "9.1.0"\ndate = "soon"\nreason = "x"\nsource = "y"\n')
    problem = data.check(path)[0]
    assert (problem.line, problem.hint) == (3, "write a TOML date such as 2026-02-24")
    assert "'soon' is not a 'date'" in problem.message


def test_the_check_command_reports_file_and_line_without_a_traceback(tmp_path):
    path = tmp_path / "redirects.toml"
    path.write_text('[moved]\n"old/page" = 3\n')
    result = subprocess.run(
        [sys.executable, "-m", "kb.data", "check", str(path)],
        cwd=ROOT / "conf",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"{path}:2: old/page must be string, not 3; name the new page")
    assert "Traceback" not in result.stderr


def test_a_build_logs_each_problem_once(tmp_path):
    class Logger:
        def __init__(self):
            self.errors = []

        def error(self, text, location):
            self.errors.append(f"{location}: {text}")

    logger, problem = Logger(), Problem(tmp_path / "x.toml", 4, "wrong", "fix it")
    ProblemError(problem).log(logger)
    ProblemError([problem, Problem(tmp_path / "x.toml", 5, "also wrong")]).log(logger)
    assert logger.errors == [str(problem), f"{tmp_path / 'x.toml'}:5: also wrong"]


def test_a_toml_syntax_error_is_located_alike_in_data_files_and_examples(tmp_path):
    text = 'a = 1\n[table]\nb = "open\n'
    path = tmp_path / "yanked.toml"
    path.write_text(text)
    assert [problem.line for problem in data.check(path)] == [3]
    line, message = formats.check_toml(text)
    assert (line, message.startswith("invalid TOML")) == (3, True)


def test_a_rebuild_validates_only_the_data_files_that_changed(tmp_path, monkeypatch):
    good, bad = tmp_path / "redirects.toml", tmp_path / "yanked.toml"
    good.write_text('[moved]\n"old/page" = "new/page"\n')
    bad.write_text("[moved]\n")  # not a key of yanked.toml
    record = tmp_path / "doctrees" / data.CHECKED
    first = data.check_changed([good, bad], record)
    assert [problem.path for problem in first] == [bad]

    checked = []
    monkeypatch.setattr(data, "check", lambda path: checked.append(path) or [])
    assert data.check_changed([good, bad], record) == []
    assert checked == [bad], "a clean file is not validated again; a bad one always is"

    checked.clear()
    good.write_text('[moved]\n"old/page" = "other/page"\n')
    data.check_changed([good, bad], record)
    assert checked == [good], "the bad file, now clean, was recorded; the changed one is not"
