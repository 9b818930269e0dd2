"""Every kind of page in both themes: no console errors, no request off this machine, no serious
or critical accessibility violation (axe-core), and a screenshot kept for review."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import artifacts_dir
from .site_checks import LINE, PAGES

pytestmark = pytest.mark.slow

MODES = ("light", "dark")
BLOCKING_IMPACTS = {"serious", "critical"}


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"- {violation['id']} ({violation['impact']}): {violation['help']}; e.g. "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in violations
    )


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", PAGES)
def test_page_is_clean_accessible_and_private(open_context, server, axe, name, mode):
    context, visit = open_context(color_scheme=mode)
    page = context.new_page()
    page.goto(f"{server.url}/{LINE}/{PAGES[name]}", wait_until="networkidle")
    folder = artifacts_dir() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}-{mode}.png", full_page=True)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    # Before axe runs: its stylesheet scan requests @import targets of its own.
    assert not visit.console_errors, visit.console_errors
    assert not visit.external_requests, (
        f"{PAGES[name]} asks for resources off this machine (CDN, web font or tracker): "
        f"{visit.external_requests}"
    )

    violations = [
        violation
        for violation in axe.run(page).response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    assert not violations, f"{PAGES[name]} ({mode}):\n{describe(violations)}"


def test_a_request_off_the_machine_is_caught_and_blocked(open_context, server):
    context, visit = open_context()
    page = context.new_page()
    page.goto(f"{server.url}/{LINE}/index.html")
    page.evaluate("fetch('https://cdn.example.org/font.woff2').catch(() => null)")
    page.wait_for_load_state("networkidle")
    assert visit.external_requests == ["https://cdn.example.org/font.woff2"]
