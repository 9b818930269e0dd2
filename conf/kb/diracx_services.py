"""The ``{diracx-services}`` directive: DIRAC services and their DiracX legacy adaptors.

The data is ``conf/data/diracx-services.toml``, one ``[[service]]`` table a DIRAC service with
its status, the DiracX release that certified it and a source, described by
``conf/data/schemas/diracx-services.schema.json``.  A wrong entry stops the build at its line in
the data file, saying what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import kb.data
from kb import paths
from kb.problems import ProblemError
from kb.reference_cells import row, table

DATA = paths.DATA / "diracx-services.toml"
STATUSES = {
    "certified": "certified",
    "no-adaptor": "no adaptor: never switch on",
}
COLUMNS = ("System", "Service", "Status", "Certified from DiracX", "DIRAC releases")
WIDTHS = (24, 20, 24, 16, 16)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Service:
    system: str
    service: str
    status: str
    source: str
    dirac: str
    diracx: str = ""

    @property
    def option(self) -> str:
        return f"/DiracX/FutureClientEnabled/{self.system}/{self.service}"


def load(path: Path = DATA) -> list[Service]:
    """Every service of the data file, validated by its schema; a service listed twice is an
    error at its second entry."""
    data, lines = kb.data.load(path)
    services, seen = [], {}
    for index, raw in enumerate(data["service"]):
        service = Service(**raw)
        line = lines[("service", index)]
        if service.option in seen:
            raise ProblemError.at(
                path,
                line,
                f"{service.system}/{service.service} is listed twice (first at line "
                f"{seen[service.option]})",
                "merge the two entries",
            )
        seen[service.option] = line
        services.append(service)
    return services


def table_row(service: Service) -> nodes.row:
    """System, service (as code), status, first certified DiracX release, DIRAC releases."""
    status, diracx = STATUSES[service.status], service.diracx or "–"
    text = [[nodes.Text(value)] for value in (service.system, status, diracx, service.dirac)]
    return row((text[0], service.service, *text[1:]))


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
        except ProblemError as error:
            error.log(logger)
            return []
        rows = [table_row(service) for service in services]
        return [
            table(COLUMNS, rows, WIDTHS, ["diracx-services"]),
            nodes.paragraph(text="Sources of the rows:"),
            source_list(services),
        ]


def setup(app: Sphinx) -> dict:
    app.add_directive("diracx-services", DiracXServicesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
