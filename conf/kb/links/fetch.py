"""Request one external page, as politely and safely as linkcheck.toml says.

Written on urllib3 rather than left to lychee: the check needs things lychee does not offer
together (per-host pauses that a Retry-After extends, a cache that never keeps failures, the
GitHub anchor rule, a report per source file), and urllib3 (already pinned, as a dependency of
requests) lets this module follow each redirect itself, so that it can refuse a scheme change
and never sends credentials or cookies.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import urllib3

from kb.links import safety
from kb.links.anchors import page_anchors
from kb.links.config import Settings
from kb.links.throttle import Throttle

REDIRECTS = (301, 302, 303, 307, 308)
PERMANENT = (301, 308)
RETRIED = (429, 500, 502, 503, 504)


@dataclass(frozen=True)
class Page:
    """What one URL (without its fragment) answered."""

    url: str
    ok: bool
    message: str
    status: int | None = None
    final_url: str | None = None
    moved: bool = False
    """True when a permanent redirect (301, 308) was followed: the link should be updated."""
    anchors: frozenset[str] | None = None
    attempts: int = 0
    waited: float = 0.0
    """Seconds spent waiting because the server answered with Retry-After."""


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: Mapping[str, str]
    anchors: frozenset[str] | None


class _Failed(Exception):
    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


def _describe(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds a Retry-After header asks for, from delay-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


class Fetcher:
    def __init__(self, settings: Settings, throttle: Throttle | None = None):
        self.settings = settings
        self.throttle = throttle or Throttle(settings.limits)
        self.pool = urllib3.PoolManager(
            num_pools=64,
            maxsize=max(limits.concurrency for limits in settings.hosts.values()),
            headers={"User-Agent": settings.user_agent, "Accept": "text/html,*/*;q=0.8"},
            timeout=urllib3.Timeout(connect=settings.timeout, read=settings.timeout),
            retries=False,
        )

    def page(self, url: str, want_anchors: bool) -> Page:
        """Follow ``url`` through its redirects; read its anchors when ``want_anchors``."""
        counter = {"attempts": 0, "waited": 0.0}
        current, moved = url, False
        try:
            for _ in range(self.settings.max_redirects + 1):
                answer = self._request(current, want_anchors, counter)
                if answer.status not in REDIRECTS:
                    break
                location = answer.headers.get("Location")
                if not location:
                    raise _Failed(
                        f"{_describe(answer.status)} without a Location header", answer.status
                    )
                target = urljoin(current, location)
                if reason := safety.redirect_refusal(current, target):
                    raise _Failed(reason, answer.status)
                moved = moved or answer.status in PERMANENT
                current = target
            else:
                raise _Failed(f"more than {self.settings.max_redirects} redirects")
            if not 200 <= answer.status < 300:
                raise _Failed(_describe(answer.status), answer.status)
        except _Failed as failure:
            return Page(url, False, str(failure), failure.status, **counter)
        return Page(
            url,
            True,
            _describe(answer.status),
            answer.status,
            current,
            moved,
            answer.anchors,
            **counter,
        )

    def _request(self, url: str, want_anchors: bool, counter: dict) -> _Answer:
        """One GET, tried again after a timeout, a connection error, a 429 or a 5xx."""
        host = urlsplit(url).hostname or ""
        last, last_status = "no attempt", None
        for _ in range(self.settings.retries + 1):
            counter["attempts"] += 1
            try:
                with self.throttle.slot(host):
                    answer = self._exchange(url, want_anchors)
            except urllib3.exceptions.TimeoutError:
                last = f"no answer within {self.settings.timeout:g} s"
                continue
            except urllib3.exceptions.HTTPError as error:
                last = f"connection failed ({type(error).__name__}: {error})"
                continue
            if answer.status not in RETRIED:
                return answer
            last, last_status = _describe(answer.status), answer.status
            delay = retry_after(answer.headers.get("Retry-After"), time.time())
            if delay is not None:
                if delay > self.settings.max_retry_after:
                    raise _Failed(
                        f"{last}, asked to retry after {delay:g} s, longer than "
                        f"max_retry_after ({self.settings.max_retry_after:g} s)",
                        answer.status,
                    )
                counter["waited"] += delay
                self.throttle.pause(host, delay)
        tries = counter["attempts"]
        raise _Failed(f"{last} ({tries} attempt{'s' * (tries != 1)})", last_status)

    def _exchange(self, url: str, want_anchors: bool) -> _Answer:
        """Send the request and read what is needed of the reply, then close it."""
        response = self.pool.request("GET", url, redirect=False, preload_content=False)
        try:
            anchors = None
            html = "html" in response.headers.get("Content-Type", "")
            if want_anchors and html and 200 <= response.status < 300:
                anchors = page_anchors(response.read(self.settings.max_page_bytes))
            return _Answer(response.status, response.headers, anchors)
        finally:
            response.close()
