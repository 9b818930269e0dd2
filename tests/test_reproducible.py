"""Two builds of the same commit publish byte-identical files.

The first build is the session's ``make site`` in the fresh clone; the second is ``make site``
in a clone of that clone, at another path, typed the same way. Every file of the versioned site
is compared: each release line, its subset fonts, the switcher's JSON, the root page. Dates come
from the commit (the pages' "last updated") and from SOURCE_DATE_EPOCH (the copyright year),
never from the clock, and every generated index has a fixed order: the second test shows the
dates' sources on a small site, where the commit date and SOURCE_DATE_EPOCH can be chosen.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import run_make
from fresh_clone import Checkout, clone
from kb import releases
from small_site import project_around, small_site

COMMIT_DATE = "2024-06-30T12:00:00+00:00"
SOURCE_DATE_EPOCH = "1893456000"  # 2030-01-01: a year no clock gives today


def published_files(out: Path) -> dict[str, bytes]:
    """Every file below ``out``, by its path relative to ``out``."""
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_two_builds_of_one_commit_are_byte_identical(fresh_checkout, request, tmp_path):
    # kb ready in its virtualenv: the first clone's `make` has shown that pip installs it.
    second = Checkout(clone(fresh_checkout.path, tmp_path / "elsewhere" / "dirac-kb", with_kb=True))
    run = second.run("make site")  # first, beside the session's build rather than after it
    assert run.returncode == 0, run.output[-3000:]
    site_build = request.getfixturevalue("site_build")
    with fresh_checkout.lock:  # make publish adds the PDFs (pdf/) to the first clone's site
        first = {
            name: content
            for name, content in published_files(site_build.out / "site").items()
            if not name.startswith("pdf/")
        }
    second_files = published_files(second.path / "_build" / "site")

    assert sorted(first) == sorted(second_files)
    differing = [name for name in first if first[name] != second_files[name]]
    assert not differing, f"these files differ between the two builds: {differing}"
    fonts = [name for name in first if name.endswith(".woff2")]
    assert len(fonts) >= 3 * len(releases.line_names()), fonts  # three subset fonts a line


def git(*args: str, cwd: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "KB test",
        "GIT_AUTHOR_EMAIL": "kb-test@example.org",
        "GIT_COMMITTER_NAME": "KB test",
        "GIT_COMMITTER_EMAIL": "kb-test@example.org",
        "GIT_AUTHOR_DATE": COMMIT_DATE,
        "GIT_COMMITTER_DATE": COMMIT_DATE,
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_dates_come_from_the_commit_and_source_date_epoch(tmp_path):
    project = project_around(small_site(tmp_path))
    git("init", "-q", "-b", "main", cwd=project)
    git("add", ".", cwd=project)
    git("commit", "-q", "-m", "the commit the build comes from", cwd=project)

    result = run_make(project, "html", SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)

    assert result.returncode == 0, result.stdout[-3000:]
    index = (project / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert "2023–2030" in index, "the copyright year does not come from SOURCE_DATE_EPOCH"
    assert "2024-06-30" in index, "the last-updated date does not come from the commit"
