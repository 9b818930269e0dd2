"""The record kinds of the knowledge base and the keys each one's front matter holds.

This table is the only place that says what a record is.  Loading (``kb.records.load``), the
scaffolding templates' tests and the generated indexes all follow it.  A key is described by a
``Field``: its name, the check its value must pass, whether it is required, and a few words on
what it holds (used in error messages).  Rules that look at more than one key of the same
record live here too, in each kind's ``rules``; rules across records are in
``kb.records.crosscheck``.

Dates come in two precisions.  ``Date`` is a day (``2023-02-27``); ``FuzzyDate`` also admits a
month (``2023-10``) or a year (``2016``), for facts the sources only date that far.  Both are
kept as ISO text, so that they sort and export as they are written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PLACEHOLDER = "TODO"
"""Text the scaffolding templates leave where the author must write; never valid in a record."""


class Invalid(ValueError):
    """A value that fails its check: ``what`` is wrong and ``fix`` says how to repair it."""

    def __init__(self, what: str, fix: str):
        super().__init__(f"{what}; {fix}")
        self.what, self.fix = what, fix


# --- Checks for single values -----------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    expected: str = "a non-empty text"

    def convert(self, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise Invalid(f"{_show(value)} is not text", f"write {self.expected}")
        text = str(value).strip()
        if not text:
            raise Invalid("the value is empty", f"write {self.expected}")
        if PLACEHOLDER in text:
            raise Invalid(
                f"the placeholder {PLACEHOLDER!r} from the template is still there",
                "replace it with the real value",
            )
        return text


@dataclass(frozen=True)
class Url:
    expected: str = "a web address starting with https:// or http://"

    def convert(self, value: Any) -> str:
        text = Text(self.expected).convert(value)
        if not re.fullmatch(r"https?://\S+", text):
            raise Invalid(f"{_show(value)} is not a web address", f"write {self.expected}")
        return text


@dataclass(frozen=True)
class Integer:
    minimum: int = 0
    expected: str = "a whole number"

    def convert(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"{_show(value)} is not a whole number", f"write {self.expected}")
        if value < self.minimum:
            raise Invalid(f"{value} is below {self.minimum}", f"write {self.expected}")
        return value


@dataclass(frozen=True)
class Number:
    expected: str = "a number without unit or thousands separator, such as 1200000 or 12.5"

    def convert(self, value: Any) -> int | float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Invalid(f"{_show(value)} is not a number", f"write {self.expected}")
        return value


@dataclass(frozen=True)
class Choice:
    values: tuple[str, ...]

    @property
    def expected(self) -> str:
        return "one of " + ", ".join(self.values)

    def convert(self, value: Any) -> str:
        if value not in self.values:
            raise Invalid(f"{_show(value)} is not allowed here", f"write {self.expected}")
        return value


@dataclass(frozen=True)
class Date:
    expected: str = "a day written YYYY-MM-DD, such as 2023-02-27"

    def convert(self, value: Any) -> str:
        if isinstance(value, dt.datetime):
            raise Invalid(f"{_show(value)} has a time of day", f"write {self.expected}")
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return dt.date.fromisoformat(value).isoformat()
            except ValueError as error:
                raise Invalid(
                    f"{value!r} is not a date ({error})", f"write {self.expected}"
                ) from None
        raise Invalid(f"{_show(value)} is not a date", f"write {self.expected}")


@dataclass(frozen=True)
class FuzzyDate:
    expected: str = "a day (2023-02-27), a month (2023-10) or a year (2016)"

    def convert(self, value: Any) -> str:
        if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
            return str(value)
        if isinstance(value, str) and re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?", value):
            return value
        try:
            return Date().convert(value)
        except Invalid:
            raise Invalid(f"{_show(value)} is not a date", f"write {self.expected}") from None


@dataclass(frozen=True)
class Ref:
    """The name of another record of ``kind``: its file name without ``.md``."""

    kind: str

    @property
    def expected(self) -> str:
        return f"the file name, without .md, of a {self.kind} record"

    def convert(self, value: Any) -> str:
        return Text(self.expected).convert(value)


@dataclass(frozen=True)
class ListOf:
    item: Check
    min_items: int = 0

    @property
    def expected(self) -> str:
        at_least = f"at least {self.min_items} " if self.min_items else ""
        return f"a list of {at_least}items, each {self.item.expected}"


@dataclass(frozen=True)
class Field:
    name: str
    check: Check
    required: bool = True
    about: str = ""
    absent: str = ""
    """What a record page's metadata panel says when the key is left out; empty: say nothing."""
    heading: str = ""
    """The key's label in the metadata panel, when the key itself does not read as words."""

    @property
    def label(self) -> str:
        """The key as words, for the metadata panel: ``managed-by`` is "Managed by"."""
        return self.heading or self.name.replace("-", " ").capitalize()


@dataclass(frozen=True)
class Obj:
    fields: tuple[Field, ...]

    @property
    def expected(self) -> str:
        return "a mapping with the keys " + ", ".join(f.name for f in self.fields)


Check = Text | Url | Integer | Number | Choice | Date | FuzzyDate | Ref | ListOf | Obj


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "an empty value"
    return repr(value) if isinstance(value, str) else str(value)


# --- Rules over several keys of one record ----------------------------------------------------

Problem = tuple[tuple[str | int, ...], str, str]
"""A rule's finding: the path of the key concerned, what is wrong, how to fix it."""
Rule = Callable[[dict, str], list[Problem]]
"""A rule gets a record's checked values and its file name (without .md)."""


def _not_before(first: str, then: str) -> Rule:
    def rule(data: dict, name: str) -> list[Problem]:
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
    def rule(data: dict, name: str) -> list[Problem]:
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


def _decision_number_in_name(data: dict, name: str) -> list[Problem]:
    if "number" in data and not name.startswith(f"dr-{data['number']:04d}-"):
        return [
            (
                ("number",),
                f"number {data['number']} does not match the file name '{name}'",
                f"name the file dr-{data['number']:04d}-<slug>.md or correct the number",
            )
        ]
    return []


def _amendment_names_what_it_amends(data: dict, name: str) -> list[Problem]:
    if data.get("kind") == "amendment" and "amends" not in data:
        return [
            (
                ("kind",),
                "an amendment does not say which agreement it amends",
                "add 'amends: <file name of the agreement record>'",
            )
        ]
    if data.get("kind") == "agreement" and "amends" in data:
        return [
            (
                ("amends",),
                "an agreement cannot amend another one",
                "set 'kind: amendment' or remove 'amends'",
            )
        ]
    return []


def _superseded_names_successor(data: dict, name: str) -> list[Problem]:
    if (data.get("status") == "superseded") != ("superseded-by" in data):
        return [
            (
                ("status",),
                "a superseded decision and its 'superseded-by' go together",
                "set 'status: superseded' and 'superseded-by: <decision>' both, or neither",
            )
        ]
    return []


def _term_is_dated(data: dict, name: str) -> list[Problem]:
    if "start" not in data and "attested" not in data:
        return [
            (
                ("role",),
                "the term has neither 'start' nor 'attested'",
                "add 'start:' with the date the term began or 'attested:' with the date of a "
                "source that shows the holder in the role",
            )
        ]
    return []


MEETING_KEYS = {"decided-at": "decisions", "reported-at": "reported-decisions"}
"""How a decision names its meeting (the one that took it, or one that only reported it), and
the key under which those minutes list the decision in turn."""


def meeting_of(decision: dict) -> tuple[str, str] | None:
    """The key with which a decision's checked values name its meeting, and the minutes named."""
    return next(((key, decision[key]) for key in MEETING_KEYS if key in decision), None)


def _decided_or_reported(data: dict, name: str) -> list[Problem]:
    given = [key for key in MEETING_KEYS if key in data]
    if len(given) != 1:
        return [
            (
                (given[-1],) if given else (SELECTOR,),
                "a decision names either the minutes that took it ('decided-at') or the "
                f"minutes that only reported it ('reported-at'), not {len(given)} of them",
                "keep 'decided-at:' if the meeting took the decision, 'reported-at:' if it "
                "reported a decision taken elsewhere",
            )
        ]
    return []


def _amount_has_currency(data: dict, name: str) -> list[Problem]:
    if ("amount" in data) != ("currency" in data):
        present = "amount" if "amount" in data else "currency"
        return [((present,), "'amount' and 'currency' go together", "give both keys or neither")]
    return []


# --- The kinds -------------------------------------------------------------------------------

BODIES = {
    "board": "Board of representatives of the DIRAC consortium",
    "dirac-at-in2p3": "DIRAC@IN2P3 meeting",
}
"""The bodies whose meetings are minuted; add one here before its first minutes."""

ACTION = Obj(
    (
        Field("task", Text(), about="what is to be done"),
        Field("owner", Text(), about="who does it"),
        Field(
            "due",
            FuzzyDate(),
            required=False,
            about="when it is due, if the meeting said",
            absent="not set",
        ),
        Field("status", Choice(("open", "done", "dropped")), about="open, done or dropped"),
        Field("outcome", Text(), required=False, about="what happened, with its source"),
    )
)

FIGURE = Obj(
    (
        Field("quantity", Text(), about="what was counted"),
        Field("value", Number()),
        Field("qualifier", Choice(("about", "more than", "up to")), required=False),
        Field("measured", FuzzyDate(), about="when the figure was measured or reported"),
        Field("source", Text(), about="where the figure is reported"),
    )
)

CONTRIBUTION = Obj(
    (
        Field("title", Text()),
        Field("speaker", Text(), required=False),
        Field("date", Date(), required=False),
        Field("link", Url(), required=False),
    )
)


@dataclass(frozen=True)
class Kind:
    name: str
    plural: str
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()
    file_name: str = "<slug>.md"
    dated_by: str = ""
    """The key that dates a record of this kind, for the calendar-like indexes."""

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


SELECTOR = "record"
"""The key that names a record's kind; every record has it, and it decides the other keys."""

COMMON = (
    Field("dirac", Choice(("*",)), about='always "*": a record concerns no one release line'),
    Field("sources", ListOf(Text(), min_items=1), about="where every fact of the page comes from"),
)

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "minutes",
            "minutes",
            COMMON
            + (
                Field("date", Date()),
                Field("body", Choice(tuple(BODIES))),
                Field("place", Text()),
                Field("chair", Text(), required=False),
                Field("attendees", ListOf(Text()), required=False),
                Field("excused", ListOf(Text()), required=False, about="who sent apologies"),
                Field(
                    "link",
                    Url(),
                    required=False,
                    about="the meeting's agenda page",
                    heading="Agenda page",
                ),
                Field(
                    "agenda",
                    ListOf(Text(), min_items=1),
                    required=False,
                    about="the agenda as the sources give it; leave it out if none was found",
                    absent="none found in the sources",
                ),
                Field(
                    "decisions",
                    ListOf(Ref("decision")),
                    required=False,
                    about="the decisions the meeting took",
                    heading="Decisions taken",
                ),
                Field(
                    "reported-decisions",
                    ListOf(Ref("decision")),
                    required=False,
                    about="decisions taken elsewhere or earlier that the meeting reported",
                    heading="Decisions reported",
                ),
                Field("actions", ListOf(ACTION), required=False),
            ),
            rules=(_name_starts_with("date", 10, "<date>-<slug>.md"),),
            file_name="<YYYY>/<YYYY-MM-DD>-<slug>.md",
            dated_by="date",
        ),
        Kind(
            "decision",
            "decisions",
            COMMON
            + (
                Field("number", Integer(minimum=1)),
                Field(
                    "status",
                    Choice(("proposed", "accepted", "rejected", "withdrawn", "superseded")),
                ),
                Field(
                    "date",
                    Date(),
                    about="the day of the decision, or of its report for a decision only reported",
                ),
                Field(
                    "decided-at",
                    Ref("minutes"),
                    required=False,
                    about="the minutes of the meeting that took the decision",
                ),
                Field(
                    "reported-at",
                    Ref("minutes"),
                    required=False,
                    about="the minutes of a meeting that reported a decision taken elsewhere",
                ),
                Field("supersedes", ListOf(Ref("decision")), required=False),
                Field("superseded-by", Ref("decision"), required=False),
            ),
            rules=(_decision_number_in_name, _superseded_names_successor, _decided_or_reported),
            file_name="dr-<NNNN>-<slug>.md",
            dated_by="date",
        ),
        Kind(
            "agreement",
            "agreements",
            COMMON
            + (
                Field("kind", Choice(("agreement", "amendment"))),
                Field("amends", Ref("agreement"), required=False),
                Field("parties", ListOf(Ref("member"), min_items=1)),
                Field("signed", FuzzyDate(), required=False, absent="not recorded"),
                Field("effective", FuzzyDate(), required=False, absent="not recorded"),
                Field("expiry", FuzzyDate(), required=False, absent="not recorded"),
                Field("status", Choice(("draft", "awaiting-signature", "in-force", "expired"))),
            ),
            rules=(_amendment_names_what_it_amends, _not_before("effective", "expiry")),
            dated_by="effective",
        ),
        Kind(
            "member",
            "members",
            COMMON
            + (
                Field("institute", Text()),
                Field("country", Text()),
                Field("joined", FuzzyDate()),
                Field("left", FuzzyDate(), required=False, absent="still a member"),
                Field(
                    "representative",
                    Text(),
                    required=False,
                    about="the member's representative on the board, as of the newest source",
                ),
            ),
            rules=(_not_before("joined", "left"),),
            dated_by="joined",
        ),
        Kind(
            "role",
            "roles",
            COMMON
            + (
                Field("role", Choice(("coordinator", "technical-coordinator"))),
                Field("holder", Text()),
                Field(
                    "member", Ref("member"), required=False, about="the member the holder is from"
                ),
                Field("start", FuzzyDate(), required=False, absent="not recorded"),
                Field("end", FuzzyDate(), required=False, absent="not recorded"),
                Field(
                    "attested",
                    FuzzyDate(),
                    required=False,
                    about="date of a source showing the holder in the role",
                ),
                Field("appointed-by", Ref("decision"), required=False),
            ),
            rules=(_term_is_dated, _not_before("start", "end")),
            dated_by="start",
        ),
        Kind(
            "service",
            "services",
            COMMON
            + (
                Field("operator", Text()),
                Field("hosted-at", Text(), required=False),
                Field("url", Url(), required=False, heading="Address"),
                Field("since", FuzzyDate(), required=False),
                Field("figures", ListOf(FIGURE), required=False),
            ),
        ),
        Kind(
            "event",
            "events",
            COMMON
            + (
                Field(
                    "kind",
                    Choice(("users-workshop", "workshop", "hackathon", "conference", "webinar")),
                ),
                Field("status", Choice(("held", "planned", "proposed", "cancelled"))),
                Field("start", FuzzyDate()),
                Field("end", FuzzyDate(), required=False),
                Field("place", Text(), required=False, absent="not recorded"),
                Field("link", Url(), required=False, heading="Event page"),
                Field("contributions", ListOf(CONTRIBUTION), required=False),
            ),
            rules=(_name_starts_with("start", 4, "<year>-<slug>.md"), _not_before("start", "end")),
            file_name="<YYYY>-<slug>.md",
            dated_by="start",
        ),
        Kind(
            "funding",
            "funding",
            COMMON
            + (
                Field("year", Integer(minimum=2000)),
                Field("purpose", Text()),
                Field(
                    "status",
                    Choice(
                        ("proposed", "reported", "allocated", "granted", "rejected", "abandoned")
                    ),
                    about="'reported' when a source gives the money but not how it was granted",
                ),
                Field("amount", Number(), required=False),
                Field("currency", Choice(("EUR", "CHF", "USD")), required=False),
                Field("effort", Number(), required=False, about="person-months"),
                Field("managed-by", Text(), required=False),
            ),
            rules=(_name_starts_with("year", 4, "<year>-<slug>.md"), _amount_has_currency),
            file_name="<YYYY>-<slug>.md",
            dated_by="year",
        ),
    )
}

BY_PLURAL = {kind.plural: kind for kind in KINDS.values()}
