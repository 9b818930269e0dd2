"""The generated indexes, as plain tables computed from all records.

Each view takes every record and a ``titles`` mapping (docname to page title) and returns
``Group``s: an optional heading and a table whose cells are text or ``Link``s to record pages.
``kb.records.sphinxext`` turns them into docutils nodes; tests read them directly.  No view keeps
state of its own: an index is always recomputed from the records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

import kb.data
from kb import paths, releases
from kb.records import schema
from kb.records.load import Record

MILESTONES = paths.DATA / "records" / "release-milestones.toml"
DIRACX_RELEASES = MILESTONES.with_name("diracx-releases.toml")


@dataclass(frozen=True)
class Link:
    docname: str
    text: str


Cell = str | Link


@dataclass(frozen=True)
class Group:
    heading: str
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def _of(kind: str, records: list[Record]) -> list[Record]:
    return [record for record in records if record.kind == kind]


def _link(record: Record, titles: dict[str, str]) -> Link:
    return Link(record.docname, titles.get(record.docname, record.name))


def _groups(
    records: list[Record],
    columns: tuple[str, ...],
    row: Callable[[Record], tuple[Cell, ...]],
    sort: Callable,
    heading: Callable[[Record], str] = lambda record: "",
    reverse: bool = False,
) -> list[Group]:
    """A group of rows a heading, the records in the order of ``sort``; none without records."""
    chosen = sorted(records, key=sort, reverse=reverse)
    return [
        Group(title, columns, [row(record) for record in group])
        for title, group in groupby(chosen, key=heading)
    ]


def _table(columns: tuple[str, ...], rows: list[tuple[Cell, ...]]) -> list[Group]:
    """One table without a heading, or none when there is no row."""
    return [Group("", columns, rows)] if rows else []


def span(start: str, end: str | None) -> str:
    """A period as text: "2023-05-08 to 2023-05-12", or the one date when there is no end."""
    return f"{start} to {end}" if end and end != start else start


def figure_value(figure: dict) -> str:
    """A figure's value as shown: "more than 1,200,000"."""
    value = f"{figure['value']:,}"
    return f"{figure['qualifier']} {value}" if "qualifier" in figure else value


def minutes_by_year(records: list[Record], titles: dict[str, str]) -> list[Group]:
    return _groups(
        _of("minutes", records),
        ("Date", "Meeting", "Body", "Place"),
        lambda r: (
            r.data["date"],
            _link(r, titles),
            schema.BODIES[r.data["body"]],
            r.data["place"],
        ),
        sort=lambda r: r.data["date"],
        heading=lambda r: r.data["date"][:4],
        reverse=True,
    )


def open_actions(records: list[Record], titles: dict[str, str]) -> list[Group]:
    rows = [
        (_link(r, titles), action["task"], action["owner"], action.get("due", "not set"))
        for r in sorted(_of("minutes", records), key=lambda r: r.data["date"])
        for action in r.data.get("actions", [])
        if action["status"] == "open"
    ]
    return _table(("Meeting", "Action", "Owner", "Due"), rows)


def decisions_by_status(records: list[Record], titles: dict[str, str]) -> list[Group]:
    statuses = schema.KINDS["decision"]["properties"]["status"]["enum"]
    minutes = {r.name: r for r in _of("minutes", records)}

    def meeting(decision: Record, key: str) -> Cell:
        name = decision.data.get(key)
        return _link(minutes[name], titles) if name in minutes else ""

    return _groups(
        _of("decision", records),
        ("Number", "Decision", "Date", "Decided at", "Reported at"),
        lambda r: (
            f"DR-{r.data['number']:04d}",
            _link(r, titles),
            r.data["date"],
            *(meeting(r, key) for key in schema.MEETING_KEYS),
        ),
        sort=lambda r: (statuses.index(r.data["status"]), r.data["number"]),
        heading=lambda r: r.data["status"].capitalize(),
    )


def membership_timeline(records: list[Record], titles: dict[str, str]) -> list[Group]:
    members = sorted(_of("member", records), key=lambda r: (r.data["joined"], r.name))
    if not members:
        return []

    def year(record: Record, key: str) -> str:
        return record.data.get(key, "")[:4]

    def named(key: str, when: str) -> str:
        return ", ".join(titles.get(r.docname, r.name) for r in members if year(r, key) == when)

    def staying(when: str) -> str:
        return str(sum(year(r, "joined") <= when < (year(r, "left") or "9999") for r in members))

    years = sorted({year(r, key) for r in members for key in ("joined", "left")} - {""})
    return [
        Group(
            "Members",
            ("Member", "Institute", "Country", "Joined", "Left"),
            [
                (
                    _link(r, titles),
                    r.data["institute"],
                    r.data["country"],
                    r.data["joined"],
                    r.data.get("left", "still a member"),
                )
                for r in members
            ],
        ),
        Group(
            "Year by year",
            ("Year", "Joined", "Left", "Members at the year's end"),
            [(when, named("joined", when), named("left", when), staying(when)) for when in years],
        ),
    ]


def coordinators(records: list[Record], titles: dict[str, str]) -> list[Group]:
    return _groups(
        _of("role", records),
        ("Holder", "From", "To", "Attested"),
        lambda r: (
            _link(r, titles),
            r.data.get("start", "not recorded"),
            r.data.get("end", "not recorded"),
            r.data.get("attested", ""),
        ),
        sort=lambda r: (r.data["role"], r.data.get("start", r.data.get("attested", ""))),
        heading=lambda r: r.data["role"].replace("-", " ").capitalize(),
    )


def agreements(records: list[Record], titles: dict[str, str]) -> list[Group]:
    members = {r.name: r for r in _of("member", records)}
    return _groups(
        _of("agreement", records),
        ("Document", "Kind", "Parties", "Signed", "Effective", "Expiry", "Status"),
        lambda r: (
            _link(r, titles),
            r.data["kind"],
            ", ".join(
                titles.get(members[p].docname, p) if p in members else p for p in r.data["parties"]
            ),
            r.data.get("signed", "not recorded"),
            r.data.get("effective", "not recorded"),
            r.data.get("expiry", "not recorded"),
            r.data["status"],
        ),
        sort=lambda r: (r.data.get("effective", r.data.get("signed", "")), r.name),
    )


def service_figures(records: list[Record], titles: dict[str, str]) -> list[Group]:
    rows = [
        (_link(r, titles), figure["quantity"], figure_value(figure), figure["measured"])
        for r in sorted(_of("service", records), key=lambda r: r.name)
        for figure in sorted(r.data.get("figures", []), key=lambda f: f["measured"])
    ]
    return _table(("Service", "Figure", "Value", "Measured"), rows)


def events_calendar(records: list[Record], titles: dict[str, str]) -> list[Group]:
    return _groups(
        _of("event", records),
        ("Dates", "Event", "Kind", "Place", "Status"),
        lambda r: (
            span(r.data["start"], r.data.get("end")),
            _link(r, titles),
            r.data["kind"].replace("-", " "),
            r.data.get("place", "not recorded"),
            r.data["status"],
        ),
        sort=lambda r: r.data["start"],
        heading=lambda r: r.data["start"][:4],
        reverse=True,
    )


def _amount(data: dict) -> str:
    parts = [f"{data['amount']:,} {data['currency']}"] if "amount" in data else []
    parts += [f"{data['effort']} person-months"] if "effort" in data else []
    return " and ".join(parts) or "not recorded"


def funding(records: list[Record], titles: dict[str, str]) -> list[Group]:
    return _groups(
        _of("funding", records),
        ("Year", "Budget or proposal", "Amount", "Managed by", "Status"),
        lambda r: (
            str(r.data["year"]),
            _link(r, titles),
            _amount(r.data),
            r.data.get("managed-by", "not recorded"),
            r.data["status"],
        ),
        sort=lambda r: (r.data["year"], r.name),
    )


def release_timeline(records: list[Record], titles: dict[str, str]) -> list[Group]:
    """Release lines (releases.toml), milestones, DiracX releases and yanked DIRAC releases."""
    sources = ((MILESTONES, "milestone", ""), (DIRACX_RELEASES, "release", "DiracX "))
    rows = [
        (str(entry["date"]), prefix + entry["version"], entry["what"], entry["source"])
        for path, key, prefix in sources
        for entry in kb.data.load(path)[0][key]
    ]
    rows += [
        (
            release.date.isoformat(),
            release.version,
            f"yanked on PyPI: {release.reason}",
            release.source,
        )
        for release in releases.yanked().values()
    ]
    rows += [
        (
            line.released.isoformat(),
            f"{line.name}.0",
            f"first final release of the {line.name} line (now {line.status})",
            line.source,
        )
        for line in releases.lines()
    ]
    return [Group("", ("Date", "Release", "What happened", "Source"), sorted(rows))]


VIEWS = {
    "minutes-by-year": minutes_by_year,
    "open-actions": open_actions,
    "decisions-by-status": decisions_by_status,
    "membership-timeline": membership_timeline,
    "coordinators": coordinators,
    "agreements": agreements,
    "service-figures": service_figures,
    "events-calendar": events_calendar,
    "funding": funding,
    "release-timeline": release_timeline,
}
