"""The moved-pages data: entries become sphinx-reredirects' mapping; wrong ones name their line."""

from __future__ import annotations

from pathlib import Path

import pytest
from kb.redirects import DATA, RedirectError, check, load, redirects_for


def write(tmp_path, body: str):
    path = tmp_path / "redirects.toml"
    path.write_text("# moved pages\n\n[moved]\n" + body)
    return path


FIXTURE = Path(__file__).parents[1] / "fixtures" / "redirects" / "moved.toml"
DOCS = DATA.parents[2] / "docs"


def test_the_project_data_is_valid():
    check(load(DATA), DOCS, DATA)


def test_a_table_of_valid_moves_passes_and_maps_every_entry():
    moves = load(FIXTURE)
    check(moves, DOCS, FIXTURE)
    assert redirects_for(moves, left_out=set()) == {
        "migration/proxy-to-login": "/migration/proxy-init-to-login.html",
        "guides/no-setup": "/migration/setup-removal.html",
        "reference/terms": "/reference/glossary.html",
    }


def test_an_entry_becomes_an_absolute_target(tmp_path):
    moves = load(write(tmp_path, '"old/page" = "migration/setup-removal"\n'))
    assert redirects_for(moves, left_out=set()) == {"old/page": "/migration/setup-removal.html"}
    assert redirects_for(moves, left_out={"migration/setup-removal"}) == {}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('"old/page" = "migration/no-such-guide"', "does not exist"),
        ('"migration/setup-removal" = "migration/comdirac"', "still exists"),
        ('"old/page" = 3', "must name the new page"),
        ('"old/page" = ', "not valid TOML"),
    ],
)
def test_a_wrong_entry_names_its_file_and_line(tmp_path, entry, message):
    path = write(tmp_path, entry + "\n")
    with pytest.raises(RedirectError, match=message) as caught:
        check(load(path), DATA.parents[2] / "docs", path)
    assert caught.value.location == f"{path}:4"
