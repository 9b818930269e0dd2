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


def _split_top_level(body: str) -> list[str]:
    """The comma-separated items of a ``CREATE TABLE`` body, ignoring commas in brackets."""
    items, depth, quote, current = [], 0, "", []
    for char in body:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    items.append("".join(current).strip())
    return [item for item in items if item]


def _body(text: str, start: int) -> str:
    """The text between the bracket opened just before ``start`` and its closing bracket."""
    depth = 1
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return text[start:index]
    return text[start:]


def tables_from_sql(text: str) -> dict[str, dict[str, str]]:
    """The columns of every ``CREATE TABLE`` statement in a ``.sql`` file."""
    text = _COMMENT.sub("", text)
    tables = {}
    for match in _CREATE.finditer(text):
        columns = {}
        for item in _split_top_level(_body(text, match.end())):
            if _NOT_A_COLUMN.match(item):
                continue
            name, _, definition = item.partition(" ")
            columns[name.strip("`")] = normalise(definition)
        tables[match[1]] = columns
    return tables


def _column(call: ast.Call, default_name: str | None) -> tuple[str, str] | None:
    """Name and definition of a SQLAlchemy ``Column(...)`` call."""
    args = list(call.args)
    name = syntax.text(args[0]) if args else None
    if name is not None:
        args = args[1:]
    else:
        name = default_name
    if name is None:
        return None
    parts = [ast.unparse(arg) for arg in args]
    parts += [f"{kw.arg}={ast.unparse(kw.value)}" for kw in call.keywords if kw.arg]
    return name, normalise(", ".join(parts), upper=False)


def _tables_desc(node: ast.Dict) -> tuple[str, dict[str, str]] | None:
    """The ``Fields`` of a ``tablesDesc`` entry, if ``node`` is one."""
    for key, value in zip(node.keys, node.values, strict=True):
        if key is not None and syntax.text(key) == "Fields" and isinstance(value, ast.Dict):
            fields = {}
            for name, definition in zip(value.keys, value.values, strict=True):
                if name is not None and syntax.text(name) and syntax.text(definition) is not None:
                    fields[syntax.text(name)] = normalise(syntax.text(definition))
            return "Fields", fields
    return None


def tables_from_python(text: str) -> dict[str, dict[str, str]]:
    """Tables defined in a DB module: ``tablesDesc`` entries and SQLAlchemy tables."""
    tables: dict[str, dict[str, str]] = {}
    tree = ast.parse(text)
    for node in ast.walk(tree):
        # self.__tablesDesc["name"] = {"Fields": {...}}  and  {"name": {"Fields": {...}}}
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            target = node.targets[0]
            if isinstance(target, ast.Subscript) and syntax.text(target.slice):
                found = _tables_desc(node.value)
                if found:
                    tables[syntax.text(target.slice)] = found[1]
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if key is not None and syntax.text(key) and isinstance(value, ast.Dict):
                    found = _tables_desc(value)
                    if found:
                        tables[syntax.text(key)] = found[1]
        # Table("name", metadata, Column("col", Type, ...), ...)
        if syntax.called(node) == "Table" and node.args and syntax.text(node.args[0]):
            columns = dict(
                filter(
                    None,
                    (_column(arg, None) for arg in node.args if syntax.called(arg) == "Column"),
                )
            )
            tables[syntax.text(node.args[0])] = columns
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
                    column = _column(statement.value, attribute)
                    if column:
                        columns[column[0]] = column[1]
            if name:
                tables[name] = columns
    return tables


def schema(wheel: Wheel) -> Schema:
    """Every database of the wheel (named after its file, ``JobDB``) with its tables."""
    databases: Schema = {}
    for member in wheel.names():
        path = PurePosixPath(member)
        if path.parent.name != "DB" or "/test" in member.lower():
            continue
        if path.suffix == ".sql":
            tables = tables_from_sql(wheel.read_text(member))
        elif path.suffix == ".py":
            tables = tables_from_python(wheel.read_text(member))
        else:
            continue
        if tables:
            databases.setdefault(path.stem, {}).update(tables)
    return {db: dict(sorted(tables.items())) for db, tables in sorted(databases.items())}


def versions() -> list[str]:
    """The versions whose schema is kept: the newest checked version of each release line."""
    return [line.newest for line in releases.lines()]
