"""Allow-lists in conf/data/: exceptions to a safety rule, each with the reason it is safe.

An allow-list is a TOML file of ``[[allow]]`` tables, described by
``conf/data/schemas/allow-list.schema.json``.  Every table names what it allows with ``path`` (a
file relative to the project root) and says why with ``reason``; a table without a reason, or
naming a file that no longer exists, is an error at its line, so the list cannot quietly grow or
go stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import kb.data
from kb import paths
from kb.problems import ProblemError

DATA = paths.DATA
PROJECT_ROOT = paths.ROOT


class AllowListError(ProblemError):
    """An allow-list that cannot be used."""


@dataclass(frozen=True)
class Allowed:
    path: str
    reason: str
    text: str = ""
    """For allow-lists of findings: the exact text allowed in that file; empty for a whole file."""


def load(name: str, root: Path = PROJECT_ROOT, data: Path = DATA) -> tuple[Allowed, ...]:
    """The entries of ``data/name``, validated by the allow-list schema; a missing file is an
    empty list."""
    path = data / name
    if not path.exists():
        return ()
    try:
        table, lines = kb.data.load(path, "allow-list")
    except ProblemError as error:
        raise AllowListError(error.problems) from None
    for index, entry in enumerate(table.get("allow", [])):
        if not (root / entry["path"]).is_file():
            raise AllowListError.at(
                path,
                lines[("allow", index, "path")],
                f"path {entry['path']!r} is not a file of the project",
                "write it relative to the project root (docs/page.md) or delete the stale entry",
            )
    return tuple(Allowed(**entry) for entry in table.get("allow", []))
