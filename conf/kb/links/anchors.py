"""The anchors a page offers, and whether a #fragment is one of them under the host's rule."""

from __future__ import annotations

from urllib.parse import unquote

from kb.links import html
from kb.links.config import AnchorRule


def page_anchors(content: bytes) -> frozenset[str]:
    return html.anchors(html.parse(content))


def has_anchor(anchors: frozenset[str], fragment: str, rule: AnchorRule | None) -> bool:
    fragment = unquote(fragment)
    if fragment in anchors:
        return True
    if rule is None:
        return False
    return rule.accepts_unseen(fragment) or f"{rule.id_prefix}{fragment}" in anchors
