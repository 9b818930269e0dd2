"""Turn one record page into a checked ``Record``, or into problems that name file and line.

Used by the Sphinx extension while it reads each page and by ``python -m kb.records check``,
so that both report the same problems in the same words.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from kb.data import Where, line_of
from kb.frontmatter import FrontMatter, FrontMatterError, parse, split
from kb.problems import Problem
from kb.records import schema

RECORDS_DIR = "records"
"""Where records live, relative to the documentation root."""


@dataclass(frozen=True)
class Record:
    kind: str
    name: str
    """The file name without .md: what other records use to refer to this one."""
    docname: str
    file: str
    data: dict[str, Any]
    lines: dict[Where, int] = field(repr=False)
    refs: tuple[tuple[Where, str, str], ...] = ()
    """Every reference to another record: where it stands, the kind and name it names."""
    complete: bool = True
    """False when the page has problems: it still answers references, but no index shows it."""

    def line_of(self, where: Where) -> int:
        return line_of(self.lines, where)

    def problem(self, where: Where, what: str, fix: str) -> Problem:
        return Problem(self.file, self.line_of(where), what, fix)


def is_record(docname: str) -> bool:
    """Whether a page is a record: any page under records/<kind>/ except the index stubs."""
    parts = PurePosixPath(docname).parts
    return len(parts) > 2 and parts[0] == RECORDS_DIR and parts[-1] != "index"


class _Checker:
    """Checks values against fields, collecting converted values, problems and references."""

    def __init__(self, located: FrontMatter):
        self.located = located
        self.problems: list[tuple[Where, str, str]] = []
        self.refs: list[tuple[Where, str, str]] = []

    def fields(
        self,
        fields: tuple[schema.Field, ...],
        mapping: dict,
        where: Where,
        anchor: Where,
        allowed_extra: tuple[str, ...] = (),
    ) -> dict:
        known = {f.name: f for f in fields}
        for key in mapping:
            if key not in known and key not in allowed_extra:
                close = difflib.get_close_matches(str(key), list(known), n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                self.problems.append(
                    (
                        (*where, key),
                        f"unknown key '{key}'",
                        f"{hint}allowed keys here: {', '.join(known)}",
                    )
                )
        result = {}
        for spec in fields:
            if spec.name not in mapping:
                if spec.required:
                    about = f" ({spec.about})" if spec.about else ""
                    self.problems.append(
                        (
                            anchor,
                            f"the required key '{spec.name}' is missing",
                            f"add '{spec.name}:' with {spec.check.expected}{about}",
                        )
                    )
                continue
            value = self.value(spec.check, mapping[spec.name], (*where, spec.name))
            if value is not None:
                result[spec.name] = value
        return result

    def value(self, check: schema.Check, value: Any, where: Where) -> Any:
        label = " ".join(
            f"'{step}'" if isinstance(step, str) else f"item {step + 1}" for step in where
        )
        if isinstance(check, schema.ListOf):
            if not isinstance(value, list):
                self.problems.append(
                    (
                        where,
                        f"{label} is not a list",
                        f"write {check.expected}, one '- ' line per item",
                    )
                )
                return None
            if len(value) < check.min_items:
                self.problems.append(
                    (where, f"{label} has {len(value)} items", f"write {check.expected}")
                )
            items = [self.value(check.item, item, (*where, i)) for i, item in enumerate(value)]
            return [item for item in items if item is not None]
        if isinstance(check, schema.Obj):
            if not isinstance(value, dict):
                self.problems.append(
                    (where, f"{label} is not a mapping", f"write {check.expected}")
                )
                return None
            return self.fields(check.fields, value, where, anchor=where)
        try:
            converted = check.convert(value)
        except schema.Invalid as error:
            self.problems.append((where, f"{label}: {error.what}", error.fix))
            return None
        if isinstance(check, schema.Ref):
            self.refs.append((where, check.kind, converted))
        return converted


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [str(value)]


def _lost_to_comments(text: str, data: dict) -> list[tuple[int, str, str]]:
    """Lines whose end YAML read as a comment: ``- PR #7208`` keeps only ``PR``.

    A '#' after a space starts a comment unless the value is quoted; the text after it is then
    in no value of the front matter, which is how such a line is recognised.
    """
    strings = _strings(data)
    found = []
    for number, line in enumerate(text.splitlines()[1:], start=2):
        if line.rstrip() == "---":
            break
        head, mark, rest = line.partition(" #")
        rest = rest.strip().rstrip("'\"")
        if mark and head.strip() and rest and not any(rest in s for s in strings):
            found.append(
                (
                    number,
                    f"YAML reads the text after ' #' as a comment, so '#{rest}' is lost",
                    "put the whole value in double quotes",
                )
            )
    return found


def _place_problems(kind: schema.Kind, docname: str, data: dict) -> list[tuple[Where, str, str]]:
    """Problems with where the file lies: the folder must match the kind (and the year)."""
    parts = PurePosixPath(docname).parts
    folder = f"{RECORDS_DIR}/{kind.plural}"
    if parts[1] != kind.plural:
        return [
            (
                (schema.SELECTOR,),
                f"a {kind.name} record lies outside {folder}/",
                f"move it to {folder}/{kind.file_name} or correct 'record:'",
            )
        ]
    depth = kind.file_name.count("/") + 3
    if len(parts) != depth:
        return [
            (
                (schema.SELECTOR,),
                f"the file is not where {kind.name} records go",
                f"move it to {folder}/{kind.file_name}",
            )
        ]
    if depth == 4 and "date" in data and parts[2] != data["date"][:4]:
        return [
            (
                ("date",),
                f"the file lies in {folder}/{parts[2]}/ but the date is {data['date']}",
                f"move it to {folder}/{data['date'][:4]}/",
            )
        ]
    return []


def load(text: str, file: str, docname: str) -> tuple[Record | None, list[Problem]]:
    """Check the record page ``text``; ``file`` is the path shown in problems.

    A record with problems is still returned, marked incomplete, when its kind is known from
    its front matter or its folder, so that checks across records do not also report every
    reference to it.
    """
    name = PurePosixPath(docname).name
    folder_kind = schema.BY_PLURAL.get(PurePosixPath(docname).parts[1])
    stub = (
        Record(folder_kind.name, name, docname, file, {}, {}, complete=False)
        if folder_kind
        else None
    )
    try:
        located = parse(text, file)
    except FrontMatterError as error:
        return stub, error.problems
    if split(text) is None:
        return stub, [
            Problem(
                file,
                1,
                "a record needs YAML front matter between two '---' lines at the top of the file",
                "start from a template with 'python -m kb.records new <kind>'",
            )
        ]
    data = located.data
    selector = (schema.SELECTOR,)
    selected = data.get(schema.SELECTOR)
    kind = schema.KINDS.get(selected) if isinstance(selected, str) else None
    if kind is None:
        what = (
            f"'{schema.SELECTOR}: {data[schema.SELECTOR]}' names no kind of record"
            if schema.SELECTOR in data
            else f"the key '{schema.SELECTOR}' is missing"
        )
        fix = f"write '{schema.SELECTOR}:' with one of {', '.join(schema.KINDS)}"
        return stub, [Problem(file, located.line_of(selector), what, fix)]
    checker = _Checker(located)
    values = checker.fields(
        kind.fields, data, (), anchor=selector, allowed_extra=(schema.SELECTOR,)
    )
    found = checker.problems + _place_problems(kind, docname, values)
    if not found:  # the rules assume every key passed its own check
        for rule in kind.rules:
            found += rule(values, name)
    problems = sorted(
        [Problem(file, located.line_of(where), what, fix) for where, what, fix in found]
        + [Problem(file, *lost) for lost in _lost_to_comments(text, data)],
        key=lambda problem: problem.line,
    )
    record = Record(
        kind.name,
        name,
        docname,
        file,
        values,
        located.lines,
        tuple(checker.refs),
        complete=not problems,
    )
    return record, problems


def load_tree(docs: Path) -> tuple[list[Record], list[Problem]]:
    """Every record under ``docs``/records, and the problems of each file on its own."""
    records, problems = [], []
    for path in sorted((docs / RECORDS_DIR).rglob("*.md")):
        docname = path.relative_to(docs).with_suffix("").as_posix()
        if not is_record(docname):
            continue
        record, found = load(path.read_text(encoding="utf-8"), str(path), docname)
        problems += found
        if record is not None:
            records.append(record)
    return records, problems
