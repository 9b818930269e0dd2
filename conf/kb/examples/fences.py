"""The language of a MyST fence, from its info string: shared by the example checks and the
build's Markdown checks, without Sybil (a test tool) in the build."""

from __future__ import annotations

import re

CODE_DIRECTIVE = re.compile(r"^\{(?:code-block|code|sourcecode)\}\s*(?P<language>\S*)")
DIRECTIVE = re.compile(r"^\{[^}]*\}")


def language_of(info: str) -> str | None:
    """The language of a fence's info string; None for a container directive."""
    info = info.strip()
    code = CODE_DIRECTIVE.match(info)
    if code:
        return code.group("language")
    if DIRECTIVE.match(info):
        return None
    return info.split()[0] if info else ""
