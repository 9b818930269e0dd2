"""Find orphans: pages of an output that the navigation does not lead to from the root page.

Sphinx warns about a page left out of every toctree, but not about one marked ``orphan`` nor
one that only a plain link reaches. Here the navigation is what the theme shows: the links that
the CSS selectors of ``[internal] navigation`` in linkcheck.toml match, followed page by page
from ``index.html``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml.cssselect import CSSSelector

from kb.links import html
from kb.links.outputs import Output, Source, SourceMap

ROOT_PAGE = "index.html"


def locate(folder: Path, href: str) -> Path | None:
    """The page that ``href``, written in a page of ``folder``, leads to; None for a link
    that leaves the site or stays on the same page."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    # normpath, not resolve: the pages are already absolute, and following symlinks for each
    # of thousands of links cost a third of the check.
    target = Path(os.path.normpath(folder / unquote(parts.path)))
    return target / ROOT_PAGE if target.is_dir() else target


def navigation_targets(
    page: Path, navigation: CSSSelector, locate: Callable[[Path, str], Path | None] = locate
) -> set[Path]:
    """The pages that the navigation links of ``page`` point to."""
    document = html.read(page)
    links = navigation(document) if document is not None else ()
    return {locate(page.parent, link.get("href", "")) for link in links} - {None}


def orphans(output: Output, selectors: tuple[str, ...], sources: SourceMap) -> list[Source]:
    """The Markdown pages whose built page the navigation never reaches, sorted."""
    pages = set(output.pages())
    start = output.root / ROOT_PAGE
    navigation = CSSSelector(", ".join(selectors))
    # Every page of a section links to all its siblings: without the cache, resolving those
    # links grows with pages x section size (make bench: 13 s of 15 s at 500 pages).
    located = cache(locate)
    reached, queue = {start}, [start]
    while queue:
        for target in navigation_targets(queue.pop(), navigation, located) & pages:
            if target not in reached:
                reached.add(target)
                queue.append(target)
    unreached = (sources.markdown(output, page) for page in pages - reached)
    found = (
        Source(sources.name(markdown), note="no navigation link leads to it")
        for markdown in unreached
        if markdown is not None
    )
    return sorted(found, key=str)
