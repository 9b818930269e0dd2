"""Docutils nodes for a generated index: a rubric per group and a table under it."""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes

from kb.records.views import Cell, Group, Link


def _cell(cell: Cell, uri_of: Callable[[str], str]) -> nodes.entry:
    paragraph = nodes.paragraph()
    if isinstance(cell, Link):
        paragraph += nodes.reference("", cell.text, internal=True, refuri=uri_of(cell.docname))
    else:
        paragraph += nodes.Text(cell)
    return nodes.entry("", paragraph)


def _row(cells: tuple[Cell, ...], uri_of: Callable[[str], str]) -> nodes.row:
    row = nodes.row()
    row.extend(_cell(cell, uri_of) for cell in cells)
    return row


def _table(group: Group, uri_of: Callable[[str], str]) -> nodes.table:
    tgroup = nodes.tgroup(cols=len(group.columns))
    tgroup.extend(nodes.colspec(colwidth=1) for _ in group.columns)
    tgroup += nodes.thead("", _row(group.columns, uri_of))
    tgroup += nodes.tbody("", *(_row(row, uri_of) for row in group.rows))
    return nodes.table("", tgroup, classes=["records-index"])


def render(groups: list[Group], uri_of: Callable[[str], str]) -> list[nodes.Node]:
    """``uri_of(docname)`` gives the link from the page being written to a record."""
    if not groups:
        return [nodes.paragraph(text="No records of this kind yet.")]
    result: list[nodes.Node] = []
    for group in groups:
        if group.heading:
            result.append(nodes.rubric(text=group.heading))
        result.append(_table(group, uri_of))
    return result
