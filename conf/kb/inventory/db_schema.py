"""The MySQL table definitions a DIRAC wheel ships, read without importing DIRAC.

DIRAC defines its tables in three ways, and this module reads all three from the wheel's
``*/DB/`` folders:

- ``<Name>DB.sql`` files with ``CREATE TABLE`` statements, applied by ``dirac-install-db``;
- ``tablesDesc`` dictionaries in ``<Name>DB.py`` (``{"Fields": {"Column": "TYPE ..."}}``),
  created by ``MySQL._createTables``;
- SQLAlchemy ``Table("name", metadata, Column("col", ...))`` calls and declarative classes
  (``__tablename__`` with ``Column`` attributes), created by ``metadata.create_all``.

The result, one mapping ``{database: {table: {column: definition}}}``, is written to
``conf/data/inventory/db-schema-<version>.json`` by ``python -m kb.inventory``; the
``{db-schema-diff}`` directive compares two of these files.  A definition is normalised
(upper case, single spaces, no back-quotes) so that a diff shows only real changes.
"""

from __future__ import annotations

import ast
import re
from pathlib import PurePosixPath

from kb import releases

from . import syntax
from .wheel import Wheel

_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/|#[^\n]*", re.S)
_CREATE = re.compile(r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?(\w+)`?\s*\(", re.I)
_NOT_A_COLUMN = re.compile(
    r"^(PRIMARY|KEY|UNIQUE|INDEX|FOREIGN|CONSTRAINT|FULLTEXT|CHECK|SPATIAL)\b", re.I
)

Schema = dict[str, dict[str, dict[str, str]]]


def normalise(definition: str, upper: bool = True) -> str:
    """One spelling for a column definition: single spaces, SQL in upper case outside quotes."""
    parts = re.split(r"('[^']*')", definition.replace("`", ""))
    if upper:
        parts = [part if part.startswith("'") else part.upper() for part in parts]
    return re.sub(r"\s+", " ", "".join(parts)).strip().rstrip(",")


def _items(text: str, start: int) -> list[str]:
    """The comma-separated items inside the bracket opened just before ``start``, up to its
    closing bracket; commas in nested brackets and in quotes do not separate items."""
    items, depth, quote, current = [], 0, "", []
    for char in text[start:]:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")" and depth == 0:
            break
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    items.append("".join(current).strip())
    return [item for item in items if item]


def tables_from_sql(text: str) -> dict[str, dict[str, str]]:
    """The columns of every ``CREATE TABLE`` statement in a ``.sql`` file."""
    text = _COMMENT.sub("", text)
    tables = {}
    for match in _CREATE.finditer(text):
        items = [
            item.partition(" ")
            for item in _items(text, match.end())
            if not _NOT_A_COLUMN.match(item)
        ]
        tables[match[1]] = {name.strip("`"): normalise(definition) for name, _, definition in items}
    return tables


def _column(call: ast.Call, default_name: str | None) -> tuple[str, str] | None:
    """Name and definition of a SQLAlchemy ``Column(...)`` call."""
    named = bool(call.args) and syntax.text(call.args[0]) is not None
    name = syntax.text(call.args[0]) if named else default_name
    if name is None:
        return None
    parts = [ast.unparse(arg) for arg in call.args[1 if named else 0 :]]
    parts += [f"{kw.arg}={ast.unparse(kw.value)}" for kw in call.keywords if kw.arg]
    return name, normalise(", ".join(parts), upper=False)


def _fields(node: ast.Dict) -> dict[str, str] | None:
    """The columns of a ``tablesDesc`` entry ``{"Fields": {column: definition}}``, if ``node`` is
    one."""
    pairs = zip(node.keys, node.values, strict=True)
    fields = next(
        (v for k, v in pairs if syntax.text(k) == "Fields" and isinstance(v, ast.Dict)), None
    )
    if fields is None:
        return None
    return {
        syntax.text(name): normalise(syntax.text(definition))
        for name, definition in zip(fields.keys, fields.values, strict=True)
        if syntax.text(name) and syntax.text(definition) is not None
    }


def tables_from_python(text: str) -> dict[str, dict[str, str]]:
    """Tables defined in a DB module: ``tablesDesc`` entries and SQLAlchemy tables."""
    tables: dict[str, dict[str, str]] = {}
    tree = ast.parse(text)
    for node in ast.walk(tree):
        # self.__tablesDesc["name"] = {"Fields": {...}}  and  {"name": {"Fields": {...}}}
        pairs = []
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
            pairs.append((node.targets[0].slice, node.value))
        if isinstance(node, ast.Dict):
            pairs += zip(node.keys, node.values, strict=True)
        for key, value in pairs:
            fields = _fields(value) if syntax.text(key) and isinstance(value, ast.Dict) else None
            if fields is not None:
                tables[syntax.text(key)] = fields
        # Table("name", metadata, Column("col", Type, ...), ...)
        if syntax.called(node) == "Table" and node.args and syntax.text(node.args[0]):
            found = (_column(arg, None) for arg in node.args if syntax.called(arg) == "Column")
            tables[syntax.text(node.args[0])] = dict(column for column in found if column)
        # class X(Base): __tablename__ = "name"; attr = Column(...)
        if isinstance(node, ast.ClassDef):
            name, columns = None, {}
            for statement in node.body:
                if not isinstance(statement, ast.Assign) or not isinstance(
                    statement.targets[0], ast.Name
                ):
                    continue
                attribute = statement.targets[0].id
                if attribute == "__tablename__" and syntax.text(statement.value):
                    name = syntax.text(statement.value)
                elif syntax.called(statement.value) == "Column":
                    column_name, definition = _column(statement.value, attribute)
                    columns[column_name] = definition
            if name:
                tables[name] = columns
    return tables


def schema(wheel: Wheel) -> Schema:
    """Every database of the wheel (named after its file, ``JobDB``) with its tables."""
    databases: Schema = {}
    for member in wheel.names():
        path = PurePosixPath(member)
        reader = {".sql": tables_from_sql, ".py": tables_from_python}.get(path.suffix)
        if path.parent.name != "DB" or "/test" in member.lower() or reader is None:
            continue
        if tables := reader(wheel.read_text(member)):
            databases.setdefault(path.stem, {}).update(tables)
    return {db: dict(sorted(tables.items())) for db, tables in sorted(databases.items())}


def versions() -> list[str]:
    """The versions whose schema is kept: the newest checked version of each release line."""
    return [line.newest for line in releases.lines()]
