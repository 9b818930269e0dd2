"""Cited entries are formatted again only when what goes into them changed."""

from __future__ import annotations

import pybtex.style.formatting
from small_site import build, small_site


def counted_formatting(monkeypatch) -> list[str]:
    """The keys pybtex formats from now on."""
    formatted: list[str] = []
    original = pybtex.style.formatting.BaseStyle.format_entry

    def counting(self, label, entry, *args, **kwargs):
        formatted.append(entry.key)
        return original(self, label, entry, *args, **kwargs)

    monkeypatch.setattr(pybtex.style.formatting.BaseStyle, "format_entry", counting)
    return formatted


def test_a_rebuild_formats_no_entry_again_and_writes_the_same_page(make_app, tmp_path, monkeypatch):
    site = small_site(tmp_path)
    page = (build(make_app, site).out / "page.html").read_text()
    formatted = counted_formatting(monkeypatch)

    (site / "index.md").touch()
    (site / "page.md").touch()  # the page that cites and lists the entry is read again
    again = build(make_app, site)

    assert formatted == []
    assert (again.out / "page.html").read_text() == page


def test_a_changed_entry_is_formatted_again(make_app, tmp_path, monkeypatch):
    site = small_site(tmp_path)
    build(make_app, site)
    formatted = counted_formatting(monkeypatch)

    bib = site / "refs.bib"
    bib.write_text(bib.read_text().replace("{A first paper}", "{A renamed paper}"))
    (site / "page.md").touch()
    again = build(make_app, site)

    assert "tsaregorodtsev1999first" in formatted
    assert "A renamed paper" in (again.out / "page.html").read_text()
