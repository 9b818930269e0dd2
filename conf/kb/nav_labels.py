"""Names for the theme's expand/collapse toggles in the navigation sidebar.

pydata-sphinx-theme puts a section's link before its ``<details>`` and leaves the ``<summary>``
with a chevron icon only, which screen readers announce without a name (axe-core's
``summary-name`` rule, serious). Each such summary gets an ``aria-label`` naming its section.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from markupsafe import Markup
from sphinx.application import Sphinx

#: After the theme's own handler, which puts ``generate_toctree_html`` in the context.
AFTER_THEME = 900


def label_toggles(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for summary in soup.select("li.has-children > details > summary"):
        if summary.get_text(strip=True) or summary.has_attr("aria-label"):
            continue
        link = summary.find_parent("li").find("a", recursive=False)
        section = link.get_text(" ", strip=True) if link else "this section"
        summary["aria-label"] = f"Show or hide the pages under {section}"
    return str(soup)


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
