"""The fresh clone that the README test and the session's builds use: the committed files, with
the working tree's uncommitted changes laid over them, and a virtualenv of its own."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from fresh_clone import clone, git


def test_a_clone_holds_the_working_tree_and_a_venv_of_its_own(tmp_path: Path):
    checkout = tmp_path / "checkout"
    (checkout / "docs").mkdir(parents=True)
    (checkout / ".gitignore").write_text("/.venv/\n/_build/\n")
    (checkout / "docs" / "kept.md").write_text("committed\n")
    (checkout / "docs" / "changed.md").write_text("committed\n")
    (checkout / "docs" / "deleted.md").write_text("committed\n")
    git("init", "-q", "-b", "main", cwd=checkout)
    git("add", ".", cwd=checkout)
    git("commit", "-q", "-m", "first", cwd=checkout)
    (checkout / "docs" / "changed.md").write_text("edited\n")
    (checkout / "docs" / "new.md").write_text("not added yet\n")
    (checkout / "docs" / "staged.md").write_text("added, not committed\n")
    git("add", "docs/staged.md", cwd=checkout)
    (checkout / "docs" / "deleted.md").unlink()
    (checkout / "_build").mkdir()
    (checkout / "_build" / "ignored.html").write_text("built\n")
    (checkout / ".venv" / "bin").mkdir(parents=True)

    copy = clone(checkout, tmp_path / "clone")

    docs = copy / "docs"
    assert sorted(p.name for p in docs.iterdir()) == [
        "changed.md",
        "kept.md",
        "new.md",
        "staged.md",
    ]
    assert (docs / "changed.md").read_text() == "edited\n"
    assert not (copy / "_build").exists()
    assert not (copy / ".venv").is_symlink()
    assert git("status", "--porcelain", "--untracked-files=all", cwd=copy) == ""
    assert git("log", "--format=%s", cwd=copy).splitlines()[1] == "first"


@pytest.fixture
def committed(tmp_path: Path) -> Path:
    """A checkout of one commit and no change."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "page.md").write_text("committed\n")
    git("init", "-q", "-b", "main", cwd=checkout)
    git("add", ".", cwd=checkout)
    git("commit", "-q", "-m", "only", cwd=checkout)
    return checkout


def test_a_clean_checkout_is_cloned_as_committed(committed: Path, tmp_path: Path):
    (committed / ".venv").mkdir()

    copy = clone(committed, tmp_path / "clone")

    assert git("log", "--format=%s", cwd=copy).splitlines() == ["only"]


def test_a_clone_reaches_the_tools_but_not_this_checkouts_kb(committed: Path, tmp_path: Path):
    """The clone's make must install the clone's kb: this checkout's must not be found first."""
    copy = clone(committed, tmp_path / "clone")

    probe = "import importlib.util, sphinx; print(importlib.util.find_spec('kb'))"
    found = subprocess.run(
        [copy / ".venv" / "bin" / "python", "-c", probe],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "None"
