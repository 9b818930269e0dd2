"""The ``{diracx-services}`` directive: DIRAC services and their DiracX legacy adaptors.

The data is ``conf/data/diracx-services.toml``, one ``[[service]]`` table a DIRAC service with
its status, the DiracX release that certified it and a source.  A wrong entry stops the build
at its line in the data file, saying what to fix.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

DATA = Path(__file__).resolve().parents[1] / "data" / "diracx-services.toml"
KEYS = ("system", "service", "status", "diracx", "dirac", "source")
STATUSES = {
    "certified": "certified",
    "no-adaptor": "no adaptor: never switch on",
}
COLUMNS = ("System", "Service", "Status", "Certified from DiracX", "DIRAC releases")
WIDTHS = (24, 20, 24, 16, 16)

logger = logging.getLogger(__name__)


class ServiceDataError(ValueError):
    """A wrong entry; ``str()`` gives ``path:line: message``."""

    def __init__(self, path: Path, line: int, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}")


@dataclass(frozen=True)
class Service:
    system: str
    service: str
    status: str
    diracx: str
    dirac: str
    source: str

    @property
    def option(self) -> str:
        return f"/DiracX/FutureClientEnabled/{self.system}/{self.service}"


def _tables(text: str) -> list[dict[str, int]]:
    """For each ``[[service]]`` table in order: its line under "" and the line of each key."""
    tables: list[dict[str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            if stripped.replace(" ", "") == "[[service]]":
                tables.append({"": number})
            continue
        if tables and (key := re.match(r"([A-Za-z_-]+)\s*=", stripped)):
            tables[-1].setdefault(key[1], number)
    return tables


def _entry(raw: object, lines: dict[str, int], path: Path) -> Service:
    def fail(key: str, message: str) -> ServiceDataError:
        return ServiceDataError(path, lines.get(key, lines[""]), message)

    if not isinstance(raw, dict):
        raise fail("", "each entry must be a [[service]] table")
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise fail(unknown[0], f"unknown key {unknown[0]!r}; the keys are {', '.join(KEYS)}")
    for key in ("system", "service", "status", "dirac", "source"):
        if not str(raw.get(key, "")).strip():
            raise fail("", f'the key {key!r} is missing or empty; add {key} = "..."')
    status = raw["status"]
    if status not in STATUSES:
        raise fail("status", f"status {status!r} is not one of {', '.join(STATUSES)}")
    diracx = str(raw.get("diracx", ""))
    if status == "certified":
        if not diracx:
            raise fail("", 'a certified service needs diracx = "<first DiracX release>"')
        try:
            Version(diracx)
        except InvalidVersion:
            raise fail("diracx", f'diracx {diracx!r} is not a version such as "0.0.1"') from None
    elif diracx:
        raise fail("diracx", f"diracx is only for certified services, not for {status!r}")
    try:
        SpecifierSet(str(raw["dirac"]))
    except InvalidSpecifier:
        raise fail(
            "dirac", f'dirac {raw["dirac"]!r} is not a specifier such as ">=9.0.0"'
        ) from None
    return Service(
        str(raw["system"]), str(raw["service"]), status, diracx, str(raw["dirac"]), raw["source"]
    )


def load(path: Path = DATA) -> list[Service]:
    """Every service of the data file, validated."""
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise ServiceDataError(
            path, int(found[1]) if found else 1, f"not valid TOML ({error}); fix the syntax"
        ) from None
    unknown = sorted(set(data) - {"service"})
    if unknown:
        raise ServiceDataError(path, 1, f"unknown table {unknown[0]!r}; use [[service]] tables")
    entries = data.get("service", [])
    if not isinstance(entries, list) or not entries:
        raise ServiceDataError(path, 1, "no [[service]] table; add at least one")
    tables = _tables(text)
    if len(tables) != len(entries):
        raise ServiceDataError(path, 1, "write each entry as its own [[service]] table")
    services, seen = [], {}
    for raw, lines in zip(entries, tables, strict=True):
        service = _entry(raw, lines, path)
        if service.option in seen:
            raise ServiceDataError(
                path,
                lines[""],
                f"{service.system}/{service.service} is listed twice (first at line "
                f"{seen[service.option]}); merge the two entries",
            )
        seen[service.option] = lines[""]
        services.append(service)
    return services


def _cell(child: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", child))


def table_row(service: Service) -> nodes.row:
    row = nodes.row()
    row += _cell(nodes.Text(service.system))
    row += _cell(nodes.literal(text=service.service))
    row += _cell(nodes.Text(STATUSES[service.status]))
    row += _cell(nodes.Text(service.diracx or "–"))
    row += _cell(nodes.Text(service.dirac))
    return row


def source_list(services: list[Service]) -> nodes.bullet_list:
    """One item a row, under the table: the sources are too long for a column."""
    items = nodes.bullet_list()
    for service in services:
        text = f"{service.system}/{service.service}: {service.source}"
        items += nodes.list_item("", nodes.paragraph(text=text))
    return items


class DiracXServicesDirective(SphinxDirective):
    """Renders the services of the data file as a table, followed by the source of each row."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(DATA))
        try:
            services = load()
        except ServiceDataError as error:
            logger.error(error.message, location=f"{error.path}:{error.line}")
            return []
        table = nodes.table(classes=["diracx-services"])
        group = nodes.tgroup(cols=len(COLUMNS))
        table += group
        group.extend(nodes.colspec(colwidth=width) for width in WIDTHS)
        head = nodes.thead()
        header = nodes.row()
        for title in COLUMNS:
            header += nodes.entry("", nodes.paragraph(text=title))
        head += header
        body = nodes.tbody()
        body.extend(table_row(service) for service in services)
        group += head
        group += body
        return [table, nodes.paragraph(text="Sources of the rows:"), source_list(services)]


def setup(app: Sphinx) -> dict:
    app.add_directive("diracx-services", DiracXServicesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
