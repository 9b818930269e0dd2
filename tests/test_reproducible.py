"""Two builds of the same commit publish byte-identical files.

The commit is built in two checkouts at different paths, into different output folders, and
every file of what is published (the versioned site: each release line, its subset fonts, the
switcher's JSON, the root page) is compared. Dates come from the commit (the pages' "last
updated") and from SOURCE_DATE_EPOCH (the copyright year), never from the clock, and every
generated index has a fixed order.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import run_make
from kb import releases

pytestmark = pytest.mark.slow

COMMIT_DATE = "2024-06-30T12:00:00+00:00"
SOURCE_DATE_EPOCH = "1893456000"  # 2030-01-01: a year no clock gives today


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


def published_files(out: Path) -> dict[str, bytes]:
    """Every file below ``out``: what make site leaves there is what gets published."""
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def test_two_builds_of_one_commit_are_byte_identical(project_copy, tmp_path):
    git("init", "-q", "-b", "main", cwd=project_copy)
    git("add", ".", cwd=project_copy)
    git("commit", "-q", "-m", "the commit both builds come from", cwd=project_copy)
    clone = tmp_path / "elsewhere" / "clone"
    git("clone", "-q", str(project_copy), str(clone), cwd=tmp_path)

    outputs = []
    for checkout, name in ((project_copy, "first"), (clone, "second")):
        result = run_make(
            checkout, "site", BUILDDIR=str(tmp_path / name), SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH
        )
        assert result.returncode == 0, result.stdout[-3000:]
        outputs.append(published_files(tmp_path / name / "site"))
    first, second = outputs

    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"these files differ between the two builds: {differing}"
    fonts = [name for name in first if name.endswith(".woff2")]
    assert len(fonts) >= 3 * len(releases.line_names()), fonts  # three subset fonts a line
    index = first[f"{releases.preferred().name}/index.html"].decode()
    assert "2023–2030" in index, "the copyright year does not come from SOURCE_DATE_EPOCH"
    assert "2024-06-30" in index, "the last-updated date does not come from the commit"
