"""The ``{release-lines}`` directive: the table of release lines, rendered from releases.toml."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from kb import releases
from kb.reference_cells import table

COLUMNS = ("Line", "Status", "First release", "Versions checked", "DiracX checked", "Date from")


class ReleaseLinesDirective(SphinxDirective):
    """Renders every release line, oldest first, marking the preferred one."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(releases.DATA))
        rows = (
            [
                [nodes.Text(text)]
                for text in (
                    f"{line.name} (preferred)" if line.preferred else line.name,
                    line.status,
                    line.released.isoformat(),
                    ", ".join(line.checked),
                    ", ".join(line.diracx) or "none",
                    line.source,
                )
            ]
            for line in releases.lines()
        )
        return [table(COLUMNS, rows, (8, 12, 14, 24, 10, 32), ["release-lines"])]


def setup(app: Sphinx) -> dict:
    app.add_directive("release-lines", ReleaseLinesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
