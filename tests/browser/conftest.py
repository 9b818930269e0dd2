"""Fixtures of the browser tests: the versioned site built once, served on 127.0.0.1, and Debian's
Chromium driven by Playwright.

The site is served from its root, as the switcher's absolute URLs ("/9.1/") expect. A missing
path gets the 404 page of its release line with status 404, as the hosting does. Every page a
test opens records its console errors and any request that would leave 127.0.0.1. Chromium
itself sends every such request to a proxy port where nothing listens (it reaches 127.0.0.1
directly), so the request fails and no test can reach the internet; the failure names it.
Playwright's request interception would do the same per request in Python, and it turns off
the browser's cache: the every-page audit took a third more CPU with it.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT
from kb import releases

CHROMIUM = Path(os.environ.get("KB_CHROMIUM", "/usr/bin/chromium"))
#: The discard port of 127.0.0.1, where nothing listens on these machines.
DEAD_PORT = 9
#: Chromium's switches that keep it from calling Google's hosts on its own, or any host.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--metrics-recording-only",
    # Everything but 127.0.0.1 goes through this proxy, which refuses every connection: no
    # request leaves the machine, and each one that tries fails (see ``guard``).
    f"--proxy-server=http://127.0.0.1:{DEAD_PORT}",
]
LOCAL_HOSTS = {"127.0.0.1"}
VIEWPORT = {"width": 1280, "height": 900}


def artifacts_dir() -> Path:
    """Where screenshots and the page-weight report go: $(BUILDDIR), as ``make`` passes it."""
    build = Path(os.environ.get("BUILDDIR", "_build"))
    return build if build.is_absolute() else ROOT / build


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves files; a missing one gets its release line's 404.html, with status 404."""

    def log_message(self, format, *args):  # noqa: A002 - the base class names it so
        pass

    def send_error(self, code, message=None, explain=None):
        line = urlsplit(self.path).path.strip("/").split("/")[0]
        page = Path(self.directory) / line / "404.html"
        if code != 404 or line not in releases.line_names() or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@dataclass
class Server:
    root: Path
    url: str


def serve(root: Path) -> Iterator[Server]:
    """Serve ``root`` on a free port of 127.0.0.1 until the generator is closed."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(SiteHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(root, f"http://127.0.0.1:{httpd.server_address[1]}")
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    return site_build.out / "site"


@pytest.fixture(scope="session")
def server(built_site) -> Iterator[Server]:
    yield from serve(built_site)


@pytest.fixture
def broken_copy(built_site, tmp_path) -> Iterator[tuple[Path, Server]]:
    """A copy of the built site that a test may break, served on its own port."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    for served in serve(copy):
        yield copy, served


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium ('make browser-tools' as root, "
            "or apt-get install chromium), or point KB_CHROMIUM at a Chromium binary"
        )
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", DEAD_PORT)) == 0:
            pytest.fail(
                f"something listens on 127.0.0.1:{DEAD_PORT}, the port the browser's requests "
                "off this machine are sent to so that they fail: stop it, or change DEAD_PORT"
            )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """What a page did that it should not: console errors and requests off this machine."""

    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)


def guard(context, visit: Visit):
    """Record every request that tries to leave 127.0.0.1 (the browser's proxy makes it fail)."""

    def failed(request):
        url = request.url
        if urlsplit(url).hostname not in LOCAL_HOSTS and not url.startswith(("data:", "blob:")):
            visit.external_requests.append(url)

    context.on("requestfailed", failed)


def watch_console(page, visit: Visit):
    page.on(
        "console",
        lambda message: (
            message.type == "error" and visit.console_errors.append(f"{page.url}: {message.text}")
        ),
    )
    page.on("pageerror", lambda error: visit.console_errors.append(f"{page.url}: {error}"))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and visit.console_errors.append(f"{response.url} answered {response.status}")
        ),
    )


@pytest.fixture
def open_context(browser):
    """``open_context(**options) -> (context, visit)``: a fresh browser profile, guarded."""
    contexts = []

    def make(**options):
        context = browser.new_context(viewport=VIEWPORT, **options)
        visit = Visit()
        guard(context, visit)
        context.on("page", lambda page: watch_console(page, visit))
        contexts.append(context)
        return context, visit

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_context):
    context, visit = open_context()
    page = context.new_page()
    page.kb_visit = visit
    return page
