"""The sitemap lists every page, in name order, after any build.

sphinx-sitemap lists the pages its build writes, in the order the write workers finish: an
incremental build published a sitemap of the few pages it wrote again. When an HTML build ends,
and before sphinx-sitemap writes the file, its list is made again from every page of the
project, in name order, through sphinx-sitemap's own function for one page (its link and date
rules stay its own).

The list is kept in the main process: sphinx-sitemap starts a multiprocessing manager in every
build for the write workers' entries, a server process that costs each build time and, in a
test process, outlives the build; those entries are made again here anyway, so a plain queue
takes the manager's place.
"""

from __future__ import annotations

import queue

import sphinx_sitemap
from sphinx.application import Sphinx


class InProcessManager:
    """What sphinx-sitemap asks of ``multiprocessing.Manager()``: a queue."""

    Queue = queue.Queue


def list_every_page(app: Sphinx, exception: Exception | None) -> None:
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.format != "html":
        return
    while not links.empty():
        links.get_nowait()
    for docname in sorted(app.env.found_docs):
        sphinx_sitemap.add_html_link(app, docname, None, None, None)


def setup(app: Sphinx) -> dict:
    sphinx_sitemap.Manager = InProcessManager
    app.connect("build-finished", list_every_page, priority=400)  # before sphinx-sitemap's
    return {"parallel_read_safe": True, "parallel_write_safe": True}
