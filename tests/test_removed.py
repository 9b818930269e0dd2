"""The removed-components data agrees with the inventory, and disagreement names file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_make
from kb.problems import ProblemError
from kb.removed import (
    Removed,
    checked_lines,
    load_entries,
    removed_by_line,
    uncovered_modules,
    validate,
)
from small_site import project_around, small_site

GONE = Removed(
    "9.0",
    "8.0.86",
    "9.0.28",
    ce_types=frozenset({"CREAM"}),
    commands=frozenset({"dirac-repo-monitor"}),
    modules=frozenset(
        {"DIRAC.Interfaces.API.JobRepository", "DIRAC.Resources.Cloud", "DIRAC.Resources.Cloud.EC2"}
    ),
)

DATA = """# header
[[removed]]
what = "CREAM"
gone_in = "9.0"
ce_types = ["CREAM"]
replacement = "none"
prs = [7036]
source = "release notes"

[[removed]]
what = "Job repository"
gone_in = "9.0"
commands = ["dirac-repo-monitor"]
modules = ["DIRAC.Interfaces.API.JobRepository"]
replacement = "none"
prs = [6452]
source = "release notes"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "removed.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_matching_data_is_accepted(tmp_path):
    path = write(tmp_path, DATA)
    validate(load_entries(path), {"9.0": GONE}, path)


def test_an_entry_for_something_not_removed_is_an_error_at_its_line(tmp_path):
    path = write(tmp_path, DATA.replace('["dirac-repo-monitor"]', '["dirac-wms-job-status"]'))
    with pytest.raises(ProblemError) as caught:
        validate(load_entries(path), {"9.0": GONE}, path)
    assert str(caught.value).startswith(
        f"{path}:10: commands: 'dirac-wms-job-status' is not removed"
    )


def test_a_removed_command_without_an_entry_is_an_error(tmp_path):
    path = write(tmp_path, DATA.split('\n[[removed]]\nwhat = "Job')[0])
    with pytest.raises(ProblemError, match="'dirac-repo-monitor' is in 8.0.86 but not in 9.0.28"):
        validate(load_entries(path), {"9.0": GONE}, path)


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("prs = [6452]", 'prs = ["#6452"]'), 16, "prs must be a list of PR numbers"),
        (("prs = [6452]\n", ""), 10, "the key 'prs' is missing"),
        (("prs = [6452]", 'prs = [6452]\nowner = "me"'), 17, "unknown key 'owner'"),
        (('ce_types = ["CREAM"]\n', ""), 2, "the entry names nothing removed"),
    ],
)
def test_malformed_entries_are_reported_at_their_line(tmp_path, change, line, words):
    path = write(tmp_path, DATA.replace(*change))
    with pytest.raises(ProblemError) as caught:
        load_entries(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert words in str(caught.value)


def test_a_package_entry_covers_its_modules_and_a_command_its_script_module(tmp_path):
    path = write(
        tmp_path, DATA.replace('"DIRAC.Interfaces.API.JobRepository"', '"DIRAC.Resources.Cloud"')
    )
    scripts = {"dirac-repo-monitor": "DIRAC.Interfaces.API.JobRepository"}
    assert uncovered_modules(load_entries(path), GONE, scripts) == []
    assert uncovered_modules(load_entries(path), GONE, {}) == ["DIRAC.Interfaces.API.JobRepository"]


def test_the_committed_data_agrees_with_the_inventory():
    removed = removed_by_line(checked_lines())
    assert {"ARC", "ARC6", "BOINC", "CREAM"} == removed["9.0"].ce_types
    validate(load_entries(), removed)


@pytest.mark.slow
def test_the_build_fails_at_the_line_of_an_entry_that_is_not_removed(tmp_path):
    project = project_around(small_site(tmp_path))
    page = project / "docs" / "page.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n```{removed-components} 9.0\n```\n")
    data = project / "conf" / "data" / "removed-in-9.toml"
    text = data.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    data.write_text(
        text + '\n[[removed]]\nwhat = "x"\ngone_in = "9.0"\ncommands = ["dirac-wms-job-status"]\n'
        'replacement = "none"\nprs = []\nsource = "test"\n',
        encoding="utf-8",
    )
    result = run_make(project, "html", BUILDDIR=str(tmp_path / "out"))
    assert result.returncode != 0
    assert f"removed-in-9.toml:{line}: ERROR: commands: 'dirac-wms-job-status' is not removed" in (
        result.stdout
    )
