"""The external check: every URL once, asked of lychee, judged and reported with its sources.

lychee does the requests (:mod:`kb.links.remote`).  This module adds what it lacks, as
measured in benchmarks/RESULTS.md ("External links"): it never hands lychee a URL with
credentials or another scheme (lychee would send the credentials), it applies the anchor rules
of linkcheck.toml (GitHub makes some anchors with JavaScript), it asks once more about a URL
that failed with a 5xx (lychee does not retry those), and it reads lychee's redirects: a
permanent one makes a link "moved", one from https to plain http makes it broken.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from kb.links import collect, remote, report
from kb.links.collect import Links
from kb.links.config import Settings
from kb.links.outputs import Output, Source, SourceMap
from kb.links.remote import Answer

PERMANENT = (301, 308)
FOLLOWED_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Result:
    url: str
    state: str
    """ok, moved (works, but through a permanent redirect), broken or ignored."""
    message: str
    sources: tuple[Source, ...]
    status: int | None = None
    final_url: str | None = None
    cached: bool = False


def refusal(url: str) -> str | None:
    """Why ``url`` is not requested, or None when it may be: http(s) only, never credentials."""
    parts = urlsplit(url)
    if parts.scheme not in FOLLOWED_SCHEMES:
        return f"only http and https URLs are followed, not '{parts.scheme}:'"
    if parts.username is not None or parts.password is not None:
        return (
            "the URL carries credentials (user:password@): remove them from the link; "
            "the check never sends credentials"
        )
    if not parts.hostname:
        return "the URL names no host"
    return None


def redirect_refusal(origin: str, target: str) -> str | None:
    """Why a redirect from ``origin`` to ``target`` makes the link broken, or None."""
    reason = refusal(target)
    if reason:
        return f"redirect to {target} not followed: {reason}"
    if urlsplit(origin).scheme == "https" and urlsplit(target).scheme == "http":
        return f"redirect from https to plain http ({target}): link to an https address"
    return None


def as_asked(url: str, settings: Settings) -> str:
    """The URL to give lychee: without a fragment that the host's anchor rule does not check."""
    base, fragment = urldefrag(url)
    rule = settings.anchor_rule(urlsplit(url).hostname or "")
    if fragment and rule and rule.accepts_unseen(unquote(fragment)):
        return base
    return url


def second_asking(url: str, answer: Answer, settings: Settings) -> str | None:
    """What to ask lychee again about ``url`` after ``answer``, if anything."""
    if answer.fragment_missing:
        rule = settings.anchor_rule(urlsplit(url).hostname or "")
        base, fragment = urldefrag(url)
        return f"{base}#{rule.id_prefix}{fragment}" if rule and rule.id_prefix else None
    if answer.status is not None and 500 <= answer.status < 600:
        return as_asked(url, settings)
    return None


def check(links: Links, settings: Settings, folder: Path, cache_folder: Path) -> list[Result]:
    """A result for every URL of ``links``; lychee's work files go into ``folder``, its cache
    into ``cache_folder``."""
    results, asked = [], {}
    for url, where in links.items():
        sources = tuple(sorted(where, key=str))
        if rule := settings.ignored(url):
            results.append(Result(url, "ignored", rule.reason, sources))
        elif reason := refusal(url):
            results.append(Result(url, "broken", reason, sources))
        else:
            asked[url] = sources
    first = {url: as_asked(url, settings) for url in asked}
    answers = remote.ask(sorted(set(first.values())), settings, folder, cache_folder)
    answers = {url: answers[first[url]] for url in asked}
    again = {url: second_asking(url, answer, settings) for url, answer in answers.items()}
    again = {url: retry for url, retry in again.items() if retry}
    if again:
        retried = remote.ask(sorted(set(again.values())), settings, folder, cache_folder)
        answers |= {url: retried[retry] for url, retry in again.items()}
    results += [judge(url, sources, answers[url], settings) for url, sources in asked.items()]
    return sorted(results, key=lambda result: result.url)


def judge(url: str, sources: tuple[Source, ...], answer: Answer, settings: Settings) -> Result:
    final = answer.redirects[-1][1] if answer.redirects else url
    found = dict(status=answer.status, final_url=final, cached=answer.cached)
    previous = url
    for _, target in answer.redirects:
        if refusal := redirect_refusal(previous, target):
            return Result(url, "broken", refusal, sources, **found)
        previous = target
    if not answer.ok:
        return Result(url, "broken", _problem(url, answer, settings), sources, **found)
    if answer.cached:
        return Result(url, "ok", "good in the cache", sources, **found)
    if any(code in PERMANENT for code, _ in answer.redirects):
        message = f"{answer.described}, moved permanently to {final}: update the link"
        return Result(url, "moved", message, sources, **found)
    return Result(url, "ok", answer.described, sources, **found)


def _problem(url: str, answer: Answer, settings: Settings) -> str:
    if answer.fragment_missing:
        return f"the page has no anchor '#{urldefrag(url).fragment}'"
    if answer.timed_out:
        tries = settings.retries + 1
        seconds = remote.timeout(settings)
        return f"no answer within {seconds} s ({tries} attempt{'s' * (tries != 1)})"
    return answer.described


def run(
    found: list[Output], settings: Settings, sources: SourceMap, args: argparse.Namespace
) -> int:
    """Collect, check and write both reports; 1 when a link is broken."""
    build = args.html.parent
    links = collect.merge(
        collect.from_outputs(found, sources),
        collect.from_bibliography(args.bib, sources),
        collect.from_records(args.records or args.docs / "records", sources),
    )
    folder = args.report or build / "linkcheck"
    results = check(links, settings, folder, build)
    text = report.write(results, folder)
    print(text, end="")
    print(f"The reports are {folder / report.TEXT} and {folder / report.JSON}.")
    return 1 if any(result.state == "broken" for result in results) else 0
