"""The data files of conf/data/: read, validated against their JSON Schema, located by line.

Every TOML file ``conf/data/<name>.toml`` is described by ``conf/data/schemas/<name>.schema.json``
(the allow-lists ``*-allowed.toml`` by ``allow-list.schema.json``, the inventory's JSON files by
``inventory.schema.json`` and ``db-schema.schema.json``).  ``load`` reads a file, validates it and
returns its values; a file that breaks its schema raises ``ProblemError`` with one problem a
finding, each at the line of the key it concerns.  Rules that need more than one file (a redirect
to a page that exists, a removed command the inventory lacks) stay with the module that uses the
data.

tomllib and PyYAML's loader keep no positions, so ``toml_lines`` and ``yaml_lines`` give the line
of every key, as a path such as ``("service", 2, "status")``; ``line_of`` finds the line of a
path, or of its nearest ancestor that has one.

A schema may word its findings for authors with three keywords of its own, which validators
ignore: ``x-hint`` (how to fix any finding at that place), ``x-form`` (what a value looks like,
for a value that fails its ``pattern`` or a key that is missing) and ``x-messages`` (by failed
keyword, the message or a [message, hint] pair, where ``{key}``, ``{value}``, ``{expected}``
and ``{cause}`` stand for the place, the value, the keyword's value and the error's cause);
``x-at`` names the key at whose line a finding about a mapping is reported.
``resolved`` merges a ``$ref`` to a local definition into a schema node; the records'
schema (``kb.records.schema``) is read with it too.

``python -m kb.data check [FILE ...]`` validates the given data files (all of them by default):
the pre-commit hook and ``make lint`` run it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
import tomllib
from collections.abc import Iterator
from fnmatch import fnmatch
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from kb import paths
from kb.problems import LOGGED, Problem, ProblemError, suggestion

if TYPE_CHECKING:  # the command-line tools read the data without Sphinx
    from sphinx.application import Sphinx

SCHEMAS = paths.DATA / "schemas"

Where = tuple[str | int, ...]

_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_ARRAY_TABLE = re.compile(rf"^\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_ASSIGNMENT = re.compile(rf"^\s*({_DOTTED})\s*=")
_STRINGS = re.compile(r""""(?:[^"\\]|\\.)*"|'[^']*'|#.*$""")
_TOML_ERROR_LINE = re.compile(r"line (\d+)")


def _names(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip("\"'") for part in re.findall(_KEY, dotted))


def toml_lines(text: str) -> dict[Where, int]:
    """The 1-based line of every table, array-of-tables element and key of a TOML text."""
    lines: dict[Where, int] = {}
    counts: dict[Where, int] = {}
    table: Where = ()
    depth, in_string = 0, ""

    def resolve(names: tuple[str, ...]) -> Where:
        where: Where = ()
        for name in names:
            where += (name,)
            if where in counts:
                where += (counts[where],)
        return where

    for number, line in enumerate(text.splitlines(), start=1):
        if in_string:
            if in_string in line:
                in_string = ""
            continue
        if depth == 0 and (found := _ARRAY_TABLE.match(line)):
            parent = resolve(_names(found[1])[:-1]) + (_names(found[1])[-1],)
            counts[parent] = counts.get(parent, -1) + 1
            table = parent + (counts[parent],)
            lines.setdefault(parent, number)
            lines[table] = number
            continue
        if depth == 0 and (found := _TABLE.match(line)):
            table = resolve(_names(found[1]))
            lines.setdefault(table, number)
            continue
        assignment = _ASSIGNMENT.match(line) if depth == 0 else None
        if assignment:
            lines.setdefault(table + _names(assignment[1]), number)
        rest = line[assignment.end() :] if assignment else line
        for quote in ('"""', "'''"):
            if rest.count(quote) % 2:
                in_string = quote
        bare = _STRINGS.sub("", rest)
        depth += bare.count("[") + bare.count("{") - bare.count("]") - bare.count("}")
    return lines


def yaml_lines(
    node: yaml.Node, first_line: int = 1, prefix: Where = ()
) -> Iterator[tuple[Where, int]]:
    """(path, 1-based line) of every key and list item below ``node``, in document order;
    ``first_line`` is the file line of the YAML text's first line."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            where = (*prefix, key.value)
            yield where, key.start_mark.line + first_line
            yield from yaml_lines(value, first_line, where)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield (*prefix, index), item.start_mark.line + first_line
            yield from yaml_lines(item, first_line, (*prefix, index))


def line_of(lines: dict[Where, int], where: Where) -> int:
    """The line of ``where``, or of its nearest ancestor that has one (1 for the file, unless
    ``lines`` gives the line of ``()``)."""
    for end in range(len(where), -1, -1):
        if where[:end] in lines:
            return lines[where[:end]]
    return 1


def toml_error_line(error: tomllib.TOMLDecodeError) -> int:
    """The line of a TOML syntax error, which tomllib gives in its message only."""
    found = _TOML_ERROR_LINE.search(str(error))
    return int(found[1]) if found else 1


def as_json(value):
    """TOML or YAML values as JSON Schema sees them: dates and times as ISO 8601 strings, keys
    as text."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


SCHEMA_OF = (
    ("*-allowed.toml", "allow-list"),
    ("DIRAC-*.json", "inventory"),
    ("db-schema-*.json", "db-schema"),
    ("diracx-*.json", "diracx-inventory"),
)
"""Schemas shared by several files, by file name pattern; any other ``x.toml`` has ``x``."""


def schema_name(file_name: str) -> str:
    """The name of the schema of the data file ``file_name`` (``DIRAC-9.0.28.json``)."""
    return next(
        (stem for pattern, stem in SCHEMA_OF if fnmatch(file_name, pattern)),
        file_name.removesuffix(".toml"),
    )


@cache
def schema(name: str) -> dict:
    """The JSON Schema ``conf/data/schemas/<name>.schema.json``."""
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def resolved(node: dict, root: dict) -> dict:
    """``node`` with the keywords of the local definition its ``$ref`` names merged in."""
    if not isinstance(node, dict) or "$ref" not in node:
        return node
    target = resolved(root["$defs"][node["$ref"].removeprefix("#/$defs/")], root)
    return {**target, **{key: value for key, value in node.items() if key != "$ref"}}


def _key(where: Where) -> str:
    names = [part for part in where if isinstance(part, str)]
    return names[-1] if names else "the file"


def _label(where: Where) -> str:
    """``'actions' item 2 'owner'``: where a value stands, in an author's words."""
    return " ".join(f"'{step}'" if isinstance(step, str) else f"item {step + 1}" for step in where)


def _show(value) -> str:
    if isinstance(value, dict | list) or value is None:
        return {dict: "a mapping", list: "a list"}.get(type(value), "an empty value")
    return repr(value) if isinstance(value, str) else str(value)


def _form(node: dict) -> str:
    """What a value of ``node`` looks like, for the hint of a missing key."""
    if "enum" in node:
        return "one of " + ", ".join(map(str, node["enum"]))
    return node.get("x-form", "")


def _problem(path: Path, lines: dict[Where, int], error, root: dict) -> Problem:
    """A schema finding in the words of the data file: the key, what is wrong, and the fix."""
    where, instance, expected = tuple(error.absolute_path), error.instance, error.validator_value
    node = resolved(error.schema, root)
    hint = node.get("x-hint", "")
    if error.validator == "dependentRequired":  # at the key that lacks its partner
        where += (
            next(k for k, needs in expected.items() if k in instance and needs - instance.keys()),
        )
    where += (node["x-at"],) if "x-at" in node else ()
    if error.validator in node.get("x-messages", {}):
        words = node["x-messages"][error.validator]
        message, hint = (words, hint) if isinstance(words, str) else words
        values = {"key": _label(where), "value": _show(instance), "expected": expected}
        values["cause"] = error.cause or ""
        message, hint = message.format(**values), hint.format(**values)
    elif error.validator == "additionalProperties":
        allowed = list(node.get("properties", {}))
        unknown = sorted(set(instance) - set(allowed), key=str)[0]
        where += (unknown,)
        message = f"unknown key {unknown!r}"
        keys = f"the keys are {', '.join(allowed)}" if allowed else "remove it"
        hint = hint or f"{suggestion(str(unknown), allowed).removeprefix('; ')} {keys}".strip()
    elif error.validator == "required":
        absent = [key for key in expected if key not in instance]
        missing = next((key for key in absent if error.message.startswith(repr(key))), absent[0])
        message = f"the key {missing!r} is missing"
        spec = resolved(node.get("properties", {}).get(missing, {}), root)
        form, about = _form(spec), spec.get("description", "")
        hint = hint or "add it" + (f", with {form}" if form else "") + (
            f" ({about})" if about else ""
        )
    elif error.validator == "enum":
        message = f"{_key(where)} {instance!r} is not one of {', '.join(map(str, expected))}"
    elif error.validator == "pattern":
        form = node.get("x-form", f"of the form {expected}")
        message = f"{_key(where)} {instance!r} is not {form}"
    elif error.validator == "minLength":
        message = f"the key {_key(where)!r} is missing or empty"
        hint = hint or f"give {_key(where)} a value"
    elif error.validator in ("minItems", "minProperties"):
        message = f"{_key(where)} is empty"
    elif error.validator == "type":
        kinds = [expected] if isinstance(expected, str) else expected
        message = f"{_key(where)} must be {' or '.join(kinds)}, not {instance!r}"
    else:
        message = f"{_key(where)}: {error.message}"
    return Problem(path, line_of(lines, where), message, hint)


def problems(path: Path, data: dict, lines: dict[Where, int], schema: dict) -> list[Problem]:
    """Every way ``data`` breaks ``schema``, in file order; one finding a value at most (the
    first its schema finds), and every finding about a mapping (its keys)."""
    import jsonschema  # here, not at the top: it takes a fifth of a second to import

    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    found, seen = [], set()
    for error in validator.iter_errors(as_json(data)):
        value = tuple(error.absolute_path)
        if isinstance(error.instance, dict) or value not in seen:
            seen.add(value)
            found.append(_problem(path, lines, error, schema))
    return sorted(found, key=lambda problem: problem.line)


def load(path: Path, schema_of: str = "") -> tuple[dict, dict[Where, int]]:
    """The values of a TOML data file and the line of each key, validated against the schema
    ``schema_of`` (by default, the one its file name calls for)."""
    text = path.read_text(encoding="utf-8")
    try:
        data, lines = tomllib.loads(text), toml_lines(text)
    except tomllib.TOMLDecodeError as error:
        raise ProblemError.at(
            path, toml_error_line(error), f"not valid TOML ({error})", "fix the syntax"
        ) from None
    found = problems(path, data, lines, schema(schema_of or schema_name(path.name)))
    if found:
        raise ProblemError(found)
    return data, lines


def check(path: Path) -> list[Problem]:
    """The problems of one data file (TOML or inventory JSON)."""
    try:
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            return problems(path, data, {}, schema(schema_name(path.name)))
        load(path)
    except ProblemError as error:
        return error.problems
    except json.JSONDecodeError as error:
        return [Problem(path, error.lineno, f"invalid JSON ({error.msg})", "fix the syntax")]
    return []


def data_files() -> list[Path]:
    """Every data file that has a schema of this module."""
    patterns = ("*.toml", "records/*.toml", "inventory/*.json")
    return sorted(path for pattern in patterns for path in paths.DATA.glob(pattern))


CHECKED = "kb-data-checked.json"
"""In a build's doctrees: a digest of each data file found clean, with the schemas and this
module, so that a rebuild validates only what changed (the inventory's files alone take 0.7 s
of CPU to validate, a third of a one-page rebuild)."""


def check_changed(files: list[Path], record: Path) -> list[Problem]:
    """The problems of ``files``, validating only those that are not in ``record`` as found
    clean with the same content, schemas and code; ``record`` is rewritten with the clean ones.
    A file with problems is never recorded, so they are reported on every build."""
    try:
        clean = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        clean = {}
    rules = b"".join(p.read_bytes() for p in [Path(__file__), *sorted(SCHEMAS.glob("*.json"))])
    found, now = [], {}
    for path in files:
        digest = hashlib.sha256(rules + path.read_bytes()).hexdigest()
        problems_of = [] if clean.get(str(path)) == digest else check(path)
        found += problems_of
        if not problems_of:
            now[str(path)] = digest
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(now, indent=0), encoding="utf-8")
    return found


def _check_all(app: Sphinx) -> None:
    from sphinx.util import logging

    LOGGED.clear()  # a new build: report every problem again
    problems = check_changed(data_files(), Path(app.doctreedir) / CHECKED)
    ProblemError(problems).log(logging.getLogger(__name__))


def setup(app: Sphinx) -> dict:
    """In the build: every data file is checked against its schema before any page is read."""
    app.connect("builder-inited", _check_all)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] != ["check"]:
        print("usage: python -m kb.data check [FILE ...]", file=sys.stderr)
        return 2
    files = [Path(name) for name in argv[1:]] or data_files()
    found = [
        problem for path in files if path.suffix in (".toml", ".json") for problem in check(path)
    ]
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
