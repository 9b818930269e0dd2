"""The external check: every URL once, through the cache, the ignore list and the fetcher."""

from __future__ import annotations

import argparse
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from kb.links import collect, report, safety
from kb.links.anchors import has_anchor
from kb.links.cache import Cache
from kb.links.collect import Links
from kb.links.config import Settings
from kb.links.fetch import Fetcher, Page
from kb.links.outputs import Output, Source, SourceMap


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
    attempts: int = 0
    waited: float = field(default=0.0)


def check(links: Links, settings: Settings, cache: Cache, fetcher: Fetcher) -> list[Result]:
    """A result for every URL of ``links``; each page is requested once, whatever its fragments."""
    results, pending = [], defaultdict(list)
    for url, where in links.items():
        sources = tuple(sorted(where, key=str))
        if rule := settings.ignored(url):
            results.append(Result(url, "ignored", rule.reason, sources))
        elif reason := safety.refusal(url):
            results.append(Result(url, "broken", reason, sources))
        elif entry := cache.get(url):
            state = "moved" if entry.get("moved") else "ok"
            results.append(
                Result(
                    url,
                    state,
                    "good in the cache",
                    sources,
                    entry["status"],
                    entry["final_url"],
                    cached=True,
                )
            )
        else:
            pending[urldefrag(url).url].append((url, sources))

    def visit(base: str) -> Page:
        want_anchors = any(urldefrag(url).fragment for url, _ in pending[base])
        return fetcher.page(base, want_anchors)

    with ThreadPoolExecutor(max_workers=settings.workers) as pool:
        for page in pool.map(visit, sorted(pending)):
            for url, sources in pending[page.url]:
                result = _judge(url, sources, page, settings)
                if result.state in ("ok", "moved"):
                    cache.remember(url, page.status, page.final_url, result.state == "moved")
                results.append(result)
    return sorted(results, key=lambda result: result.url)


def _judge(url: str, sources: tuple[Source, ...], page: Page, settings: Settings) -> Result:
    found = dict(
        status=page.status, final_url=page.final_url, attempts=page.attempts, waited=page.waited
    )
    if not page.ok:
        return Result(url, "broken", page.message, sources, **found)
    fragment = urldefrag(url).fragment
    if fragment and page.anchors is not None:
        rule = settings.anchor_rule(urlsplit(page.final_url).hostname or "")
        if not has_anchor(page.anchors, fragment, rule):
            return Result(url, "broken", f"the page has no anchor '#{fragment}'", sources, **found)
    if page.moved:
        return Result(
            url,
            "moved",
            f"{page.message}, moved permanently to {page.final_url}: update the link",
            sources,
            **found,
        )
    return Result(url, "ok", page.message, sources, **found)


def run(
    found: list[Output], settings: Settings, sources: SourceMap, args: argparse.Namespace
) -> int:
    """Collect, check, save the cache and write both reports; 1 when a link is broken."""
    build = args.html.parent
    links = collect.merge(
        collect.from_outputs(found, sources),
        collect.from_bibliography(args.bib, sources),
        collect.from_records(args.records or args.docs / "records", sources),
    )
    cache = Cache(args.cache or build / "linkcheck-cache.json", settings.cache_max_age)
    results = check(links, settings, cache, Fetcher(settings))
    cache.save()
    folder = args.report or build / "linkcheck"
    text = report.write(results, folder)
    print(text, end="")
    print(f"The reports are {folder / report.TEXT} and {folder / report.JSON}.")
    return 1 if any(result.state == "broken" for result in results) else 0
