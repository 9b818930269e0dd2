"""Front matter with the file line of every key, nested keys and list items included.

``kb.frontmatter`` reads a page's front matter and keeps the lines of its top-level keys; a
record also needs the line of, say, the ``owner`` of its third action, so that an error can
point there.  This module composes the same YAML text again and maps every path
(``("actions", 2, "owner")``) to its line.  It also refuses duplicate keys, which plain YAML
loading would silently collapse into the last one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

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


def _map_lines(node: yaml.Node, where: Path_, lines: dict[Path_, int], path: Path) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            line = key.start_mark.line + 2  # the YAML text starts on the file's line 2
            if name in seen:
                raise FrontMatterError(
                    path, line, f"the key '{name}' appears twice; keep one of the two lines"
                )
            seen.add(name)
            lines[(*where, name)] = line
            _map_lines(value, (*where, name), lines, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*where, index)] = item.start_mark.line + 2
            _map_lines(item, (*where, index), lines, path)


def _impossible_date(text: str, path: Path) -> FrontMatterError:
    """The error for a value shaped like a date that is no date (2023-02-30, 2023-13-01)."""
    constructor = yaml.SafeLoader("")
    pending = [yaml.compose(split(text)[0], Loader=yaml.SafeLoader)]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            pending.extend(value for pair in node.value for value in pair)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif node is not None and node.tag.endswith(":timestamp"):
            try:
                constructor.construct_yaml_timestamp(node)
            except ValueError as error:
                return FrontMatterError(
                    path, node.start_mark.line + 2,
                    f"'{node.value}' is not a date ({error}); write an existing date as "
                    "YYYY-MM-DD",
                )
    return FrontMatterError(path, 1, "the front matter holds a value YAML cannot build")


def parse_located(text: str, path: Path | str) -> Located:
    """Values and lines of the front matter of ``text``; FrontMatterError if it cannot be read."""
    path = Path(path)
    try:
        front_matter = parse(text, path)
    except FrontMatterError:
        raise
    except ValueError:
        raise _impossible_date(text, path) from None
    parts = split(text)
    if parts is None:
        raise FrontMatterError(
            path, 1, "a record needs YAML front matter between two '---' lines at the top "
            "of the file; start from a template with 'python -m kb.records new <kind>'"
        )
    lines: dict[Path_, int] = {}
    _map_lines(yaml.compose(parts[0], Loader=yaml.SafeLoader), (), lines, path)
    return Located(path, front_matter.data, lines)
