"""Rules across records: references must resolve, and links kept on both sides must agree.

A decision names the minutes of the meeting that took it (``decided-at``) or that reported it
(``reported-at``), and those minutes list it under ``decisions`` or ``reported-decisions``; a
decision that supersedes another is named as ``superseded-by`` there.  Both sides are written
by hand, so both are checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kb.problems import Problem
from kb.records.load import Record
from kb.records.schema import MEETING_KEYS, meeting_of

Known = dict[tuple[str, str], Record]
"""Every record by its kind and name."""


def _dangling(record: Record, known: Known) -> Iterator[Problem]:
    for where, kind, name in record.refs:
        if (kind, name) not in known:
            listing = ", ".join(sorted(n for k, n in known if k == kind)) or "none yet"
            fix = (
                f"write the file name without .md of an existing {kind} record ({listing}), "
                f"or create it with 'python -m kb.records new {kind}'"
            )
            yield record.problem(where, f"no {kind} record is named '{name}'", fix)


def _meetings(record: Record, known: Known) -> Iterator[Problem]:
    """A decision's ``decided-at`` (``reported-at``) and the minutes' ``decisions``
    (``reported-decisions``) name each other."""
    meeting = meeting_of(record.data) if record.kind == "decision" else None
    if meeting:
        key, name = meeting
        listing = MEETING_KEYS[key]
        minutes = known.get(("minutes", name))
        if minutes and minutes.complete and record.name not in minutes.data.get(listing, []):
            what = f"the minutes {minutes.name} do not list this decision in '{listing}'"
            fix = f"add '- {record.name}' to '{listing}:' in {minutes.file}"
            yield record.problem((key,), what, fix)
    if record.kind == "minutes":
        for key, listing in MEETING_KEYS.items():
            for index, name in enumerate(record.data.get(listing, [])):
                decision = known.get(("decision", name))
                if not (decision and decision.complete) or decision.data.get(key) == record.name:
                    continue
                named = meeting_of(decision.data)
                now = f"'{named[0]}: {named[1]}'" if named else "no meeting"
                what = f"the decision {name} does not name these minutes as '{key}' (it has {now})"
                fix = f"set '{key}: {record.name}' in {decision.file}, or move the item"
                yield record.problem((listing, index), what, fix)


def _supersession(record: Record, known: Known) -> Iterator[Problem]:
    """``supersedes`` and ``superseded-by`` must name each other."""
    if record.kind != "decision":
        return
    for index, name in enumerate(record.data.get("supersedes", [])):
        older = known.get(("decision", name))
        if older and older.complete and older.data.get("superseded-by") != record.name:
            what = f"{name} does not name this decision as 'superseded-by'"
            fix = f"set 'superseded-by: {record.name}' and 'status: superseded' in {older.file}"
            yield record.problem(("supersedes", index), what, fix)
    newer = known.get(("decision", record.data.get("superseded-by", "")))
    if newer and newer.complete and record.name not in newer.data.get("supersedes", []):
        what = f"{newer.name} does not list this decision in 'supersedes'"
        fix = f"add '- {record.name}' to 'supersedes:' in {newer.file}"
        yield record.problem(("superseded-by",), what, fix)


def crosscheck(records: Iterable[Record]) -> list[Problem]:
    """Every problem between the given records, in file order.

    Agreement between two sides is only checked when both sides read cleanly; an incomplete
    record has its own problems reported already.
    """
    records = sorted(records, key=lambda record: record.file)
    known = {(record.kind, record.name): record for record in records}
    rules = (_dangling, _meetings, _supersession)
    return [problem for record in records for rule in rules for problem in rule(record, known)]
