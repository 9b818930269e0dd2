"""Redirects for moved pages: ``conf/data/redirects.toml`` feeds sphinx-reredirects.

The old address of a moved page gets a small page that sends the reader on to the new one. An
entry is checked against ``docs/`` first: an old page that still exists, or a new one that does
not, stops the build at the entry's line in the data file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

import kb.data
from kb import paths
from kb.lines import other_line_pages
from kb.problems import ProblemError

DATA = paths.DATA / "redirects.toml"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Move:
    old: str
    new: str
    line: int


def load(path: Path = DATA) -> list[Move]:
    data, lines = kb.data.load(path, "redirects")
    return [
        Move(old.strip("/"), new.strip("/").removesuffix(".md"), lines[("moved", old)])
        for old, new in data.get("moved", {}).items()
    ]


def check(moves: list[Move], docs: Path, path: Path = DATA) -> None:
    """Every old page is gone and every new page exists under ``docs``."""
    for move in moves:
        if (docs / f"{move.old}.md").exists():
            raise ProblemError.at(
                path,
                move.line,
                f"docs/{move.old}.md still exists, and a redirect would hide it",
                "delete the entry or the page",
            )
        if not (docs / f"{move.new}.md").exists():
            raise ProblemError.at(
                path,
                move.line,
                f"the new page docs/{move.new}.md does not exist",
                "name a page under docs/ without '.md'",
            )


def redirects_for(moves: list[Move], left_out: set[str]) -> dict[str, str]:
    """sphinx-reredirects' mapping, without pages that this line's build leaves out."""
    return {move.old: f"/{move.new}.html" for move in moves if move.new not in left_out}


def configure(app: Sphinx) -> None:
    try:
        moves = load()
        check(moves, Path(app.srcdir))
    except ProblemError as error:
        error.log(logger)
        return
    left_out = set(other_line_pages(app.config))
    app.config.redirects = redirects_for(moves, left_out)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_reredirects")
    app.connect("builder-inited", configure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
