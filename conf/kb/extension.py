"""The Sphinx extension of the knowledge base (``extensions = ["kb.extension"]`` in conf.py):
it registers every part of kb that takes part in a build, and the lexer of ``cfg`` blocks."""

from __future__ import annotations

from sphinx.application import Sphinx

from kb.cfg_lexer import DiracCfgLexer

#: The parts, in the order they are set up; each is a module with a ``setup(app)`` of its own.
PARTS = (
    "kb.data",
    "kb.pages",
    "kb.markdown_checks",
    "kb.published",
    "kb.lines",
    "kb.release_table",
    "kb.diracx_services",
    "kb.upgrade_path",
    "kb.schema_diff",
    "kb.removed",
    "kb.releases",
    "kb.command_reference",
    "kb.config_reference",
    "kb.redirects",
    "kb.nav_labels",
    "kb.fonts",
    "kb.pdf",
    "kb.template_cache",
    "kb.search_entries",
    "kb.sitemap",
    "kb.bibliography",
    "kb.records",
)


def setup(app: Sphinx) -> dict:
    app.add_lexer("cfg", DiracCfgLexer)
    for part in PARTS:
        app.setup_extension(part)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
