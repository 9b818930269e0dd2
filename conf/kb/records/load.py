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
from kb.records.schema import RECORDS_DIR, Finding


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

    def problem(self, where: Where, what: str, fix: str) -> Problem:
        return Problem(self.file, line_of(self.lines, where), what, fix)


def is_record(docname: str) -> bool:
    """Whether a page is a record: any page under records/<kind>/ except the index stubs."""
    parts = PurePosixPath(docname).parts
    return len(parts) > 2 and parts[0] == RECORDS_DIR and parts[-1] != "index"


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict | list):
        items = value.values() if isinstance(value, dict) else value
        return [text for item in items for text in _strings(item)]
    return [str(value)]


def _lost_to_comments(text: str, located: FrontMatter, file: str) -> list[Problem]:
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
            what = f"YAML reads the text after ' #' as a comment, so '#{rest}' is lost"
            found.append(Problem(file, number, what, "put the whole value in double quotes"))
    return found


def _place_problems(kind: str, docname: str, data: dict) -> list[Finding]:
    """Problems with where the file lies: the folder must match the kind (and the year)."""
    parts = PurePosixPath(docname).parts
    folder, file_name = schema.folder(kind), schema.KINDS[kind].get("x-file-name", "<slug>.md")
    where = f"{folder}/{file_name}"
    if "/".join(parts[:2]) != folder:
        what = f"a {kind} record lies outside {folder}/"
        return [((schema.SELECTOR,), what, f"move it to {where} or correct 'record:'")]
    if len(parts) != file_name.count("/") + 3:
        what = f"the file is not where {kind} records go"
        return [((schema.SELECTOR,), what, f"move it to {where}")]
    if len(parts) == 4 and "date" in data and parts[2] != data["date"][:4]:
        what = f"the file lies in {folder}/{parts[2]}/ but the date is {data['date']}"
        return [(("date",), what, f"move it to {folder}/{data['date'][:4]}/")]
    return []


def load(text: str, file: str, docname: str) -> tuple[Record | None, list[Problem]]:
    """Check the record page ``text``; ``file`` is the path shown in problems.

    A record with problems is still returned, marked incomplete, when its kind is known from
    its front matter or its folder, so that checks across records do not also report every
    reference to it.
    """
    name = PurePosixPath(docname).name
    folder = schema.BY_PLURAL.get(PurePosixPath(docname).parts[1])
    stub = Record(folder, name, docname, file, {}, {}, complete=False) if folder else None
    try:
        located = parse(text, file)
    except FrontMatterError as error:
        return stub, error.problems
    if located.body_line == 1:
        what = "a record needs YAML front matter between two '---' lines at the top of the file"
        return stub, [
            Problem(file, 1, what, "start from a template with 'python -m kb.records new <kind>'")
        ]
    data, selector = located.data, schema.SELECTOR
    kind = data.get(selector)
    if not (isinstance(kind, str) and kind in schema.KINDS):
        what = (
            f"'{selector}: {data[selector]}' names no kind of record"
            if selector in data
            else f"the key '{selector}' is missing"
        )
        fix = f"write '{selector}:' with one of {', '.join(schema.KINDS)}"
        return stub, [Problem(file, located.line_of(selector), what, fix)]
    lines = {**located.lines, (): located.line_of(selector)}
    problems = kb.data.problems(file, data, lines, schema.of(kind))
    refs: list[tuple[Where, str, str]] = []
    values = {} if problems else schema.values(schema.KINDS[kind], kb.data.as_json(data), refs)
    values.pop(selector, None)
    found = _place_problems(kind, docname, values)
    if not problems and not found:  # the rules assume every key passed its own check
        found = schema.rules(kind, values, name)
    problems += [Problem(file, line_of(lines, where), *rest) for where, *rest in found]
    problems = sorted(problems + _lost_to_comments(text, located, file), key=lambda p: p.line)
    record = Record(
        kind, name, docname, file, values, located.lines, tuple(refs), complete=not problems
    )
    return record, problems


def load_tree(docs: Path) -> tuple[list[Record], list[Problem]]:
    """Every record under ``docs``/records, and the problems of each file on its own."""
    records, problems = [], []
    for path in sorted((docs / RECORDS_DIR).rglob("*.md")):
        docname = path.relative_to(docs).with_suffix("").as_posix()
        if is_record(docname):
            record, found = load(path.read_text(encoding="utf-8"), str(path), docname)
            problems += found
            if record is not None:
                records.append(record)
    return records, problems
