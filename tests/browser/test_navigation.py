"""Readers' paths through the site in Chromium: search, the version switcher, tabs, the copy
button, the light and dark themes, and the reading comforts (404, sitemap, redirects' data,
last-updated dates, edit link, print stylesheet)."""

from __future__ import annotations

import json
import re

import pytest

from .site_checks import LINE, PAGES, SHORT_WAIT_MS, SiteCheckError, check_search, switch_line

pytestmark = pytest.mark.slow

GUIDE = PAGES["guide"]

#: What an administrator types, and the page that must come among the first three results.
SEARCHES = [
    ("dirac-login lifetime", "migration/proxy-init-to-login.html"),
    ("CloudCE flavor", "migration/vmdirac-to-cloudce.html"),
    ("consortium members", "records/members/index.html"),
    ("NoSetup", "migration/setup-removal.html"),
    ("Tsaregorodtsev 2008", "publications/by-year.html"),
]


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_search_finds_the_page_among_the_first_three(page, server, query, expected):
    check_search(page, server.url, query, expected)


def a_fresh_page(open_context):
    """A page of a new browser profile: nothing of the intact copy in its cache."""
    context, _ = open_context()
    return context.new_page()


def test_a_broken_search_index_is_caught(open_context, broken_copy):
    copy, served = broken_copy
    check_search(a_fresh_page(open_context), served.url, *SEARCHES[0], wait_ms=SHORT_WAIT_MS)
    (copy / LINE / "searchindex.js").write_text("Search.setIndex({broken")
    with pytest.raises(SiteCheckError, match="never finished"):
        check_search(a_fresh_page(open_context), served.url, *SEARCHES[0], wait_ms=SHORT_WAIT_MS)


def test_the_switcher_keeps_the_page_in_another_line(page, server):
    assert switch_line(page, server.url, GUIDE, "8.0") == f"/8.0/{GUIDE}"


def test_the_switcher_goes_home_where_the_page_does_not_exist(page, server, built_site):
    assert not (built_site / "7.3" / "reference" / "changes.html").exists()
    assert switch_line(page, server.url, "reference/changes.html", "7.3") == "/7.3/"


@pytest.mark.parametrize("breakage", ["not JSON", json.dumps([{"name": "8.0", "version": "8.0"}])])
def test_a_broken_switcher_json_is_caught(open_context, broken_copy, breakage):
    copy, served = broken_copy
    switch_line(a_fresh_page(open_context), served.url, GUIDE, "8.0", wait_ms=SHORT_WAIT_MS)
    (copy / LINE / "_static" / "switcher.json").write_text(breakage)
    with pytest.raises(SiteCheckError, match="version switcher"):
        switch_line(a_fresh_page(open_context), served.url, GUIDE, "8.0", wait_ms=SHORT_WAIT_MS)


def test_before_and_after_tabs_switch(page, server):
    page.goto(f"{server.url}/{LINE}/{GUIDE}")
    tab_set = page.locator(".sd-tab-set").first
    labels, panels = tab_set.locator("> label"), tab_set.locator("> .sd-tab-content")
    assert labels.count() >= 2
    assert panels.nth(0).is_visible() and not panels.nth(1).is_visible()
    labels.nth(1).click()
    assert panels.nth(1).is_visible() and not panels.nth(0).is_visible()


def test_the_copy_button_copies_commands_without_prompts(open_context, server):
    context, _ = open_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{server.url}/{LINE}/{GUIDE}")
    block = page.locator("div.highlight-console").first
    shown = block.locator("pre").inner_text()
    commands = [line[2:] for line in shown.splitlines() if line.startswith("$ ")]
    assert commands, shown
    block.hover()
    block.locator("button.copybtn").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.splitlines() == commands
    assert "$ " not in copied


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_both_themes_render(open_context, server, mode):
    context, _ = open_context(color_scheme=mode)
    page = context.new_page()
    page.goto(f"{server.url}/{LINE}/{GUIDE}")
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(part) for part in re.findall(r"\d+", background)[:3])
    assert (red + green + blue > 3 * 128) == (mode == "light"), background
    assert page.locator("article h1").first.is_visible()


def test_missing_pages_get_the_404_page_with_its_styles(page, server):
    response = page.goto(f"{server.url}/{LINE}/migration/no/such/page.html")
    assert response.status == 404
    assert page.locator("h1").first.inner_text() == "Page not found"
    # The theme's stylesheet applies at any depth: the header bar is laid out, not bare links.
    assert page.evaluate("getComputedStyle(document.querySelector('.bd-header')).display") == "flex"
    page.get_by_role("link", name="home page").click()
    assert page.url == f"{server.url}/{LINE}/index.html"


def test_the_sitemap_lists_the_line_with_dates(server, built_site):
    sitemap = (built_site / LINE / "sitemap.xml").read_text()
    assert f"/{LINE}/{GUIDE}</loc><lastmod>" in sitemap
    # Whole file names: the OpenSearch guide's name ends in "search.html" too.
    assert f"/{LINE}/404.html<" not in sitemap and f"/{LINE}/search.html<" not in sitemap


def test_a_guide_shows_its_date_and_an_edit_link(page, server):
    page.goto(f"{server.url}/{LINE}/{GUIDE}")
    assert re.search(r"Last updated on \d{4}-\d{2}-\d{2}", page.inner_text(".bd-article-container"))
    edit = page.locator(".editthispage a").first
    assert edit.get_attribute("href") == (
        "https://github.com/DIRACGrid/dirac-knowledge-base/edit/main/docs/"
        + GUIDE.replace(".html", ".md")
    )


def test_print_shows_the_article_without_the_site_chrome(page, server):
    page.goto(f"{server.url}/{LINE}/{GUIDE}")
    page.emulate_media(media="print")
    hidden = [
        ".bd-header",
        ".bd-sidebar-primary",
        ".bd-sidebar-secondary",
        ".editthispage",
        "button.copybtn",
        ".prev-next-area",
    ]
    for selector in hidden:
        shown = page.locator(selector).evaluate_all(
            "nodes => nodes.filter(n => getComputedStyle(n).display !== 'none').length"
        )
        assert shown == 0, f"{selector} is printed"
    assert page.locator("article h1").first.is_visible()
    assert page.locator(".sd-tab-content").evaluate_all(
        "nodes => nodes.every(n => getComputedStyle(n).display !== 'none')"
    ), "print shows every tab, not only the chosen one"
