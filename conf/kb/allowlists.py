"""Allow-lists in conf/data/: exceptions to a safety rule, each with the reason it is safe.

An allow-list is a TOML file of ``[[allow]]`` tables.  Every table names what it allows with
``path`` (a file relative to the project root) and says why with ``reason``; a table without a
reason, or naming a file that no longer exists, is an error, so the list cannot quietly grow
or go stale.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
PROJECT_ROOT = DATA.parent.parent


class AllowListError(ValueError):
    """An allow-list that cannot be used; ``str()`` names the file and what to fix."""


@dataclass(frozen=True)
class Allowed:
    path: str
    reason: str
    text: str = ""
    """For allow-lists of findings: the exact text allowed in that file; empty for a whole file."""


def load(name: str, root: Path = PROJECT_ROOT, data: Path = DATA) -> tuple[Allowed, ...]:
    """The entries of ``data/name``; a missing file is an empty list."""
    path = data / name
    if not path.exists():
        return ()
    try:
        with path.open("rb") as handle:
            table = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise AllowListError(f"{path}: {error}; fix the TOML syntax") from None
    entries = []
    for number, entry in enumerate(table.get("allow", []), start=1):
        where = f"{path}: [[allow]] number {number}"
        if not str(entry.get("reason", "")).strip():
            raise AllowListError(f'{where} has no reason; add reason = "why this is safe"')
        if not (root / str(entry.get("path", ""))).is_file():
            raise AllowListError(
                f"{where}: path {entry.get('path')!r} is not a file of the project; write it "
                "relative to the project root (docs/page.md) or delete the stale entry"
            )
        entries.append(Allowed(entry["path"], entry["reason"], entry.get("text", "")))
    return tuple(entries)
