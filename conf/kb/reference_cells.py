"""Docutils nodes for the generated pages' tables, with every switch as code.

Text nodes go through Sphinx's smart quotes, which turn ``--lifetime`` into an en dash
followed by ``lifetime``; literal nodes do not. So every switch, option, argument and command
name is a literal, and a switch named in prose (a description read from a docstring) is cut
out of the text into a literal of its own.
"""

from __future__ import annotations

import re

from docutils import nodes

# A switch in prose: "-T", "--lifetime", "--GroupName:"; not the "-" inside "re-run".
SWITCH_IN_TEXT = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*:?")
# Code in text written for a generated page: `dirac`.
CODE_IN_TEXT = re.compile(r"`([^`]+)`")


def prose(text: str, pattern: re.Pattern | str = SWITCH_IN_TEXT) -> list[nodes.Node]:
    """Text, with each switch it names (each match of ``pattern``: the group that matched, if
    it has groups) as a literal."""
    result: list[nodes.Node] = []
    position = 0
    for match in re.finditer(pattern, text):
        result.append(nodes.Text(text[position : match.start()]))
        result.append(nodes.literal(text=match[match.lastindex or 0]))
        position = match.end()
    result.append(nodes.Text(text[position:]))
    return [node for node in result if node.astext()]


def joined(groups, separator: str = ", ") -> list[nodes.Node]:
    """The nodes of each group, one group after the other, with ``separator`` between them."""
    result: list[nodes.Node] = []
    for index, group in enumerate(groups):
        result += [nodes.Text(separator), *group] if index else group
    return result


def codes(items, empty: str = "none") -> list[nodes.Node]:
    """Each item as a literal, separated by commas; ``empty`` as text when there are none."""
    return joined([nodes.literal(text=item)] for item in items) or [nodes.Text(empty)]


def row(cells) -> nodes.row:
    """A table row; a str cell is shown as code, a list of nodes as it is."""
    result = nodes.row()
    for cell in cells:
        content = [nodes.literal(text=cell)] if isinstance(cell, str) else cell
        result += nodes.entry("", nodes.paragraph("", "", *content))
    return result


def table(header: tuple[str, ...], rows, widths, classes=("kb-generated",), empty=""):
    """The one table builder of generated pages: a plain-text header over ``rows``, each a
    tuple of cells (see ``row``) or a row built already; a paragraph that says ``empty``, if
    given, when there are no rows."""
    rows = list(rows)
    if empty and not rows:
        return nodes.paragraph(text=empty)
    group = nodes.tgroup(cols=len(header))
    group.extend(nodes.colspec(colwidth=width) for width in widths)
    group += nodes.thead("", row([nodes.Text(title)] for title in header))
    group += nodes.tbody("", *(r if isinstance(r, nodes.row) else row(r) for r in rows))
    return nodes.table("", group, classes=list(classes))


def code_list(items: list[str]) -> nodes.Node:
    """A bullet list of literals, or "None." when there are none."""
    if not items:
        return nodes.paragraph(text="None.")
    listing = nodes.bullet_list()
    for item in items:
        listing += nodes.list_item("", nodes.paragraph("", "", nodes.literal(text=item)))
    return listing
