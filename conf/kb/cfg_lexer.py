"""The Pygments lexer of DIRAC's CFG syntax, registered for ``cfg`` blocks by ``kb.extension``."""

from pygments.lexer import RegexLexer, bygroups
from pygments.token import Comment, Name, Operator, Punctuation, String, Text, Whitespace


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
