"""Which PDFs ``make pdf`` produces: the whole knowledge base as a book, and one per guide.

A migration guide is any page under ``docs/migration/`` whose front matter has a ``migration``
key; each gets its own PDF named after its file, titled with its first heading.

The list is made when the LaTeX builder starts, not in conf.py: reading every guide's title
with markdown-it cost each HTML build, one-page rebuilds included, a tenth of a second or more.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kb import paths
from kb.frontmatter import read
from kb.markdown_checks import headings

if TYPE_CHECKING:
    from sphinx.application import Sphinx

BOOK = ("index", "dirac-knowledge-base.tex")


def title_of(path: Path) -> str:
    """The guide's first level-1 heading, without its code marks."""
    text = path.read_text(encoding="utf-8")
    title = next((title for level, title in headings(text) if level == 1), None)
    if title is None:
        raise ValueError(f"{path}: a guide needs a '# Title' heading")
    return title.replace("`", "")


def guides(docs: Path) -> list[Path]:
    """The migration guides, in file-name order."""
    return [
        path for path in sorted((docs / "migration").glob("*.md")) if "migration" in read(path).data
    ]


def latex_documents(docs: Path, project: str, author: str) -> list[tuple]:
    documents = [(*BOOK, project, author, "manual")]
    for path in guides(docs):
        docname = path.relative_to(docs).with_suffix("").as_posix()
        documents.append((docname, f"guide-{path.stem}.tex", title_of(path), author, "howto"))
    return documents


def _set_documents(app: Sphinx) -> None:
    if app.builder.name == "latex":
        app.config.latex_documents = latex_documents(
            paths.DOCS, app.config.project, app.config.author
        )


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _set_documents)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
