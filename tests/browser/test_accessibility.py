"""Every page of every release line passes axe-core with no serious or critical violation.

Each distinct page is audited once: a page that is the same as one already audited at the same
path of another line, once the line's name is made neutral, has the same DOM and the same result
(``same_pages`` gives the proof). The audit runs one test per folder of the site (the records by
kind; the guides and the reference one test a page), over every line, so that ``pytest -n``
shares it evenly between cores. One browser context with two tabs serves every share that a
pytest worker runs (a context and its tabs for each share cost a quarter more CPU: new
renderer processes, an empty cache); axe-core is loaded by it into each page as it opens (no
second injection), and the two tabs take turns so that one page loads while axe examines the
other. The sampled pages of test_quality.py add the dark theme, console errors and screenshots.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from kb import paths, releases
from kb.links import config, outputs

from .conftest import VIEWPORT, Visit, guard
from .same_pages import distinct_pages
from .site_checks import LINE
from .test_quality import BLOCKING_IMPACTS

pytestmark = pytest.mark.slow

TABS = 2
#: Starts axe-core on the open page and leaves its promise on ``window``; reading
#: ``window.kbAxe`` later waits for it. Only violations are collected, as short descriptions.
START_AXE = """
window.kbAxe = axe.run(document, {resultTypes: ["violations"]}).then(results =>
  results.violations
    .filter(violation => IMPACTS.includes(violation.impact))
    .map(violation => `${violation.id} (${violation.impact}): ${violation.help}; e.g. `
      + violation.nodes.slice(0, 3).map(node => node.target.join(" ")).join(", ")));
undefined
""".replace("IMPACTS", json.dumps(sorted(BLOCKING_IMPACTS)))


def site_pages(site: Path) -> list[str]:
    """Every page of every line, as the link check lists them, relative to the site's root."""
    skip = config.load().skip_dirs
    return [
        page.relative_to(site.resolve()).as_posix()
        for output in outputs.find(site, skip)
        for page in output.pages()
    ]


def audit(tabs: list, base_url: str, paths: list[str]) -> dict[str, list[str]]:
    """The blocking violations of each page that has any, by path, opened in turn in ``tabs``
    (pages of one browser context that loads axe-core into each page)."""
    idle = list(tabs)
    running: deque = deque()
    found: dict[str, list[str]] = {}

    def finish_oldest() -> None:
        tab, path = running.popleft()
        violations = tab.evaluate("window.kbAxe")
        if violations:
            found[path] = violations
        idle.append(tab)

    for path in paths:
        if not idle:
            finish_oldest()
        tab = idle.pop()
        tab.goto(f"{base_url}/{path}", wait_until="load")
        tab.evaluate(START_AXE)
        running.append((tab, path))
    while running:
        finish_oldest()
    return found


@dataclass
class Auditor:
    """The audit's tabs (pages of one browser context) and what they did off this machine."""

    tabs: list
    visit: Visit


@pytest.fixture(scope="module")
def auditor(browser) -> Iterator[Auditor]:
    context = browser.new_context(viewport=VIEWPORT)
    visit = Visit()
    guard(context, visit)
    context.add_init_script(AXE_SCRIPT)
    yield Auditor([context.new_page() for _ in range(TABS)], visit)
    context.close()


@pytest.fixture(scope="session")
def pages_to_audit(built_site) -> list[str]:
    paths = site_pages(built_site)
    assert len(paths) > 200, f"only {len(paths)} pages found in {built_site}"
    return distinct_pages(built_site.resolve(), paths, releases.preferred().name)


#: Folders whose pages are a share each: the longest pages, built anew for each line.
A_SHARE_A_PAGE = ("migration", "reference")


def group(path: str) -> str:
    """The share of the audit a page of the site falls in: a page of A_SHARE_A_PAGE, else its
    folder below the line (the records by kind); the top of a line (landing page, search,
    index, 404) is ""."""
    page = path.split("/", 1)[1].removesuffix(".html")
    folders = page.split("/")[:-1]
    if folders[:1] == ["records"]:
        return "/".join(folders[:2])
    return page if folders[:1] and folders[0] in A_SHARE_A_PAGE else "/".join(folders[:1])


#: The audit's shares, from the pages of docs/.
GROUPS = sorted(
    {""}
    | {
        group(f"line/{page.relative_to(paths.DOCS).with_suffix('.html').as_posix()}")
        for page in paths.DOCS.rglob("*.md")
    }
)


def test_every_page_to_audit_falls_in_a_share_of_the_audit(pages_to_audit):
    assert {group(path) for path in pages_to_audit} == set(GROUPS)


@pytest.mark.parametrize("share", GROUPS)
def test_every_page_of_every_line_has_no_serious_violation(auditor, server, pages_to_audit, share):
    paths = [path for path in pages_to_audit if group(path) == share]
    assert paths, f"no page of the site is in {share or 'the top of a line'}"
    if share == "":
        landing = {f"{line}/index.html" for line in releases.line_names()}
        assert landing <= set(paths), f"no landing page to audit for {landing - set(paths)}"
    requests_before = len(auditor.visit.external_requests)
    found = audit(auditor.tabs, server.url, paths)
    report = "\n".join(
        f"{path}:\n" + "\n".join(f"  - {violation}" for violation in violations)
        for path, violations in found.items()
    )
    assert not found, f"{len(found)} of {len(paths)} pages fail axe-core:\n{report}"
    external = auditor.visit.external_requests[requests_before:]
    assert not external, external


def test_the_audit_reports_a_violation_on_a_broken_page(browser, broken_copy):
    copy, served = broken_copy
    page = copy / LINE / "index.html"
    page.write_text(page.read_text().replace("</main>", '<img src="data:,"></main>', 1))
    context = browser.new_context()
    context.add_init_script(AXE_SCRIPT)
    try:
        tabs = [context.new_page() for _ in range(TABS)]
        found = audit(tabs, served.url, [f"{LINE}/index.html", f"{LINE}/genindex.html"])
    finally:
        context.close()
    assert list(found) == [f"{LINE}/index.html"]
    assert any(text.startswith("image-alt (critical)") for text in found[f"{LINE}/index.html"])
