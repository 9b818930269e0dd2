"""The search index keeps every page's index entries across incremental builds.

Sphinx 9 gathers each page's index entries (glossary terms, components, publications) for
searchindex.js into the build environment while it writes the pages, after it has saved the
environment: the next incremental build starts without them and writes a search index that
holds the entries of the pages it wrote again, and no other. Here the entries are saved beside
the environment when a build ends, and laid back once the next build knows which pages remain;
the pages written again replace their own.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx

FILE = "kb-search-index-entries.json"


def _saved(app: Sphinx) -> Path:
    return Path(app.doctreedir) / FILE


def restore(app: Sphinx, env) -> None:
    entries = getattr(env, "_search_index_index_entries", None)
    if entries is None:  # a Sphinx that keeps them another way
        return
    try:
        saved = json.loads(_saved(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no build saved them yet
        return
    for docname, rows in saved.items():
        if docname in env.all_docs:
            entries.setdefault(docname, [tuple(row) for row in rows])


def save(app: Sphinx, exception: Exception | None) -> None:
    entries = getattr(app.env, "_search_index_index_entries", None)
    if exception is None and entries is not None and getattr(app.builder, "indexer", None):
        _saved(app).write_text(json.dumps(entries, sort_keys=True), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("env-updated", restore)
    app.connect("build-finished", save)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
