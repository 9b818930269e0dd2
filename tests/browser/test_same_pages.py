"""The accessibility audit skips a page only when it is the same as one it audits."""

from __future__ import annotations

from pathlib import Path

from .same_pages import distinct_pages, line_neutral

HEAD = """<script src="../_static/documentation_options.js?v={digest}"></script>
<script>DOCUMENTATION_OPTIONS.theme_switcher_version_match = '{line}';</script>
<link rel="canonical" href="https://example.org/kb/{line}/about/page.html" />
<meta name="docsearch:version" content="{line}" />
"""


def page(line: str, body: str = "<p>the same text</p>") -> str:
    digest = {"7.3": "3ad2025c", "8.0": "caec6deb", "9.1": "6e94e9f2"}[line]
    return HEAD.format(line=line, digest=digest) + body


def test_the_four_places_that_name_the_line_are_made_neutral():
    assert line_neutral(page("8.0"), "8.0") == line_neutral(page("9.1"), "9.1")
    assert "8.0" not in line_neutral(page("8.0"), "8.0")


def test_the_line_named_in_the_text_keeps_the_pages_apart():
    removed = "<p>what {} removed</p>"
    first = line_neutral(page("8.0", removed.format("8.0")), "8.0")
    second = line_neutral(page("9.1", removed.format("9.1")), "9.1")
    assert first != second


def build(site: Path, line: str, pages: dict[str, str], css: str = "body {}") -> None:
    for name, body in pages.items():
        path = site / line / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(line, body))
    (site / line / "_static").mkdir(exist_ok=True)
    (site / line / "_static" / "documentation_options.js").write_text(f"VERSION: '{line}',")
    (site / line / "_static" / "kb.css").write_text(css)


PAGES = {"index.html": "<p>home</p>", "a.html": "<p>a</p>", "b.html": "<p>b</p>"}
ALL = [f"{line}/{name}" for line in ("8.0", "9.1") for name in PAGES]


def test_each_distinct_page_is_audited_once_and_every_landing_page(tmp_path):
    build(tmp_path, "8.0", {**PAGES, "b.html": "<p>b in 8.0</p>"})
    build(tmp_path, "9.1", PAGES)
    assert distinct_pages(tmp_path, ALL, "9.1") == [
        "8.0/index.html",
        "8.0/b.html",
        "9.1/index.html",
        "9.1/a.html",
        "9.1/b.html",
    ]


def test_lines_whose_assets_differ_are_audited_whole(tmp_path):
    build(tmp_path, "8.0", PAGES, css="body { color: #777 }")
    build(tmp_path, "9.1", PAGES)
    assert distinct_pages(tmp_path, ALL, "9.1") == ALL


BANNER = """<div class="kb-eol-banner" role="note">
  <p>DIRAC 7.3 has reached its end of life; the current line is 9.1.{link}</p>
</div>
"""
LINK = ' <a href="../../9.1/a.html">Read this page for DIRAC 9.1</a>.'


def test_an_end_of_life_banner_is_compared_as_absent_and_nothing_else():
    plain = line_neutral(page("9.1"), "9.1")
    for link in (LINK, ""):
        assert (
            line_neutral(page("7.3", BANNER.format(link=link) + "<p>the same text</p>"), "7.3")
            == plain
        )
    other_line = BANNER.replace("DIRAC 7.3", "DIRAC 8.0").format(link=LINK)
    changed_text = BANNER.replace("end of life", "end").format(link=LINK)
    for banner in (other_line, changed_text):
        assert line_neutral(page("7.3", banner + "<p>the same text</p>"), "7.3") != plain
