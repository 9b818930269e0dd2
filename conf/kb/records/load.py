"""Turn one record page into a checked ``Record``, or into problems that name file and line.

Used by the Sphinx extension while it reads each page and by ``python -m kb.records check``,
so that both report the same problems in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import kb.data
from kb.data import Where, line_of
from kb.frontmatter import FrontMatter, FrontMatterError, parse
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


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [str(value)]


def _lost_to_comments(text: str, located: FrontMatter) -> list[tuple[int, str, str]]:
    """Lines whose end YAML read as a comment: ``- PR #7208`` keeps only ``PR``.

    A '#' after a space starts a comment unless the value is quoted; the text after it is then
    in no value of the front matter, which is how such a line is recognised.
    """
    strings = _strings(located.data)
    found = []
    for number, line in enumerate(text.splitlines()[1 : located.body_line - 2], start=2):
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
    if located.body_line == 1:
        return stub, [
            Problem(
                file,
                1,
                "a record needs YAML front matter between two '---' lines at the top of the file",
                "start from a template with 'python -m kb.records new <kind>'",
            )
        ]
    data = located.data
    selected = data.get(schema.SELECTOR)
    kind = schema.KINDS.get(selected) if isinstance(selected, str) else None
    if kind is None:
        what = (
            f"'{schema.SELECTOR}: {data[schema.SELECTOR]}' names no kind of record"
            if schema.SELECTOR in data
            else f"the key '{schema.SELECTOR}' is missing"
        )
        fix = f"write '{schema.SELECTOR}:' with one of {', '.join(schema.KINDS)}"
        return stub, [Problem(file, located.line_of(schema.SELECTOR), what, fix)]
    lines = {**located.lines, (): located.line_of(schema.SELECTOR)}
    problems = kb.data.problems(file, data, lines, schema.of(kind.name))
    refs: list[tuple[Where, str, str]] = []
    values = {} if problems else schema.values(kind.definition, kb.data.as_json(data), refs)
    values.pop(schema.SELECTOR, None)
    found = _place_problems(kind, docname, values)
    if not problems and not found:  # the rules assume every key passed its own check
        found = schema.rules(kind.name, values, name)
    problems = sorted(
        [*problems, *(Problem(file, line_of(lines, where), *rest) for where, *rest in found)]
        + [Problem(file, *lost) for lost in _lost_to_comments(text, located)],
        key=lambda problem: problem.line,
    )
    record = Record(
        kind.name, name, docname, file, values, located.lines, tuple(refs), complete=not problems
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
