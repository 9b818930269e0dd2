"""Redirects for moved pages: ``conf/data/redirects.toml`` feeds sphinx-reredirects.

The old address of a moved page gets a small page that sends the reader on to the new one. An
entry is checked against ``docs/`` first: an old page that still exists, or a new one that does
not, stops the build at the entry's line in the data file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

DATA = Path(__file__).resolve().parents[1] / "data" / "redirects.toml"

logger = logging.getLogger(__name__)


class RedirectError(ValueError):
    """A wrong entry; ``str()`` gives ``path:line: message``."""

    def __init__(self, path: Path, line: int, message: str):
        self.location, self.message = f"{path}:{line}", message
        super().__init__(f"{self.location}: {message}")


@dataclass(frozen=True)
class Move:
    old: str
    new: str
    line: int


def line_of(text: str, key: str) -> int:
    """The line an entry's key stands on (tomllib keeps no positions)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith((f'"{key}"', f"'{key}'", f"{key} ")):
            return number
    return 1


def load(path: Path = DATA) -> list[Move]:
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found.group(1)) if found else 1
        raise RedirectError(path, line, f"not valid TOML ({error}); fix the syntax") from None
    moved = data.get("moved", {})
    if not isinstance(moved, dict):
        raise RedirectError(path, line_of(text, "moved"), "'moved' must be a table: [moved]")
    moves = []
    for old, new in moved.items():
        if not isinstance(new, str):
            raise RedirectError(
                path, line_of(text, old), f'"{old}" must name the new page as a string'
            )
        moves.append(Move(old.strip("/"), new.strip("/").removesuffix(".md"), line_of(text, old)))
    return moves


def check(moves: list[Move], docs: Path, path: Path = DATA) -> None:
    """Every old page is gone and every new page exists under ``docs``."""
    for move in moves:
        if (docs / f"{move.old}.md").exists():
            raise RedirectError(
                path,
                move.line,
                f"docs/{move.old}.md still exists; a redirect would hide it: delete the entry "
                "or the page",
            )
        if not (docs / f"{move.new}.md").exists():
            raise RedirectError(
                path,
                move.line,
                f"the new page docs/{move.new}.md does not exist; name a page under docs/ "
                "without '.md'",
            )


def redirects_for(moves: list[Move], left_out: set[str]) -> dict[str, str]:
    """sphinx-reredirects' mapping, without pages that this line's build leaves out."""
    return {move.old: f"/{move.new}.html" for move in moves if move.new not in left_out}


def configure(app: Sphinx) -> None:
    try:
        moves = load()
        check(moves, Path(app.srcdir))
    except RedirectError as error:
        logger.error(error.message, location=error.location)
        return
    left_out = set(getattr(app, "kb_other_line_pages", {}))
    app.config.redirects = redirects_for(moves, left_out)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_reredirects")
    app.connect("builder-inited", configure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
