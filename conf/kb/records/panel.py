"""The metadata panel that opens every record page, built from the record's front matter.

The panel is a field list in a ``record-panel`` container, so that the HTML and LaTeX writers
both render it: one field per key the record gives, in the order of the records' JSON Schema,
with the sources last; an optional key left out shows the schema's ``x-absent`` text, if any
("still a member").  References to other records link to their pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from docutils import nodes
from sphinx import addnodes

from kb.records import schema
from kb.records.load import Record
from kb.records.views import figure_value, span

SKIPPED = ("record", "dirac")
"""Keys every record has with the same value, which the panel would only repeat."""

LINKS = r"(?P<url>https?://[^\s,;]+[^\s,;.)])|doi:(?P<doi>10\.\d+/[^\s,;]+[^\s,;.)])"
"""A web address or a DOI, in any text of a record."""
TEXT_PARTS = re.compile(LINKS)
SOURCE_PARTS = re.compile(LINKS + r"|(?P<code>\b[A-Za-z][\w.-]*(?:/[\w.-]+)+)")
"""In a source, also a path or a repository (``DIRACGrid/diracgrid.org``); elsewhere a slash
joins words (``ARC6/AREX``)."""

Finder = Callable[[str, str], str | None]
"""The docname of the record of a kind and name, or None when there is no such page."""


def inline(text: str, parts: re.Pattern = TEXT_PARTS) -> list[nodes.Node]:
    """``text`` with its web addresses and DOIs as links and, in a source, its paths as code."""
    result: list[nodes.Node] = []
    position = 0
    for match in parts.finditer(text):
        if match.start() > position:
            result.append(nodes.Text(text[position : match.start()]))
        if match["url"]:
            result.append(nodes.reference(match["url"], match["url"], refuri=match["url"]))
        elif match["doi"]:
            uri = f"https://doi.org/{match['doi']}"
            result.append(nodes.reference(match[0], match[0], refuri=uri))
        else:
            result.append(nodes.literal(match[0], match[0]))
        position = match.end()
    if position < len(text):
        result.append(nodes.Text(text[position:]))
    return result


def _ref(kind: str, name: str, find: Finder) -> nodes.Node:
    docname = find(kind, name)
    if docname is None:  # the cross-record check reports the dangling name
        return nodes.literal(name, name)
    return addnodes.pending_xref(
        "",
        nodes.inline(name, name),
        refdomain="std",
        reftype="doc",
        reftarget=f"/{docname}",
        refexplicit=False,
        refwarn=True,
    )


def _scalar(spec: dict, value, find: Finder) -> list[nodes.Node]:
    """One value as nodes: a reference to another record or a web address as a link, a value
    from a fixed list as code (as written in the file), a number with thousands separators."""
    defined_as = schema.defined_as(spec)
    if "x-ref" in spec:
        return [_ref(spec["x-ref"], value, find)]
    if defined_as == "url":
        return [nodes.reference(value, value, refuri=value)]
    if "x-titles" in spec:  # the minuted body's name, not its key
        return [nodes.Text(spec["x-titles"][value])]
    if "enum" in spec:  # a value from a fixed list, as written in the file
        return [nodes.literal(value, value)]
    if defined_as == "number":
        return [nodes.Text(f"{value:,}")]
    if defined_as == "text":
        return inline(str(value))
    return [nodes.Text(str(value))]


def _figure(figure: dict) -> list[nodes.Node]:
    value = figure_value(figure)
    return [
        nodes.Text(f"{figure['quantity']}: "),
        nodes.strong(value, value),
        nodes.Text(f" (measured {figure['measured']}; source: "),
        *inline(figure["source"], SOURCE_PARTS),
        nodes.Text(")"),
    ]


def _item(spec: dict, item: dict, find: Finder) -> list[nodes.Node]:
    """One action, contribution...: its first key in bold, then the others as ``key: value``."""
    if schema.defined_as(spec) == "figure":
        return _figure(item)
    head, *rest = schema.node(spec)["properties"].items()
    result: list[nodes.Node] = [nodes.strong(item[head[0]], item[head[0]])]
    for name, key in rest:
        if name in item:
            result += [nodes.Text(f"; {name}: "), *_scalar(key, item[name], find)]
        elif "x-absent" in key:
            result.append(nodes.Text(f"; {name}: {key['x-absent']}"))
    return result


def _value(spec: dict, value, find: Finder) -> list[nodes.Node]:
    if schema.node(spec).get("type") != "array":
        return [nodes.paragraph("", "", *_scalar(spec, value, find))]
    item = schema.node(spec)["items"]
    if "x-ref" in item:
        joined: list[nodes.Node] = []
        for index, name in enumerate(value):
            joined += ([nodes.Text(", ")] if index else []) + _scalar(item, name, find)
        return [nodes.paragraph("", "", *joined)]
    show = _item if schema.node(item).get("type") == "object" else _scalar
    return [_bullets([show(item, each, find) for each in value])]


def _bullets(items: list[list[nodes.Node]]) -> nodes.bullet_list:
    return nodes.bullet_list(
        "", *(nodes.list_item("", nodes.paragraph("", "", *parts)) for parts in items)
    )


SHOWN_TOGETHER = {
    ("funding", "amount"): lambda data: f"{data['amount']:,} {data['currency']}",
    ("event", "start"): lambda data: span(data["start"], data.get("end")),
}
"""Keys shown in one field with their partner (12,000 EUR; 2023-05-08 to 2023-05-12), which
gets no field of its own."""
PARTNERS = {("funding", "currency"), ("event", "end")}


def _label(record: Record, name: str, spec: dict) -> str:
    """The key as words (``managed-by`` is "Managed by"), unless the schema gives a title."""
    if record.kind == "decision" and name == "date" and "reported-at" in record.data:
        return "Date of the report"
    if record.kind == "event" and name == "start":
        return "Dates" if "end" in record.data else "Date"
    return spec.get("title") or name.replace("-", " ").capitalize()


def panel(record: Record, find: Finder) -> nodes.container:
    """The panel of ``record``; ``find`` locates the pages of the records it names."""
    fields = schema.KINDS[record.kind]["properties"]
    names = [name for name in fields if name not in SKIPPED and (record.kind, name) not in PARTNERS]
    field_list = nodes.field_list()
    for name in sorted(names, key=lambda name: name == "sources"):  # the sources last
        spec, value = fields[name], record.data.get(name, [])
        absent = schema.node(spec).get("x-absent")
        if name == "sources":
            body = [_bullets([inline(source, SOURCE_PARTS) for source in value])]
        elif (record.kind, name) in SHOWN_TOGETHER and value != []:
            text = SHOWN_TOGETHER[record.kind, name](record.data)
            body = [nodes.paragraph(text, text)]
        elif value != []:  # an empty list shows as a missing key
            body = _value(spec, value, find)
        elif absent:
            body = [nodes.paragraph(absent, absent)]
        else:
            continue
        label = _label(record, name, spec)
        field_list += nodes.field("", nodes.field_name(label, label), nodes.field_body("", *body))
    return nodes.container("", field_list, classes=["record-panel"])
