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

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb import data

SCHEMA = data.schema("record")
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


def label(name: str, spec: dict) -> str:
    """The key as words, for the metadata panel: ``managed-by`` is "Managed by"."""
    return spec.get("title") or name.replace("-", " ").capitalize()


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


def invalid(definition: str, value: Any) -> list:
    """The problems of ``value`` as a value of the definition ``definition`` (``date``)."""
    wrapper = {"$ref": f"#/$defs/{definition}", "$defs": SCHEMA["$defs"]}
    return data.problems(Path(definition), value, {}, wrapper)


# --- Rules over several keys of one record ----------------------------------------------------

Finding = tuple[tuple[str | int, ...], str, str]
"""A rule's finding: the path of the key concerned, what is wrong, how to fix it."""
Rule = Callable[[dict, str], list[Finding]]
"""A rule gets a record's checked values and its file name (without .md)."""


def _not_before(first: str, then: str) -> Rule:
    def rule(data: dict, name: str) -> list[Finding]:
        if first in data and then in data and str(data[then]) < str(data[first])[: len(data[then])]:
            return [
                (
                    (then,),
                    f"'{then}' ({data[then]}) comes before '{first}' ({data[first]})",
                    "correct one of the two dates",
                )
            ]
        return []

    return rule


def _name_starts_with(key: str, width: int, example: str) -> Rule:
    def rule(data: dict, name: str) -> list[Finding]:
        if key in data and not name.startswith(str(data[key])[:width]):
            return [
                (
                    (key,),
                    f"the file name '{name}' does not start with the {key} "
                    f"{str(data[key])[:width]}",
                    f"rename the file to {example}",
                )
            ]
        return []

    return rule


def _decision_number_in_name(data: dict, name: str) -> list[Finding]:
    if "number" in data and not name.startswith(f"dr-{data['number']:04d}-"):
        return [
            (
                ("number",),
                f"number {data['number']} does not match the file name '{name}'",
                f"name the file dr-{data['number']:04d}-<slug>.md or correct the number",
            )
        ]
    return []


MEETING_KEYS = {"decided-at": "decisions", "reported-at": "reported-decisions"}
"""How a decision names its meeting (the one that took it, or one that only reported it), and
the key under which those minutes list the decision in turn."""


def meeting_of(decision: dict) -> tuple[str, str] | None:
    """The key with which a decision's checked values name its meeting, and the minutes named."""
    return next(((key, decision[key]) for key in MEETING_KEYS if key in decision), None)


@dataclass(frozen=True)
class Kind:
    name: str
    definition: dict = field(repr=False)
    rules: tuple[Rule, ...] = ()

    @property
    def plural(self) -> str:
        return self.definition["x-plural"]

    @property
    def file_name(self) -> str:
        return self.definition.get("x-file-name", "<slug>.md")

    @property
    def fields(self) -> dict[str, dict]:
        """Each key's schema, by name, in the order of the panel."""
        return self.definition["properties"]

    @property
    def schema(self) -> dict:
        return {"$ref": f"#/$defs/{self.name}", "$defs": SCHEMA["$defs"]}


RULES: dict[str, tuple[Rule, ...]] = {
    "minutes": (_name_starts_with("date", 10, "<date>-<slug>.md"),),
    "decision": (_decision_number_in_name,),
    "agreement": (_not_before("effective", "expiry"),),
    "member": (_not_before("joined", "left"),),
    "role": (_not_before("start", "end"),),
    "event": (_name_starts_with("start", 4, "<year>-<slug>.md"), _not_before("start", "end")),
    "funding": (_name_starts_with("year", 4, "<year>-<slug>.md"),),
}

KINDS: dict[str, Kind] = {
    name: Kind(name, SCHEMA["$defs"][name], RULES.get(name, ()))
    for name in SCHEMA["properties"][SELECTOR]["enum"]
}
BY_PLURAL = {kind.plural: kind for kind in KINDS.values()}
