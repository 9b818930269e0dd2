"""Redirects of moved pages (conf/data/redirects.toml): each entry checked at its line."""

from __future__ import annotations

import pytest
from kb import paths
from kb.problems import ProblemError
from kb.redirects import DATA, check, load, redirects_for

ENTRIES = '# moved pages\n[moved]\n"old/page" = "new/page.md"\n"gone" = "new/page"\n'


@pytest.fixture
def docs(tmp_path):
    (tmp_path / "docs" / "new").mkdir(parents=True)
    (tmp_path / "docs" / "new" / "page.md").write_text("# New\n")
    return tmp_path / "docs"


def write(tmp_path, text):
    path = tmp_path / "redirects.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_entries_keep_their_line_and_lose_the_md_suffix(tmp_path, docs):
    moves = load(write(tmp_path, ENTRIES))
    assert [(m.old, m.new, m.line) for m in moves] == [
        ("old/page", "new/page", 3),
        ("gone", "new/page", 4),
    ]
    check(moves, docs)
    assert redirects_for(moves, {"new/page"}) == {}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (ENTRIES.replace('"new/page"\n', "4\n"), 4, "gone must be string, not 4"),
        (ENTRIES.replace("[moved]", "[moves]"), 2, "unknown key 'moves'"),
        (ENTRIES.replace('"gone" =', '"new/page" ='), 4, "still exists"),
        (ENTRIES.replace('= "new/page"\n', '= "newer"\n'), 4, "docs/newer.md does not exist"),
    ],
)
def test_a_wrong_entry_is_reported_at_its_line(tmp_path, docs, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(ProblemError) as caught:
        check(load(path), docs, path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert words in str(caught.value)


def test_the_project_redirects_point_at_existing_pages():
    check(load(DATA), paths.DOCS)


def test_a_table_of_valid_moves_passes_and_maps_every_entry():
    """The project's table is empty until a page moves: a fixture of real moves keeps this
    test meaningful."""
    fixture = paths.ROOT / "tests" / "fixtures" / "redirects" / "moved.toml"
    moves = load(fixture)
    check(moves, paths.DOCS, fixture)
    assert redirects_for(moves, left_out=set()) == {
        "migration/proxy-to-login": "/migration/proxy-init-to-login.html",
        "guides/no-setup": "/migration/setup-removal.html",
        "reference/terms": "/reference/glossary.html",
    }


@pytest.mark.parametrize("text", ['"old/page" = ', '[moved]\n"old/page" = '])
def test_a_file_that_is_not_toml_is_reported_at_its_line(tmp_path, text):
    path = write(tmp_path, "# moved pages\n" + text + "\n")
    with pytest.raises(ProblemError) as caught:
        load(path)
    assert str(caught.value).startswith(f"{path}:")
