"""The DIRAC Knowledge Base's own Sphinx extension: one module a job, registered here, and the
Pygments lexer of DIRAC's CFG syntax."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pygments.lexer import RegexLexer, bygroups
from pygments.token import Comment, Name, Operator, Punctuation, String, Text, Whitespace

if TYPE_CHECKING:  # Sphinx loads in a tenth of a second: not for the tools that need none of it
    from sphinx.application import Sphinx

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
    "kb.template_cache",
)


class DiracCfgLexer(RegexLexer):
    """DIRAC's CFG syntax, so that ``cfg`` blocks highlight without errors: Pygments' own
    ``cfg`` alias is the INI lexer, which stops at the braces of nested sections, and Sphinx
    would warn on every CFG block."""

    name = "DIRAC CFG"
    aliases = ["cfg", "dirac-cfg"]
    filenames = ["*.cfg"]

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"#.*$", Comment.Single),
            (r"([^\s{}=#][^{}=#\n]*?)(\s*)(\{)", bygroups(Name.Namespace, Whitespace, Punctuation)),
            (r"\}", Punctuation),
            (
                r"([^\s{}=#][^{}=#\n]*?)(\s*)(\+?=)([ \t]*)([^\n#]*)",
                bygroups(Name.Attribute, Whitespace, Operator, Whitespace, String),
            ),
            (r"[^\n]+", Text),
        ]
    }


def setup(app: Sphinx) -> dict:
    app.add_lexer("cfg", DiracCfgLexer)
    for part in PARTS:
        app.setup_extension(part)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
