"""The page-weight report of a first visit to each kind of page, and the guide's budget."""

from __future__ import annotations

import json

import pytest

from .conftest import VIEWPORT, Visit, artifacts_dir, guard
from .page_weight import KIB, kind_of, weigh, write_report
from .site_checks import LINE, PAGES

#: A guide must stay under this, compressed, on a first visit (issue 8).
GUIDE_BUDGET = 200 * KIB
KINDS_OF_PAGE = {
    **PAGES,
    "record": "records/members/cern.html",
    "search": "search.html?q=dirac-login",
}


def test_resources_are_sorted_by_kind():
    assert kind_of("text/html; charset=utf-8", "/a/b.html") == "html"
    assert kind_of("application/javascript", "/x.js?digest=1") == "js"
    assert kind_of("application/octet-stream", "/f/fa-solid-900.woff2") == "font"
    assert kind_of("image/svg+xml", "/logo.svg") == "image"
    assert kind_of("application/json", "/switcher.json") == "other"


@pytest.fixture(scope="module")
def report(browser, server) -> dict:
    """The report, weighed once for the tests that read it; each page in a fresh profile."""
    weights = []
    for name, path in KINDS_OF_PAGE.items():
        context = browser.new_context(viewport=VIEWPORT)
        visit = Visit()
        guard(context, visit)
        try:
            weights.append(weigh(context.new_page(), f"{server.url}/{LINE}/{path}", name))
        finally:
            context.close()
        assert not visit.external_requests, visit.external_requests
    json_path, _ = write_report(weights, artifacts_dir())
    return json.loads(json_path.read_text())


@pytest.mark.slow
def test_the_report_weighs_every_kind_of_page(report):
    assert set(report) == set(KINDS_OF_PAGE)
    for name, kinds in report.items():
        assert kinds["html"]["raw"] > 0 and kinds["css"]["raw"] > 0, name
        assert 0 < kinds["total"]["compressed"] < kinds["total"]["raw"], name


@pytest.mark.slow
def test_a_guide_stays_under_its_budget(report):
    guide = report["guide"]["total"]["compressed"]
    assert guide < GUIDE_BUDGET, (
        f"a first visit to a guide transfers {guide / KIB:.0f} KiB compressed, over the "
        f"{GUIDE_BUDGET // KIB} KiB budget: see page-weight.md"
    )
