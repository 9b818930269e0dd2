"""The generated indexes, as plain tables computed from all records.

Each view takes every record and a ``titles`` mapping (docname to page title) and returns
``Group``s: an optional heading and a table whose cells are text or ``Link``s to record pages.
``kb.records.sphinxext`` turns them into docutils nodes; tests read them directly.  No view keeps
state of its own: an index is always recomputed from the records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

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
    rows: list[tuple[Cell, ...]] = field(default_factory=list)


View = Callable[[list[Record], dict[str, str]], list[Group]]


def _of(kind: str, records: Iterable[Record]) -> list[Record]:
    return [record for record in records if record.kind == kind]


def _link(record: Record, titles: dict[str, str]) -> Link:
    return Link(record.docname, titles.get(record.docname, record.name))


def span(start: str, end: str | None) -> str:
    """A period as text: "2023-05-08 to 2023-05-12", or the one date when there is no end."""
    return f"{start} to {end}" if end and end != start else start


def minutes_by_year(records: list[Record], titles: dict[str, str]) -> list[Group]:
    minutes = sorted(_of("minutes", records), key=lambda r: r.data["date"], reverse=True)
    return [
        Group(
            year,
            ("Date", "Meeting", "Body", "Place"),
            [
                (r.data["date"], _link(r, titles), schema.BODIES[r.data["body"]], r.data["place"])
                for r in group
            ],
        )
        for year, group in groupby(minutes, key=lambda r: r.data["date"][:4])
    ]


def open_actions(records: list[Record], titles: dict[str, str]) -> list[Group]:
    rows = [
        (_link(r, titles), action["task"], action["owner"], action.get("due", "not set"))
        for r in sorted(_of("minutes", records), key=lambda r: r.data["date"])
        for action in r.data.get("actions", [])
        if action["status"] == "open"
    ]
    return [Group("", ("Meeting", "Action", "Owner", "Due"), rows)] if rows else []


def decisions_by_status(records: list[Record], titles: dict[str, str]) -> list[Group]:
    decisions = _of("decision", records)
    known = {r.name: r for r in _of("minutes", records)}

    def meeting(decision: Record, key: str) -> Cell:
        name = decision.data.get(key)
        return _link(known[name], titles) if name in known else ""

    groups = []
    for status in schema.KINDS["decision"].fields["status"]["enum"]:
        chosen = sorted(
            (r for r in decisions if r.data["status"] == status), key=lambda r: r.data["number"]
        )
        if chosen:
            groups.append(
                Group(
                    status.capitalize(),
                    ("Number", "Decision", "Date", "Decided at", "Reported at"),
                    [
                        (
                            f"DR-{r.data['number']:04d}",
                            _link(r, titles),
                            r.data["date"],
                            *(meeting(r, key) for key in schema.MEETING_KEYS),
                        )
                        for r in chosen
                    ],
                )
            )
    return groups


def membership_timeline(records: list[Record], titles: dict[str, str]) -> list[Group]:
    members = sorted(_of("member", records), key=lambda r: (r.data["joined"], r.name))
    if not members:
        return []
    table = Group(
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
    )
    first = min(int(r.data["joined"][:4]) for r in members)
    last = max(int(r.data.get(key, "0")[:4]) for r in members for key in ("joined", "left"))
    years = []
    for year in range(first, last + 1):
        joined = [r for r in members if int(r.data["joined"][:4]) == year]
        left = [r for r in members if r.data.get("left", "")[:4] == str(year)]
        if joined or left:
            staying = [
                r
                for r in members
                if int(r.data["joined"][:4]) <= year
                and ("left" not in r.data or int(r.data["left"][:4]) > year)
            ]
            years.append(
                (
                    str(year),
                    ", ".join(titles.get(r.docname, r.name) for r in joined),
                    ", ".join(titles.get(r.docname, r.name) for r in left),
                    str(len(staying)),
                )
            )
    return [
        table,
        Group("Year by year", ("Year", "Joined", "Left", "Members at the year's end"), years),
    ]


def coordinators(records: list[Record], titles: dict[str, str]) -> list[Group]:
    roles = sorted(
        _of("role", records),
        key=lambda r: (r.data["role"], r.data.get("start", r.data.get("attested", ""))),
    )
    return [
        Group(
            role.replace("-", " ").capitalize(),
            ("Holder", "From", "To", "Attested"),
            [
                (
                    _link(r, titles),
                    r.data.get("start", "not recorded"),
                    r.data.get("end", "not recorded"),
                    r.data.get("attested", ""),
                )
                for r in group
            ],
        )
        for role, group in groupby(roles, key=lambda r: r.data["role"])
    ]


def agreements(records: list[Record], titles: dict[str, str]) -> list[Group]:
    chosen = sorted(
        _of("agreement", records),
        key=lambda r: (r.data.get("effective", r.data.get("signed", "")), r.name),
    )
    members = {r.name: r for r in _of("member", records)}
    rows = [
        (
            _link(r, titles),
            r.data["kind"],
            ", ".join(
                titles.get(members[p].docname, p) if p in members else p for p in r.data["parties"]
            ),
            r.data.get("signed", "not recorded"),
            r.data.get("effective", "not recorded"),
            r.data.get("expiry", "not recorded"),
            r.data["status"],
        )
        for r in chosen
    ]
    columns = ("Document", "Kind", "Parties", "Signed", "Effective", "Expiry", "Status")
    return [Group("", columns, rows)] if rows else []


def service_figures(records: list[Record], titles: dict[str, str]) -> list[Group]:
    rows = []
    for r in sorted(_of("service", records), key=lambda r: r.name):
        for figure in sorted(r.data.get("figures", []), key=lambda f: f["measured"]):
            value = f"{figure['value']:,}"
            if "qualifier" in figure:
                value = f"{figure['qualifier']} {value}"
            rows.append((_link(r, titles), figure["quantity"], value, figure["measured"]))
    return [Group("", ("Service", "Figure", "Value", "Measured"), rows)] if rows else []


def events_calendar(records: list[Record], titles: dict[str, str]) -> list[Group]:
    events = sorted(_of("event", records), key=lambda r: r.data["start"], reverse=True)
    return [
        Group(
            year,
            ("Dates", "Event", "Kind", "Place", "Status"),
            [
                (
                    span(r.data["start"], r.data.get("end")),
                    _link(r, titles),
                    r.data["kind"].replace("-", " "),
                    r.data.get("place", "not recorded"),
                    r.data["status"],
                )
                for r in group
            ],
        )
        for year, group in groupby(events, key=lambda r: r.data["start"][:4])
    ]


def funding(records: list[Record], titles: dict[str, str]) -> list[Group]:
    chosen = sorted(_of("funding", records), key=lambda r: (r.data["year"], r.name))
    rows = []
    for r in chosen:
        parts = []
        if "amount" in r.data:
            parts.append(f"{r.data['amount']:,} {r.data['currency']}")
        if "effort" in r.data:
            parts.append(f"{r.data['effort']} person-months")
        rows.append(
            (
                str(r.data["year"]),
                _link(r, titles),
                " and ".join(parts) or "not recorded",
                r.data.get("managed-by", "not recorded"),
                r.data["status"],
            )
        )
    columns = ("Year", "Budget or proposal", "Amount", "Managed by", "Status")
    return [Group("", columns, rows)] if rows else []


def _dated_rows(path: Path, key: str, prefix: str = "") -> list[tuple[Cell, ...]]:
    data, _ = kb.data.load(path)
    return [
        (str(entry["date"]), prefix + entry["version"], entry["what"], entry["source"])
        for entry in data[key]
    ]


def release_timeline(
    records: list[Record],
    titles: dict[str, str],
    milestones: Path = MILESTONES,
    diracx: Path = DIRACX_RELEASES,
) -> list[Group]:
    """Release lines (releases.toml), milestones, DiracX releases and yanked DIRAC releases."""
    rows = _dated_rows(milestones, "milestone") + _dated_rows(diracx, "release", "DiracX ")
    for release in releases.yanked().values():
        rows.append(
            (
                release.date.isoformat(),
                release.version,
                f"yanked on PyPI: {release.reason}",
                release.source,
            )
        )
    for line in releases.lines():
        rows.append(
            (
                line.released.isoformat(),
                f"{line.name}.0",
                f"first final release of the {line.name} line (now {line.status})",
                line.source,
            )
        )
    return [Group("", ("Date", "Release", "What happened", "Source"), sorted(rows))]


VIEWS: dict[str, View] = {
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
