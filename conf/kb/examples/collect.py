"""Gather the code blocks of every page under a folder as Sybil examples."""

from __future__ import annotations

from pathlib import Path

from sybil import Document, Example

from kb.examples.blocks import CodeBlockParser
from kb.examples.check import Context, Evaluator


def examples(directory: Path, context: Context) -> list[Example]:
    """One Sybil example per code block of ``directory/**/*.md``, in file and line order."""
    parser = CodeBlockParser(Evaluator(context))
    found: list[Example] = []
    for path in sorted(directory.rglob("*.md")):
        found += Document.parse(str(path), parser)
    return found
