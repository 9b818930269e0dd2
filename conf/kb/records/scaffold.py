"""Start a new record from its template in conf/data/templates/, never over an existing file.

The templates hold the keys of their kind with ``TODO`` where the author must write; the
checks reject a record while any ``TODO`` is left, so a half-written record cannot be
published by mistake.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import kb.data
from kb import paths
from kb.records import schema

TEMPLATES = paths.DATA / "templates"
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class ScaffoldError(ValueError):
    """A scaffolding request that cannot be carried out; the message says why and what to do."""


def _slug(name: str | None) -> str:
    if not name or not SLUG.fullmatch(name):
        raise ScaffoldError(
            f"--name {name!r} is not a file-name slug; use lower-case letters, digits and "
            "hyphens, such as board-meeting or approve-diracx"
        )
    return name


def _date(value: str | None, definition: str) -> str:
    """``value`` if it is a ``date`` (a day) or ``fuzzy-date`` of the records' schema."""
    found = kb.data.problems(Path(definition), value, {}, schema.of(definition))
    if found:
        raise ScaffoldError(f"--date {value!r} is not a date; {found[0].hint}")
    return value


def _next_decision_number(docs: Path) -> int:
    folder = docs / schema.folder("decision")
    numbers = [
        int(m.group(1)) for p in folder.glob("dr-*.md") if (m := re.match(r"dr-(\d+)-", p.name))
    ]
    return max(numbers, default=0) + 1


def plan(
    kind: str, docs: Path, date: str | None = None, body: str | None = None, name: str | None = None
) -> tuple[Path, dict[str, str]]:
    """Where the new record goes and the values its template is filled with."""
    if kind not in schema.KINDS:
        raise ScaffoldError(
            f"no kind of record is called {kind!r}; use one of {', '.join(schema.KINDS)}"
        )
    folder = docs / schema.folder(kind)
    values = {"kind": kind}
    if kind == "minutes":
        day = _date(date, "date")
        if body not in schema.BODIES:
            raise ScaffoldError(
                f"--body {body!r} is not a minuted body; use one of "
                f"{', '.join(schema.BODIES)} (or add it to 'body' in "
                "conf/data/schemas/record.schema.json)"
            )
        values |= {"date": day, "body": body, "body_label": schema.BODIES[body]}
        return folder / day[:4] / f"{day}-{_slug(name or body)}.md", values
    if kind == "decision":
        number = _next_decision_number(docs)
        values |= {"date": _date(date, "date"), "number": str(number)}
        return folder / f"dr-{number:04d}-{_slug(name)}.md", values
    if kind in ("event", "funding"):
        start = _date(date, "fuzzy-date")
        values |= {"date": start, "year": start[:4]}
        return folder / f"{start[:4]}-{_slug(name)}.md", values
    return folder / f"{_slug(name)}.md", values


def create(kind: str, docs: Path, **options: str | None) -> Path:
    """Write the new record and return its path; refuses to replace an existing file."""
    path, values = plan(kind, docs, **options)
    if path.exists():
        raise ScaffoldError(
            f"{path} exists already; the scaffold never overwrites a record. "
            "Edit that file, or choose another --name (or date)"
        )
    template = string.Template((TEMPLATES / f"{kind}.md").read_text(encoding="utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # "x": even a file created since the check above is never replaced
        with path.open("x", encoding="utf-8") as handle:
            handle.write(template.substitute(values))
    except FileExistsError:
        raise ScaffoldError(f"{path} appeared meanwhile; edit that file instead") from None
    return path
