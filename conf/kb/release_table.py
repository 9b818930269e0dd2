"""The ``{release-lines}`` directive: the table of release lines, rendered from releases.toml."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from kb import releases

COLUMNS = ("Line", "Status", "First release", "Versions checked", "DiracX checked", "Date from")


def _row(cells: list[str]) -> nodes.row:
    row = nodes.row()
    for text in cells:
        row += nodes.entry("", nodes.paragraph(text=text))
    return row


class ReleaseLinesDirective(SphinxDirective):
    """Renders every release line, oldest first, marking the preferred one."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(releases.DATA))
        table = nodes.table(classes=["release-lines"])
        group = nodes.tgroup(cols=len(COLUMNS))
        table += group
        group.extend(nodes.colspec(colwidth=width) for width in (8, 12, 14, 24, 10, 32))
        head = nodes.thead()
        head += _row(list(COLUMNS))
        body = nodes.tbody()
        for line in releases.lines():
            name = f"{line.name} (preferred)" if line.preferred else line.name
            body += _row(
                [
                    name,
                    line.status,
                    line.released.isoformat(),
                    ", ".join(line.checked),
                    ", ".join(line.diracx) or "none",
                    line.source,
                ]
            )
        group += head
        group += body
        return [table]


def setup(app: Sphinx) -> dict:
    app.add_directive("release-lines", ReleaseLinesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
