"""The icon fonts are trimmed to the icons the site uses, and keep every one of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pydata_sphinx_theme
import pytest
from fontTools.ttLib import TTFont
from kb.fonts import css_char, icon_table, subset_cached, subset_font, used_code_points

THEME_FONTS = (
    Path(pydata_sphinx_theme.__file__).parent
    / "theme/pydata_sphinx_theme/static/vendor/fontawesome/webfonts"
)
CSS = '.fa-house,.fa-home{--fa:"\\f015"}.fa-a{--fa:"A"}.fa-0{--fa:"\\30 "}.fa-bell{--fa:"\\f0f3"}'


@pytest.mark.parametrize(
    ("text", "point"), [("\\f015", 0xF015), ("A", 65), ("\\30 ", 48), ("\\!", 33)]
)
def test_css_values_become_code_points(text, point):
    assert css_char(text) == point


def test_the_icon_table_knows_aliases():
    assert icon_table(CSS) == {
        "fa-house": 0xF015,
        "fa-home": 0xF015,
        "fa-a": 65,
        "fa-0": 48,
        "fa-bell": 0xF0F3,
    }


def test_only_icons_in_pages_scripts_and_other_rules_are_kept(tmp_path):
    (tmp_path / "page.html").write_text('<i class="fa-solid fa-house"></i>')
    (tmp_path / "app.js").write_text('icon.className = "fa-solid fa-a";')
    (tmp_path / "theme.css").write_text(CSS + '.note:after{content:"\uf05a"}.x{content:"\\f062"}')
    assert used_code_points(tmp_path, CSS) == {0xF015, 65, 0xF05A, 0xF062}


def test_an_icon_name_counts_only_at_the_start_of_a_word(tmp_path):
    (tmp_path / "page.html").write_text(
        '<i class="fa-house"></i> sofa-a x_fa-bell é fa-0 <b>fa-a</b>'
    )
    assert used_code_points(tmp_path, CSS) == {0xF015, 48, 65}


def test_a_rebuild_reads_only_the_files_that_changed(tmp_path):
    page, other = tmp_path / "page.html", tmp_path / "other.html"
    page.write_text('<i class="fa-solid fa-house"></i>')
    other.write_text('<i class="fa-solid fa-a"></i>')
    seen: dict = {}
    assert used_code_points(tmp_path, CSS, seen) == {0xF015, 65}
    recorded = seen[str(other)]
    seen[str(other)] = [*recorded[:2], ["fa-bell"]]  # what it named, as far as a rebuild knows
    assert used_code_points(tmp_path, CSS, seen) == {0xF015, 0xF0F3}, (
        "an unchanged file is not read"
    )
    other.write_text('<i class="fa-solid fa-0"></i> and more')
    page.unlink()
    assert used_code_points(tmp_path, CSS, seen) == {48}
    assert list(seen) == [str(other)], "a removed file is forgotten"


def test_a_subset_font_is_small_and_keeps_the_icons(tmp_path):
    font = tmp_path / "fa-solid-900.woff2"
    shutil.copy(THEME_FONTS / font.name, font)
    before = font.stat().st_size
    subset_font(font, {0xF015, 0xF002})
    assert font.stat().st_size < before / 10
    assert {0xF015, 0xF002} <= set(TTFont(font).getBestCmap())


def test_a_subset_font_has_the_same_bytes_whenever_it_is_made(tmp_path, monkeypatch):
    made = []
    for clock in (1_000_000_000, 2_000_000_000):  # 2001 and 2033: the clock must not show
        monkeypatch.setattr("time.time", lambda clock=clock: clock)
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        font = tmp_path / str(clock) / "fa-solid-900.woff2"
        font.parent.mkdir()
        shutil.copy(THEME_FONTS / font.name, font)
        subset_font(font, {0xF015, 0xF002})
        made.append(font.read_bytes())
    assert made[0] == made[1]


def test_a_subset_made_once_is_copied_the_next_time(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    made = []
    for build in ("first", "second"):
        font = tmp_path / build / "fa-solid-900.woff2"
        font.parent.mkdir()
        shutil.copy(THEME_FONTS / font.name, font)
        subset_cached(font, {0xF015, 0xF002}, cache)
        made.append(font.read_bytes())
        monkeypatch.setattr("kb.fonts.subset_font", lambda *args: pytest.fail("made again"))
    assert made[0] == made[1]
    assert len(made[0]) < (THEME_FONTS / "fa-solid-900.woff2").stat().st_size / 10
    font = tmp_path / "third.woff2"
    shutil.copy(THEME_FONTS / "fa-solid-900.woff2", font)
    with pytest.raises(pytest.fail.Exception, match="made again"):
        subset_cached(font, {0xF015}, cache)  # other code points: a subset of its own
