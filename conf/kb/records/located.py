"""Front matter with the file line of every key, nested keys and list items included.

``kb.frontmatter`` reads a page's front matter and keeps the line of every key, as dotted
paths; records address their values as tuples (``("actions", 2, "owner")``), so that an error
can point at, say, the owner of the third action.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.frontmatter import FrontMatterError, parse, split

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Located:
    """A record's front matter: the values, and the file line of each path in them."""

    path: Path
    data: dict
    lines: dict[Path_, int]

    def line_of(self, where: Path_) -> int:
        """Line of ``where``, or of its nearest ancestor that has one (1 for the file)."""
        for end in range(len(where), 0, -1):
            if where[:end] in self.lines:
                return self.lines[where[:end]]
        return 1


def parse_located(text: str, path: Path | str) -> Located:
    """Values and lines of the front matter of ``text``; FrontMatterError if it cannot be read."""
    path = Path(path)
    front_matter = parse(text, path)
    if split(text) is None:
        raise FrontMatterError(
            path,
            1,
            "a record needs YAML front matter between two '---' lines at the top "
            "of the file; start from a template with 'python -m kb.records new <kind>'",
        )
    lines = {_as_path(key): line for key, line in front_matter.key_lines.items()}
    return Located(path, front_matter.data, lines)


def _as_path(dotted: str) -> Path_:
    """``actions.2.owner`` as ``("actions", 2, "owner")``."""
    return tuple(int(part) if part.isdigit() else part for part in dotted.split("."))
