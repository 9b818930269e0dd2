"""The ``{db-schema-diff} OLD NEW`` directive: the table changes between two DIRAC versions.

It compares ``conf/data/inventory/db-schema-<version>.json`` files (written by
``python -m kb.inventory``, see ``kb.inventory.db_schema``) and renders one row per database,
table or column that was removed, added or redefined.  Builds never download: a version without
its schema file is an error that says how to create it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from kb import paths, reference_cells
from kb.examples.inventory import inventory_file
from kb.problems import InventoryError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    database: str
    table: str
    column: str
    """Empty when the whole table (or database, when ``table`` is empty too) changed."""
    kind: str
    """``removed``, ``added`` or ``changed``."""
    before: str
    after: str


def load(version: str, directory: Path = paths.INVENTORY) -> dict:
    path = inventory_file(version, directory, "db-schema")
    try:
        return json.loads(path.read_text(encoding="utf-8"))["databases"]
    except FileNotFoundError:
        raise InventoryError(
            f"{path} is missing; add {version} to a line's `checked` list in "
            "conf/data/releases.toml (newest first) and run `make inventory`"
        ) from None
    except (json.JSONDecodeError, KeyError) as exc:
        raise InventoryError(f"{path} is not a schema file ({exc}); run `make inventory`") from None


def diff(old: dict, new: dict, where: tuple[str, ...] = ()) -> list[Change]:
    """Every database, table and column that differs, sorted by database, table, column; a
    database or table added or removed is one change, which lists its tables or columns."""
    changes = []
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name), new.get(name)
        if isinstance(before, dict) and isinstance(after, dict):
            changes += diff(before, after, (*where, name))
        elif before != after:
            kind = "added" if before is None else "removed" if after is None else "changed"
            place = (*where, name, "", "")[:3]
            changes.append(Change(*place, kind, _shown(before), _shown(after)))
    return changes


def _shown(value: dict | str | None) -> str:
    """A column's definition, or the names in a table or database."""
    return ", ".join(value) if isinstance(value, dict) else value or ""


def _what(change: Change) -> str:
    level = "column" if change.column else "table" if change.table else "whole database"
    return f"{level} {change.kind}"


def table(changes: list[Change], old: str, new: str) -> nodes.table:
    """One row a change; an empty name (the whole table or database changed) stays empty."""
    rows = (
        (
            *(name or [] for name in (change.database, change.table, change.column)),
            [nodes.Text(_what(change))],
            change.before or [],
            change.after or [],
        )
        for change in changes
    )
    columns = ("Database", "Table", "Column", "Change", f"In {old}", f"In {new}")
    return reference_cells.table(columns, rows, (12, 14, 14, 12, 24, 24), ["db-schema-diff"])


class SchemaDiffDirective(SphinxDirective):
    """``{db-schema-diff} 8.0.86 9.0.28``, with an optional ``:databases: JobDB, ...`` filter."""

    required_arguments = 2
    option_spec = {"databases": lambda text: [name.strip() for name in text.split(",")]}

    def run(self) -> list[nodes.Node]:
        old_version, new_version = self.arguments
        try:
            old, new = load(old_version), load(new_version)
        except InventoryError as error:
            logger.error(f"db-schema-diff: {error}", location=self.get_location())
            return []
        for version in (old_version, new_version):
            self.env.note_dependency(str(inventory_file(version, product="db-schema")))
        changes = diff(old, new)
        wanted = self.options.get("databases")
        if wanted:
            unknown = sorted(set(wanted) - set(old) - set(new))
            if unknown:
                known = ", ".join(sorted(set(old) | set(new)))
                logger.error(
                    f"db-schema-diff: no database called {', '.join(unknown)} in "
                    f"{old_version} or {new_version}; known: {known}",
                    location=self.get_location(),
                )
                return []
            changes = [change for change in changes if change.database in wanted]
        if not changes:
            return [
                nodes.paragraph(text=f"No table differs between {old_version} and {new_version}.")
            ]
        return [table(changes, old_version, new_version)]


def setup(app: Sphinx) -> dict:
    app.add_directive("db-schema-diff", SchemaDiffDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
