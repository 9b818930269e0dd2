"""The external link check against bare lychee, case by case, on a web server on 127.0.0.1.

``python -m benchmarks.linkcheck`` serves the cases of tests/test_links_external.py (and an
https server that redirects to plain http), runs the project's check (``python -m kb.links
external``) and lychee with the same settings on each case, and prints a Markdown table: what
each did, and how long it took.  Nothing but 127.0.0.1 is contacted; the https case needs the
``openssl`` command to make a certificate, which bare lychee accepts with ``--insecure`` (it
reads no ``SSL_CERT_FILE``; the project's check, which does not pass that switch, cannot reach
the https server).  The results are in RESULTS.md, "External links".
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kb.links.internal import lychee

SCRATCH = Path(tempfile.mkdtemp(prefix="linkcheck-bench-"))
CERTIFICATE = SCRATCH / "server.pem"
PAGE = b'<html><body><h1 id="present">P</h1><h2 id="user-content-intro">I</h2></body></html>'
SETTINGS = """
[external]
timeout = 1
retries = 1
workers = 8
cache_max_age = "1h"

[hosts.default]
concurrency = 1
interval = 0.3

[[anchors]]
host = "127.0.0.1"
id_prefix = "user-content-"
unchecked = ['L\\d+(-L\\d+)?']
reason = "GitHub's rule, on the test server."
"""


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, certificate: Path | None = None, plain: str = ""):
        super().__init__(("127.0.0.1", 0), Handler)
        self.plain = plain  # where /to-http sends the client
        self.log: list[tuple[float, str, dict]] = []
        self.lock = threading.Lock()
        self.in_flight = self.most_in_flight = 0
        if certificate:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certificate, certificate.with_suffix(".key"))
            self.socket = context.wrap_socket(self.socket, server_side=True)
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()

    def base(self, scheme: str = "http") -> str:
        return f"{scheme}://127.0.0.1:{self.server_address[1]}"

    def seen(self, path: str) -> list[float]:
        return [when for when, seen, _ in self.log if seen == path]


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.server
        with server.lock:
            server.log.append((time.monotonic(), self.path, dict(self.headers)))
            count = len(server.seen(self.path))
            server.in_flight += 1
            server.most_in_flight = max(server.most_in_flight, server.in_flight)
        try:
            status, headers = self.answer(self.path, count)
        finally:
            with server.lock:
                server.in_flight -= 1
        body = PAGE if status == 200 else b""
        self.send_response(status)
        for name, value in {"Content-Type": "text/html", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def answer(self, path: str, count: int) -> tuple[int, dict]:
        path = "/" + path.split("/", 2)[-1]  # without the checker's own first folder
        if path.startswith("/busy/"):
            time.sleep(0.05)
        redirects = {
            "/moved": "target",
            "/to-http": self.server.plain + "/any/page",
        }
        if path in redirects:
            return 301, {"Location": redirects[path]}
        if path == "/limited" and count == 1:
            return 429, {"Retry-After": "1"}
        if path == "/too-limited":
            return 429, {"Retry-After": "3600"}
        if path == "/flaky" and count == 1:
            return 503, {}
        if path == "/slow":
            time.sleep(3)
        if path == "/missing":
            return 404, {}
        return 200, {}


@dataclass
class Case:
    name: str
    urls: list[str]
    runs: int = 1


CASES = (
    Case("cache: good answer reused, failure asked again", ["/page", "/missing"], runs=2),
    Case("per-host limit: 1 at once, 0.3 s apart", [f"/busy/{n}" for n in range(6)]),
    Case("429 with Retry-After: 1", ["/limited"]),
    Case("429 with Retry-After: 3600", ["/too-limited"]),
    Case("503, then 200", ["/flaky"]),
    Case("timeout (1 s) on a 3 s answer", ["/slow"]),
    Case("anchors: present, absent", ["/page#present", "/page#absent"]),
    Case("GitHub anchor rule: #intro, #L10-L20", ["/page#intro", "/page#L10-L20"]),
    Case("301 reported as moved", ["/moved"]),
    Case("credentials in the URL", ["@/private"]),
    Case("https redirecting to http", ["https:/to-http"]),
)


def absolute(url: str, checker: str, plain: Server, secure: Server) -> str:
    """The case's URL on the servers, below a folder of the checker's own (counted apart)."""
    if url.startswith("https:"):
        return f"{secure.base('https')}/{checker}{url.removeprefix('https:')}"
    if url.startswith("@"):
        return f"{plain.base().replace('http://', 'http://user:' + 'secret@')}/{checker}{url[1:]}"
    return f"{plain.base()}/{checker}{url}"


def write_project(folder: Path, urls: list[str]) -> None:
    """A built page that links to ``urls``, empty docs and bibliography, and the settings."""
    html = folder / "build" / "html"
    html.mkdir(parents=True)
    (html / "objects.inv").write_text("")
    (folder / "docs" / "records").mkdir(parents=True)
    (folder / "refs.bib").write_text("")
    (folder / "linkcheck.toml").write_text(SETTINGS)
    links = "\n".join(f'<a href="{url}">x</a>' for url in urls)
    (html / "index.html").write_text(f"<html><body>\n{links}\n</body></html>\n")


def project_check(folder: Path, urls: list[str]) -> dict[str, str]:
    """``python -m kb.links external`` on a project whose one page links to ``urls``."""
    if not folder.exists():
        write_project(folder, urls)
    command = [sys.executable, "-m", "kb.links", "--config", str(folder / "linkcheck.toml")]
    command += ["--docs", str(folder / "docs"), "external", str(folder / "build" / "html")]
    command += ["--bib", str(folder / "refs.bib")]
    environment = {"SSL_CERT_FILE": str(CERTIFICATE)}
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr)
    report = json.loads((folder / "build" / "linkcheck" / "report.json").read_text())
    return {link["url"]: f"{link['state']}: {link['message']}" for link in report["links"]}


def lychee_check(folder: Path, urls: list[str]) -> dict[str, str]:
    """Bare lychee with the same settings, its cache in ``folder``."""
    folder.mkdir(exist_ok=True)
    (folder / "lychee.toml").write_text(
        '[hosts."127.0.0.1"]\nconcurrency = 1\nrequest_interval = "300ms"\n'
    )
    command = [lychee(), "--config", "lychee.toml", "--no-progress", "--verbose"]
    command += ["--format", "json", "--include-fragments", "--cache"]
    command += ["--insecure"]  # it reads no SSL_CERT_FILE: the only way to the test certificate
    command += ["--max-cache-age", "1h", "--timeout", "1", "--max-retries", "1", "-"]
    done = subprocess.run(
        command,
        cwd=folder,
        input="\n".join(urls),
        capture_output=True,
        text=True,
    )
    report = json.loads(done.stdout)
    outcome = {}
    for kind, key in (("ok", "success_map"), ("broken", "error_map"), ("broken", "timeout_map")):
        for entries in report.get(key, {}).values():
            for entry in entries:
                hops = (entry.get("redirects") or {}).get("redirects", [])
                moved = (
                    " (redirected: "
                    + ", ".join(f"{hop['code']} to {hop['url']}" for hop in hops)
                    + ")"
                    if hops
                    else ""
                )
                outcome[entry["url"]] = f"{kind}: {entry['status']['text']}{moved}"
    return outcome


def certificate() -> Path | None:
    """A self-signed certificate for 127.0.0.1, which both checkers are told to trust."""
    if not shutil.which("openssl"):
        return None
    cert = CERTIFICATE
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(cert.with_suffix(".key")), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return cert


def behaviour(server: Server, start: int) -> str:
    """What the server saw: requests per path, the tightest spacing, credentials sent."""
    log = server.log[start:]
    paths: dict[str, list[float]] = {}
    for when, path, _ in log:
        paths.setdefault(path, []).append(when)
    counts = ", ".join(f"{path} x{len(times)}" for path, times in sorted(paths.items()))
    starts = sorted(when for when, _, _ in log)
    gap = min((b - a for a, b in itertools.pairwise(starts)), default=None)
    sent = {name.lower() for _, _, headers in log for name in headers}
    notes = [counts, f"at most {server.most_in_flight} at once"]
    if gap is not None and len(starts) > 2:
        notes.append(f"closest starts {gap:.2f} s apart")
    if "authorization" in sent:
        notes.append("**sent an Authorization header**")
    return "; ".join(notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.linkcheck", description=__doc__)
    parser.add_argument("--only", help="run the cases whose name contains this text")
    args = parser.parse_args(argv)
    rows = ["| Case | Checker | Outcome per URL | What the server saw | Seconds |"]
    rows.append("| --- | --- | --- | --- | --- |")
    scratch = SCRATCH
    try:
        plain = Server()
        secure = Server(certificate(), plain.base())
        for number, case in enumerate(CASES):
            if args.only and args.only not in case.name:
                continue
            for name, check in (("kb.links", project_check), ("lychee", lychee_check)):
                urls = [absolute(url, name, plain, secure) for url in case.urls]
                folder = scratch / f"{number}-{name}"
                plain.most_in_flight, start = 0, len(plain.log)
                began = time.perf_counter()
                for _ in range(case.runs):
                    outcome = check(folder, urls)
                elapsed = time.perf_counter() - began
                shown = "<br>".join(
                    f"`{url.split('/', 4)[-1]}` {outcome.get(url, 'not reported')}" for url in urls
                )
                rows.append(
                    f"| {case.name} | {name} | {shown} | {behaviour(plain, start)} "
                    f"| {elapsed:.2f} |"
                )
        plain.shutdown()
        secure.shutdown()
    finally:
        shutil.rmtree(SCRATCH)
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
