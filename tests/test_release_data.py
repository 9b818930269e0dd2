"""Yanked DIRAC releases and DiracX releases: validated data that the release timeline shows."""

from __future__ import annotations

import pytest
from kb import releases
from kb.problems import ProblemError
from kb.records.views import release_timeline
from kb.releases import check_releases

ENTRY = """
[[yanked]]
version = "9.1.0"
date = 2026-02-24
reason = "Buggy, use 9.1.2"
source = "pip"
"""


def test_the_yanked_releases_pip_reports_are_known():
    known = releases.yanked()
    assert known["9.1.0"].reason == known["9.1.1"].reason == "Buggy, use 9.1.2"
    assert known["9.1.5"].reason == "Buggy"


def test_no_checked_version_is_yanked():
    check_releases()


def test_checking_a_yanked_version_is_an_error(tmp_path):
    data = tmp_path / "yanked.toml"
    newest = releases.preferred().newest
    data.write_text(ENTRY.replace("9.1.0", newest), encoding="utf-8")
    with pytest.raises(ProblemError, match=f"checks {newest}, which is yanked"):
        check_releases(data)


def test_an_entry_without_its_reason_is_refused(tmp_path):
    data = tmp_path / "yanked.toml"
    data.write_text(ENTRY.replace('reason = "Buggy, use 9.1.2"\n', ""), encoding="utf-8")
    with pytest.raises(ProblemError, match=f"^{data}:2: the key 'reason' is missing"):
        releases.yanked(data)


def test_the_timeline_shows_diracx_and_yanked_releases_in_date_order():
    rows = release_timeline([], {})[0].rows
    assert rows == sorted(rows)
    by_release = {row[1]: row for row in rows}
    assert by_release["DiracX 0.0.1"][0] == "2025-10-22"
    assert by_release["DiracX 0.7.0"][0] == "2026-10-27"
    assert by_release["9.1.1"][2] == "yanked on PyPI: Buggy, use 9.1.2"
    assert all(row[3] for row in rows), "every row names its source"
