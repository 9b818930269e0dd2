"""The external link check (lychee and kb.links.external), run for real against a web server on
127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from kb.links import config, external
from kb.links.__main__ import main
from kb.links.outputs import Source
from kb.links.remote import Answer
from kb.problems import ProblemError

PAGE = b"""<!DOCTYPE html><html><body>
<h1 id="present">Present</h1><a name="named"></a>
<h2 id="user-content-intro">Rendered Markdown heading</h2>
</body></html>"""


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # the slow handler may still sleep when the test ends

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        self.in_flight = self.most_in_flight = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def count(self, path: str) -> int:
        return sum(1 for seen, _ in self.requests if seen == path)


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.server
        with server.lock:
            server.requests.append((self.path, dict(self.headers)))
            seen = server.count(self.path)
            server.in_flight += 1
            server.most_in_flight = max(server.most_in_flight, server.in_flight)
        try:
            status, body, headers = self.answer(self.path, seen)
        finally:
            # Counted out before the reply leaves: the checker cannot start its next request
            # to this host before it has the reply, so the count never overlaps by accident.
            with server.lock:
                server.in_flight -= 1
        self.reply(status, body, headers)

    def answer(self, path: str, seen: int):
        if path in ("/page", "/target") or path.startswith("/busy/"):
            if path.startswith("/busy/"):
                time.sleep(0.05)
            return (200, PAGE, {"Content-Type": "text/html; charset=utf-8"})
        if path == "/moved":
            return (301, b"", {"Location": "/target", "Set-Cookie": "session=secret"})
        if path == "/temporary":
            return (302, b"", {"Location": "/target"})
        if path == "/to-ftp":
            return (301, b"", {"Location": "ftp://127.0.0.1/file"})
        if path == "/limited":
            if seen == 1:
                return (429, b"", {"Retry-After": "1"})
            return (200, PAGE, {"Content-Type": "text/html"})
        if path == "/flaky":
            return (503 if seen == 1 else 200, b"", {})
        if path == "/slow":
            time.sleep(2.5)
            return (200, PAGE, {"Content-Type": "text/html"})
        return (404, b"not here", {"Content-Type": "text/plain"})

    def reply(self, status: int, body: bytes, headers: dict):
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)  # fails when the checker gave up waiting for the slow page


@pytest.fixture
def server():
    running = Server()
    thread = threading.Thread(target=running.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()


SETTINGS_TOML = """
[external]
timeout = 1
retries = 1
workers = 6
cache_max_age = "{max_age}"
user_agent = "kb-linkcheck-test"

[hosts.default]
concurrency = {concurrency}
interval = 0

[[ignore]]
pattern = 'http://127\\.0\\.0\\.1:\\d+/ignored'
reason = "A page the test never serves."

[[anchors]]
host = "127.0.0.1"
id_prefix = "user-content-"
unchecked = ['L\\d+(-L\\d+)?']
reason = "Stands for GitHub's rule in this test."
"""


def write_project(
    tmp_path: Path, base: str, max_age: str = "1h", concurrency: int = 1
) -> dict[str, Path]:
    """A built site, a bibliography and a record that use the server's URLs; ``concurrency``
    requests at once to the server at the most."""
    html, docs = tmp_path / "build" / "html", tmp_path / "docs"
    (html / "guide").mkdir(parents=True)
    (docs / "guide").mkdir(parents=True)
    (docs / "records").mkdir()
    (html / "objects.inv").write_text("")
    links = [
        "/page",
        "/page#present",
        "/page#named",
        "/page#absent",
        "/page#intro",
        "/page#L10-L20",
        "/moved",
        "/temporary",
        "/to-ftp",
        "/missing",
        "/limited",
        "/flaky",
        "/slow",
        "/ignored",
    ]
    anchors = "\n".join(f'<p><a href="{base}{link}">{link}</a></p>' for link in links)
    private = base.replace("http://", "http://user:secret@") + "/private"
    (html / "guide" / "page.html").write_text(
        f'<html><body>{anchors}\n<a href="{private}">private</a></body></html>'
    )
    (html / "index.html").write_text(f'<html><body><a href="{base}/page">x</a></body></html>')
    guide = "\n".join(f"[{link}]({base}{link})" for link in links)
    (docs / "guide" / "page.md").write_text(f"# Guide\n\n{guide}\n\n[p]({private})\n")
    (docs / "index.md").write_text("# Home\n")
    bib = tmp_path / "refs.bib"
    bib.write_text(
        f"@misc{{first2020,\n  title = {{First}},\n  url = {{{base}/page}},\n}}\n\n"
        f"@misc{{second2021,\n  title = {{Second}},\n  url = {{{base}/missing}},\n}}\n"
    )
    (docs / "records" / "decision.md").write_text(
        f"---\nrecord: decision\nsources:\n  - Minutes, {base}/missing\n---\n\n# Decision\n"
    )
    settings = tmp_path / "linkcheck.toml"
    settings.write_text(SETTINGS_TOML.format(max_age=max_age, concurrency=concurrency))
    return {
        "html": html,
        "docs": docs,
        "bib": bib,
        "config": settings,
        "cache": tmp_path / "build" / ".lycheecache",
        "report": tmp_path / "build" / "linkcheck",
    }


def run_check(paths: dict[str, Path]) -> tuple[int, dict, str]:
    code = main(
        [
            "--config",
            str(paths["config"]),
            "--docs",
            str(paths["docs"]),
            "external",
            str(paths["html"]),
            "--bib",
            str(paths["bib"]),
        ]
    )
    report = json.loads((paths["report"] / "report.json").read_text())
    text = (paths["report"] / "report.txt").read_text()
    return code, {entry["url"]: entry for entry in report["links"]}, text


def test_each_answer_gets_its_outcome_and_failures_are_asked_again(server, tmp_path):
    # Six at once: the waits (the slow page's timeouts, the Retry-After) overlap.
    paths = write_project(tmp_path, server.base, concurrency=6)
    code, links, text = run_check(paths)
    base = server.base
    first_run = Counter(path for path, _ in server.requests)

    def outcome(path: str) -> tuple[str, int | None]:
        return links[base + path]["state"], links[base + path]["status"]

    assert code == 1
    assert outcome("/page") == ("ok", 200)
    assert outcome("/page#present") == ("ok", 200)
    assert outcome("/page#named") == ("ok", 200)
    assert outcome("/page#absent")[0] == "broken"
    assert "no anchor '#absent'" in links[base + "/page#absent"]["message"]
    assert outcome("/page#intro") == ("ok", 200)  # the host's id_prefix rule
    assert outcome("/page#L10-L20") == ("ok", 200)  # made by JavaScript: not looked for

    assert outcome("/moved") == ("moved", 200)
    assert links[base + "/moved"]["final_url"] == base + "/target"
    assert outcome("/temporary") == ("ok", 200)
    assert outcome("/missing") == ("broken", 404)
    assert outcome("/flaky") == ("ok", 200)  # the 503 is asked again
    assert server.count("/flaky") == 2

    assert outcome("/limited") == ("ok", 200)  # after the Retry-After pause
    assert server.count("/limited") == 2

    assert outcome("/slow") == ("broken", None)
    assert "no answer within 1 s (2 attempts)" in links[base + "/slow"]["message"]
    assert server.count("/slow") == 2

    assert outcome("/to-ftp")[0] == "broken"
    assert "redirect to ftp://127.0.0.1/file not followed" in links[base + "/to-ftp"]["message"]
    assert outcome("/ignored") == ("ignored", None)
    assert links[base + "/ignored"]["message"] == "A page the test never serves."

    private = base.replace("http://", "http://user:secret@") + "/private"
    assert links[private]["state"] == "broken"
    assert "credentials" in links[private]["message"]
    assert server.count("/private") == 0
    sent = {name.lower() for _, headers in server.requests for name in headers}
    assert not sent & {"authorization", "cookie"}

    # The report names every file, and line, that uses a URL: page, bibliography, record.
    places = {
        source["path"] + f":{source['line']}" for source in links[base + "/missing"]["sources"]
    }
    assert places == {"docs/guide/page.md:12", "refs.bib:6", "docs/records/decision.md:4"}
    assert f"{base}/missing\n    404 Not Found\n" in text
    assert "used in docs/guide/page.md:12\n" in text
    assert "used in refs.bib:6 (entry second2021)\n" in text
    assert text.index("Broken: fix") < text.index("Moved permanently") < text.index("Good")

    # Second run: good answers come from the cache, failures are asked again.
    cached = {line.split(",")[0] for line in paths["cache"].read_text().splitlines()}
    assert base + "/page" in cached and base + "/missing" not in cached
    code, links, _ = run_check(paths)
    second_run = Counter(path for path, _ in server.requests) - first_run
    assert code == 1
    assert links[base + "/page"]["cached"] and links[base + "/page"]["message"] == (
        "good in the cache"
    )
    assert second_run["/flaky"] == second_run["/limited"] == second_run["/moved"] == 0
    assert second_run["/missing"] == 1
    assert second_run["/slow"] == 2


def test_a_cached_answer_older_than_the_maximum_age_is_asked_again(server, tmp_path):
    paths = only_the_good_page(write_project(tmp_path, server.base), server.base)
    run_check(paths)
    before = server.count("/page")
    paths["config"].write_text(SETTINGS_TOML.format(max_age="0s", concurrency=1))
    _, links, _ = run_check(paths)
    assert not links[server.base + "/page"]["cached"]
    assert server.count("/page") > before


def test_no_host_gets_more_requests_at_once_than_its_limit(server, tmp_path):
    paths = write_project(tmp_path, server.base)
    busy = "".join(f'<a href="{server.base}/busy/{n}">{n}</a>' for n in range(8))
    (paths["html"] / "index.html").write_text(f"<html><body>{busy}</body></html>")
    (paths["html"] / "guide" / "page.html").unlink()
    code, links, _ = run_check(paths)
    assert server.count("/busy/0") == 1 and len(links) >= 8
    assert server.most_in_flight == 1  # hosts.default concurrency, with 6 workers


def only_the_good_page(paths: dict, base: str) -> dict:
    """The project with one URL left, a page that answers at once: no case that waits."""
    (paths["html"] / "guide" / "page.html").unlink()
    paths["bib"].write_text(f"@misc{{first2020,\n  title = {{F}},\n  url = {{{base}/page}},\n}}\n")
    (paths["docs"] / "records" / "decision.md").unlink()
    return paths


def test_a_good_run_exits_zero(server, tmp_path):
    paths = only_the_good_page(write_project(tmp_path, server.base), server.base)
    code, links, text = run_check(paths)
    assert code == 0
    assert text.startswith("External links: 1 URLs, 0 broken")


def test_dois_become_resolver_urls(tmp_path):
    from kb.links.collect import from_bibliography
    from kb.links.outputs import SourceMap

    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{a2008b,\n  title = {T},\n  doi = {10.1088/1742-6596/119/6/062048},\n}\n"
    )
    links = from_bibliography(bib, SourceMap(tmp_path / "docs", tmp_path))
    assert {url: [str(s) for s in where] for url, where in links.items()} == {
        "https://doi.org/10.1088/1742-6596/119/6/062048": ["refs.bib:1 (entry a2008b)"]
    }


def test_only_http_and_https_without_credentials_are_requested():
    assert external.refusal("https://github.com/DIRACGrid/DIRAC") is None
    assert "credentials" in external.refusal("https://user:" + "pw@github.com/")
    assert "credentials" in external.refusal("https://token@github.com/")
    assert "only http and https" in external.refusal("ftp://example.org/file")
    assert "plain http" in external.redirect_refusal("https://a.org/", "http://a.org/")
    assert "not followed" in external.redirect_refusal("https://a.org/", "file:///etc/passwd")
    assert external.redirect_refusal("http://a.org/", "https://a.org/") is None


def test_a_redirect_from_https_to_plain_http_is_broken():
    """lychee follows it (benchmarks/RESULTS.md); the check reports it from lychee's hops."""
    settings = config.load()
    where = (Source("docs/page.md", 3),)
    down = Answer(True, "200 OK", 200, redirects=((301, "http://a.org/new"),))
    result = external.judge("https://a.org/old", where, down, settings)
    assert (result.state, result.final_url) == ("broken", "http://a.org/new")
    assert "from https to plain http" in result.message
    up = Answer(True, "200 OK", 200, redirects=((302, "https://a.org/new"),))
    assert external.judge("http://a.org/old", where, up, settings).state == "ok"


def test_an_ignore_entry_without_a_reason_is_refused_at_its_line(tmp_path):
    path = tmp_path / "linkcheck.toml"
    path.write_text("[hosts.default]\nconcurrency = 1\n\n[[ignore]]\npattern = 'https://x\\.org'\n")
    with pytest.raises(
        ProblemError,
        match=r"linkcheck\.toml:4: the key 'reason' is missing; add it, with a sentence \(why",
    ):
        config.load(path)


def test_a_bad_cache_age_is_refused_at_its_line(tmp_path):
    path = tmp_path / "linkcheck.toml"
    path.write_text('[external]\ncache_max_age = "a week"\n\n[hosts.default]\nconcurrency = 1\n')
    with pytest.raises(
        ProblemError, match=r"linkcheck\.toml:2: 'a week' is not a duration; write a number"
    ):
        config.load(path)


def test_the_project_settings_load_and_give_every_ignore_a_reason():
    settings = config.load()
    assert settings.ignored("https://dirac.example.org:8443/x").reason
    assert settings.ignored("https://github.com/DIRACGrid/DIRAC") is None
    assert settings.anchor_rule("github.com").accepts_unseen("L10-L20")
