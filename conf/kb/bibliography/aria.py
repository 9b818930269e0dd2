"""Citation lists that screen readers and axe-core accept.

Docutils writes a run of citations as ``<div role="list">`` holding ``<div
role="doc-biblioentry">`` entries. DPUB-ARIA 1.1 deprecated ``doc-biblioentry``, and a list
whose children are not list items breaks ARIA's rule (axe-core: aria-required-children,
critical). Each entry becomes a plain list item instead.
"""

from __future__ import annotations

from sphinx.application import Sphinx

DEPRECATED = 'role="doc-biblioentry"'
LIST_ITEM = 'role="listitem"'


def citation_items(body: str) -> str:
    return body.replace(DEPRECATED, LIST_ITEM)


def fix_citation_lists(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    if "body" in context:
        context["body"] = citation_items(context["body"])
