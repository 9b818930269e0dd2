"""The DIRAC Knowledge Base's own Sphinx extension: one module a job, registered here."""

from sphinx.application import Sphinx

from kb.lexers import DiracCfgLexer

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
)


def setup(app: Sphinx) -> dict:
    app.add_lexer("cfg", DiracCfgLexer)
    for part in PARTS:
        app.setup_extension(part)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
