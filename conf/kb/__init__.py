"""The DIRAC Knowledge Base's own Sphinx extension: one module a job, registered here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.lexers import DiracCfgLexer

if TYPE_CHECKING:  # Sphinx loads in a tenth of a second: not for the tools that need none of it
    from sphinx.application import Sphinx

PARTS = (
    "kb.pages",
    "kb.markdown_checks",
    "kb.published",
    "kb.lines",
    "kb.release_table",
    "kb.upgrade_path",
    "kb.command_reference",
    "kb.redirects",
    "kb.nav_labels",
    "kb.fonts",
)


def setup(app: Sphinx) -> dict:
    app.add_lexer("cfg", DiracCfgLexer)
    for part in PARTS:
        app.setup_extension(part)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
