"""The anchors a page offers, and whether a #fragment is one of them under the host's rule."""

from __future__ import annotations

from urllib.parse import unquote

from bs4 import BeautifulSoup

from kb.links.config import AnchorRule


def page_anchors(html: str) -> frozenset[str]:
    """Every ``id`` of the page and every ``name`` of its ``<a>`` elements."""
    soup = BeautifulSoup(html, "html.parser")
    ids = {element["id"] for element in soup.find_all(attrs={"id": True})}
    names = {element["name"] for element in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids | names)


def has_anchor(anchors: frozenset[str], fragment: str, rule: AnchorRule | None) -> bool:
    fragment = unquote(fragment)
    if fragment in anchors:
        return True
    if rule is None:
        return False
    return rule.accepts_unseen(fragment) or f"{rule.id_prefix}{fragment}" in anchors
