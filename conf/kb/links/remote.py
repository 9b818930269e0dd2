"""Ask lychee about a list of external URLs, with the limits of conf/data/linkcheck.toml.

lychee does the requests: its cache of good answers (``.lycheecache`` in the folder it runs in),
the per-host limits, retries after a timeout or a 429 with Retry-After, and the #anchors.  This
module writes its settings, runs it once, and reads its JSON report back into one
:class:`Answer` a URL, redirects included (``--verbose`` puts them in the report).
"""

from __future__ import annotations

import html
import math
import subprocess
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

from kb.links.config import Settings
from kb.links.internal import lychee, lychee_report

INPUT = "urls.html"
SETTINGS = "lychee.toml"
FRAGMENT_MISSING = "Cannot find fragment"


@dataclass(frozen=True)
class Answer:
    ok: bool
    text: str
    """lychee's words for the outcome, such as 'Timeout' or 'Cannot find fragment'."""
    status: int | None = None
    redirects: tuple[tuple[int, str], ...] = ()
    """Each hop lychee followed: the status that sent it on, and the URL it went to."""
    cached: bool = False
    timed_out: bool = False

    @property
    def fragment_missing(self) -> bool:
        return self.text.startswith(FRAGMENT_MISSING)

    @property
    def described(self) -> str:
        """The status with its reason phrase ('404 Not Found'), else lychee's text."""
        if self.status is None:
            return self.text
        try:
            return f"{self.status} {HTTPStatus(self.status).phrase}"
        except ValueError:
            return str(self.status)


def timeout(settings: Settings) -> int:
    """lychee's timeout: whole seconds, at least one (a shorter one would mean no wait)."""
    return max(1, math.ceil(settings.timeout))


def duration(seconds: float) -> str:
    return f"{round(seconds * 1000)}ms"


def write_settings(settings: Settings, path: Path) -> None:
    """The per-host limits as lychee's ``[hosts."NAME"]`` tables."""
    tables = [
        f'[hosts."{name}"]\nconcurrency = {limits.concurrency}\n'
        f'request_interval = "{duration(limits.interval)}"\n'
        for name, limits in sorted(settings.hosts.items())
        if name != "default"
    ]
    path.write_text("\n".join(tables), encoding="utf-8")


def command(settings: Settings, folder: Path) -> list[str]:
    default = settings.hosts["default"]
    return [
        lychee(),
        *("--config", str(folder / SETTINGS), "--no-progress", "--verbose"),
        *("--format", "json", "--include-fragments", "--cache"),
        *("--max-cache-age", f"{int(settings.cache_max_age)}s"),
        *("--timeout", str(timeout(settings))),
        *("--max-retries", str(settings.retries)),
        *("--max-redirects", str(settings.max_redirects)),
        *("--max-concurrency", str(settings.workers)),
        *("--host-concurrency", str(default.concurrency)),
        *("--host-request-interval", duration(default.interval)),
        *("--user-agent", settings.user_agent),
        str(folder / INPUT),
    ]


def ask(urls: list[str], settings: Settings, folder: Path, cache_folder: Path) -> dict[str, Answer]:
    """An answer for each of ``urls``; lychee runs in ``cache_folder``, where its cache is."""
    if not urls:
        return {}
    folder.mkdir(parents=True, exist_ok=True)
    cache_folder.mkdir(parents=True, exist_ok=True)
    write_settings(settings, folder / SETTINGS)
    # One link a line: lychee's report names the line, which leads back to the URL as written.
    lines = "".join(f'<a href="{html.escape(url)}">{n}</a>\n' for n, url in enumerate(urls, 1))
    (folder / INPUT).write_text(f"<html><body>\n{lines}</body></html>\n", encoding="utf-8")
    done = subprocess.run(
        command(settings, folder), cwd=cache_folder, capture_output=True, text=True, check=False
    )
    report = lychee_report(done.stdout, done.stderr, done.returncode)
    answers: dict[str, Answer] = {}
    for key, ok, timed_out in (
        ("success_map", True, False),
        ("error_map", False, False),
        ("timeout_map", False, True),
    ):
        for entries in report.get(key, {}).values():
            for entry in entries:
                url = urls[entry["span"]["line"] - 2]  # line 1 is <html><body>
                answers[url] = _answer(entry, ok, timed_out)
    # A redirect to a scheme lychee does not follow (ftp:) is only in its redirect map.
    hops = {
        entry["origin"]: tuple((hop["code"], hop["url"]) for hop in entry["redirects"])
        for entries in report.get("redirect_map", {}).values()
        for entry in entries
    }
    for url in urls:
        answers.setdefault(url, Answer(False, "lychee gave no answer", redirects=hops.get(url, ())))
    return answers


def _answer(entry: dict, ok: bool, timed_out: bool) -> Answer:
    status = entry.get("status") or {}
    hops = (entry.get("redirects") or {}).get("redirects", [])
    text = status.get("text", "")
    return Answer(
        ok=ok,
        text=text,
        status=status.get("code"),
        redirects=tuple((hop["code"], hop["url"]) for hop in hops),
        cached="(cached)" in text,
        timed_out=timed_out,
    )
