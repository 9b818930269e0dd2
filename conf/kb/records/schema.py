"""The record kinds of the knowledge base, as ``conf/data/schemas/record.schema.json`` describes
them, and the rules over several keys of one record that JSON Schema does not say.

The schema is the only place that says which keys a record holds: ``$defs`` has one definition
per kind, with its keys in the order the metadata panel shows them.  Loading
(``kb.records.load``) validates a record against its kind's definition with ``kb.data``; rules
across records are in ``kb.records.crosscheck``.

Dates come in two precisions: ``date`` is a day (``2023-02-27``); ``fuzzy-date`` also admits a
month (``2023-10``) or a year (``2016``), for facts the sources only date that far.  Both are
kept as ISO text, so that they sort and export as they are written.
"""

from __future__ import annotations

from typing import Any

from kb import data

SCHEMA = data.schema("record")
RECORDS_DIR = "records"
"""Where records live, relative to the documentation root."""
SELECTOR = "record"
"""The key that names a record's kind; every record has it, and it decides the other keys."""
BODIES: dict[str, str] = SCHEMA["$defs"]["minutes"]["properties"]["body"]["x-titles"]
"""The bodies whose meetings are minuted, and their names."""


def node(spec: dict) -> dict:
    """A key's schema with the definition its ``$ref`` names merged in."""
    return data.resolved(spec, SCHEMA)


def defined_as(spec: dict) -> str:
    """The name of the definition a key's schema refers to (``url``, ``figure``), if any."""
    return spec.get("$ref", "").removeprefix("#/$defs/")


def values(spec: dict, value: Any, refs: list, where: data.Where = ()) -> Any:
    """A record's valid values as kept: keys in the schema's order, text (``x-as-text``) as
    ``str``; every reference to another record (``x-ref``) is added to ``refs`` as (where, kind,
    name)."""
    spec = node(spec)
    if isinstance(value, dict):  # in the schema's order; a valid record has no other keys
        keys = spec.get("properties", {})
        return {
            key: values(keys[key], value[key], refs, (*where, key)) for key in keys if key in value
        }
    if isinstance(value, list):
        return [
            values(spec.get("items", {}), item, refs, (*where, i)) for i, item in enumerate(value)
        ]
    if spec.get("x-as-text"):
        value = str(value).strip()
    if "x-ref" in spec:
        refs.append((where, spec["x-ref"], value))
    return value


def of(definition: str) -> dict:
    """A schema of its own for values of the definition ``definition`` (``date``, ``member``)."""
    return {"$ref": f"#/$defs/{definition}", "$defs": SCHEMA["$defs"]}


# --- Rules over several keys of one record ----------------------------------------------------

Finding = tuple[tuple[str | int, ...], str, str]
"""A rule's finding: the path of the key concerned, what is wrong, how to fix it."""

NAMED_AFTER = {
    "minutes": ("date", 10, "<date>-<slug>.md"),
    "event": ("start", 4, "<year>-<slug>.md"),
    "funding": ("year", 4, "<year>-<slug>.md"),
}
"""The key whose value starts a record's file name, how much of it, and the name's form."""
NOT_BEFORE = {
    "agreement": ("effective", "expiry"),
    "member": ("joined", "left"),
    "role": ("start", "end"),
    "event": ("start", "end"),
}
"""Two dates of a record, the second of which cannot come before the first."""


def rules(kind: str, data: dict, name: str) -> list[Finding]:
    """What a record's checked values ``data`` break across keys; ``name`` is its file name
    without .md."""
    found: list[Finding] = []
    if kind in NAMED_AFTER:  # a required key
        key, width, example = NAMED_AFTER[kind]
        start = str(data[key])[:width]
        if not name.startswith(start):
            what = f"the file name '{name}' does not start with the {key} {start}"
            found.append(((key,), what, f"rename the file to {example}"))
    if kind == "decision" and not name.startswith(prefix := f"dr-{data['number']:04d}-"):
        what = f"number {data['number']} does not match the file name '{name}'"
        found.append((("number",), what, f"name the file {prefix}<slug>.md or correct the number"))
    first, then = NOT_BEFORE.get(kind, (None, None))
    if first in data and then in data and str(data[then]) < str(data[first])[: len(data[then])]:
        what = f"'{then}' ({data[then]}) comes before '{first}' ({data[first]})"
        found.append(((then,), what, "correct one of the two dates"))
    return found


MEETING_KEYS = {"decided-at": "decisions", "reported-at": "reported-decisions"}
"""How a decision names its meeting (the one that took it, or one that only reported it), and
the key under which those minutes list the decision in turn."""


def meeting_of(decision: dict) -> tuple[str, str] | None:
    """The key with which a decision's checked values name its meeting, and the minutes named."""
    return next(((key, decision[key]) for key in MEETING_KEYS if key in decision), None)


KINDS: dict[str, dict] = {
    name: SCHEMA["$defs"][name] for name in SCHEMA["properties"][SELECTOR]["enum"]
}
"""Each kind's definition; its ``properties`` are the keys in the order of the panel."""
BY_PLURAL = {definition["x-plural"]: name for name, definition in KINDS.items()}
"""The kind of the records in records/<plural>/."""


def folder(kind: str) -> str:
    """The folder of a kind's records, from the documentation root: ``records/decisions``."""
    return f"{RECORDS_DIR}/{KINDS[kind]['x-plural']}"
