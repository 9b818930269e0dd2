"""What the browser tests check, as functions that raise ``SiteCheckError`` with the reason.

The tests run them against the built site, and against a deliberately broken copy of it to prove
that they catch what they are meant to catch.
"""

from __future__ import annotations

from urllib.parse import quote_plus

from kb import releases

#: How long a check waits for the page's JavaScript to show something (milliseconds). A check
#: that waits this long has failed: the wait never decides a pass.
WAIT_MS = 10_000
#: The wait of the tests that break a copy to see a check fail: each first shows the check
#: passing on the intact copy within it, so that the failure is the breakage, not the wait.
SHORT_WAIT_MS = 3_000
LINE = releases.preferred().name
#: One page of each kind, by its path inside a release line.
PAGES = {
    "landing": "index.html",
    "guide": "migration/proxy-init-to-login.html",
    "record-index": "records/index.html",
    "publications": "publications/index.html",
}


class SiteCheckError(AssertionError):
    pass


def search_results(
    page, base_url: str, query: str, line: str = LINE, wait_ms: int = WAIT_MS
) -> list[str]:
    """The pages the site's search lists for ``query``, best first, as paths in the line."""
    page.goto(f"{base_url}/{line}/search.html?q={quote_plus(query)}")
    try:
        page.wait_for_selector("#search-results .search-summary", timeout=wait_ms)
    except Exception as error:
        raise SiteCheckError(
            f"the search for {query!r} never finished: is {line}/searchindex.js loadable?"
        ) from error
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search > li > a", "links => links.map(a => a.getAttribute('href'))"
    )
    return [href.split("#")[0] for href in hrefs]


def check_search(
    page, base_url: str, query: str, expected: str, top: int = 3, wait_ms: int = WAIT_MS
) -> None:
    found = search_results(page, base_url, query, wait_ms=wait_ms)
    if expected not in found[:top]:
        raise SiteCheckError(
            f"searching {query!r} should list {expected} among the first {top} results; "
            f"it lists {found[:top] or 'nothing'}"
        )


def switch_line(
    page, base_url: str, path: str, target: str, line: str = LINE, wait_ms: int = WAIT_MS
) -> str:
    """Open ``path`` in ``line``, choose ``target`` in the version switcher; the new URL."""
    page.goto(f"{base_url}/{line}/{path}")
    button = page.locator(".version-switcher__button").first
    try:
        button.click(timeout=wait_ms)
        entry = page.locator(f'.version-switcher__menu [data-version="{target}"]').first
        with page.expect_navigation(timeout=wait_ms):
            entry.click(timeout=wait_ms)
    except Exception as error:
        raise SiteCheckError(
            f"the version switcher on {line}/{path} offers no working entry for {target}: "
            "is _static/switcher.json valid?"
        ) from error
    page.wait_for_load_state()
    landed = page.url.removeprefix(base_url)
    if not landed.startswith(f"/{target}/"):
        raise SiteCheckError(
            f"the version switcher on {line}/{path} sent the reader to {landed}, outside the "
            f"{target} line: check the entry's url in _static/switcher.json"
        )
    return landed
