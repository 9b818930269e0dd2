"""Find the code blocks of a MyST page with Sybil, with their language and annotations.

Annotations are MyST comment lines right above a block's opening fence (``% dirac:``,
``% diracx:``, ``% schema:``, ``% skip:``; docs/about/checked-examples.md tells what each does);
a block's own ``% dirac:`` and ``% diracx:`` replace the page's front matter.

Fences inside a code block (a Markdown sample that shows a code block) are part of its text,
not blocks of their own.  Directive fences such as ````{note}```` are containers: the code blocks
inside them are found, the container itself is not a code block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sybil import Document, Region
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer

from kb import frontmatter, paths
from kb.markdown_checks import language_of

INFO = re.compile(r"(?P<info>[^\n]*)$\n", re.MULTILINE)
ANNOTATION = re.compile(r"^\s*%\s*(?P<key>dirac|diracx|schema|skip)\s*:(?P<value>.*)$")
COMMENT = re.compile(r"^\s*%")


@dataclass
class Block:
    path: str
    """The page, relative to the project root (``docs/migration/x.md``)."""
    line: int
    """The line of the opening fence."""
    language: str
    source: str
    releases: str | None
    """The release specifier that applies: the block's ``% dirac:`` or the page's ``dirac:``."""
    skip: str | None = None
    """The text after ``% skip:``; None when the block has no skip comment."""
    diracx: str | None = None
    """The DiracX specifier from the block's ``% diracx:`` or the page's ``diracx:``, if any."""
    schema: str | None = None
    """The text after ``% schema:``; None when the block has none."""
    problem: str | None = None
    """Why the page gives the block no release specifier (no or broken front matter)."""

    @property
    def first_line(self) -> int:
        """The file line of the block's first line of code."""
        return self.line + 1

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


def relative(path: str | Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(paths.ROOT)) if path.is_relative_to(paths.ROOT) else str(path)


def annotations(lines: list[str], fence_index: int) -> dict[str, str]:
    """``% key: value`` comment lines directly above the fence (key → value; the nearest wins)."""
    found: dict[str, str] = {}
    index = fence_index - 1
    while index >= 0 and COMMENT.match(lines[index]):
        if match := ANNOTATION.match(lines[index]):
            found.setdefault(match["key"], match["value"].strip())
        index -= 1
    return found


class CodeBlockParser:
    """A Sybil parser yielding one region per code block, evaluated by ``evaluator``."""

    def __init__(self, evaluator):
        self.evaluator = evaluator
        self.lexer = RawFencedCodeBlockLexer(info_pattern=INFO)

    def __call__(self, document: Document) -> Iterable[Region]:
        path = relative(document.path)
        page_releases, page_diracx, page_problem = self.page_specifiers(document, path)
        lines = document.text.splitlines()
        regions = [r for r in self.lexer(document) if language_of(r.lexemes["info"]) is not None]
        leaves = [r for r in regions if not any(_inside(r, other) for other in regions)]
        for region in sorted(leaves, key=lambda r: r.start):
            line = document.text.count("\n", 0, region.start) + 1
            notes = annotations(lines, line - 1)
            block = Block(
                path=path,
                line=line,
                language=language_of(region.lexemes["info"]),
                source=str(region.lexemes["source"]),
                releases=notes.get("dirac", page_releases),
                skip=notes.get("skip"),
                diracx=notes.get("diracx", page_diracx),
                schema=notes.get("schema"),
                problem=None if "dirac" in notes else page_problem,
            )
            yield Region(region.start, region.end, parsed=block, evaluator=self.evaluator)

    @staticmethod
    def page_specifiers(document: Document, path: str) -> tuple[str | None, str | None, str | None]:
        """The page's ``dirac:`` and ``diracx:`` specifiers, and a problem explaining why there
        is no ``dirac:`` one (a broken header is reported once, with its ``dirac:``)."""
        try:
            data = frontmatter.parse(document.text, path).data
        except frontmatter.FrontMatterError as error:
            return None, None, str(error)
        diracx = None if data.get("diracx") is None else str(data["diracx"])
        if "dirac" not in data:
            problem = (
                f"{path}:1: the page has no 'dirac:' front matter; add one such as "
                "dirac: \">=8.0\" (or '% dirac: 9.0' right above this block)"
            )
            return None, diracx, problem
        return str(data["dirac"]), diracx, None


def _inside(region: Region, other: Region) -> bool:
    """True when ``region`` lies in the text of the code block ``other``."""
    return other is not region and other.start < region.start and region.end <= other.end
