"""Names for the theme's expand/collapse toggles in the navigation sidebar.

pydata-sphinx-theme puts a section's link before its ``<details>`` and leaves the ``<summary>``
with a chevron icon only, which screen readers announce without a name (axe-core's
``summary-name`` rule, serious). Each such summary gets an ``aria-label`` naming its section.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup
from sphinx.application import Sphinx

#: After the theme's own handler, which puts ``generate_toctree_html`` in the context.
AFTER_THEME = 900
#: A section's entry as the theme writes it: its link, then ``<details>`` whose ``<summary>``
#: holds the chevron alone. Matched with a regular expression rather than an HTML parser: the
#: sidebar lists every page of a section on each of its pages, so parsing it costs pages x
#: section size (a quarter of the build at 2,000 pages). On a sidebar of 10 sections of 100
#: pages (85 KiB), lxml (parse, label, serialise) takes 3.3 ms a page, this 0.27 ms (26 Nov).
TOGGLE = re.compile(
    r'(<li class="[^"]*\bhas-children\b[^"]*">\s*<a\b[^>]*>(?P<link>.*?)</a>\s*'
    r"<details\b[^>]*>\s*<summary)"
    r'(?=>\s*<span class="toctree-toggle"[^>]*>\s*(?:<i\b[^>]*>\s*</i>)?\s*</span>\s*</summary>)',
    re.DOTALL,
)
TAG = re.compile(r"<[^>]+>")


def _labelled(match: re.Match) -> str:
    section = " ".join(html.unescape(TAG.sub(" ", match["link"])).split()) or "this section"
    label = html.escape(f"Show or hide the pages under {section}", quote=True)
    return f'{match[1]} aria-label="{label}"'


def label_toggles(sidebar: str) -> str:
    """``sidebar`` with an ``aria-label`` on each summary that has no text of its own."""
    return TOGGLE.sub(_labelled, sidebar)


def wrap_sidebar(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def labelled(*args, **kwargs):
        return Markup(label_toggles(str(generate(*args, **kwargs))))

    context["generate_toctree_html"] = labelled


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", wrap_sidebar, priority=AFTER_THEME)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
