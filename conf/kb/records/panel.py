"""The metadata panel that opens every record page, built from the record's front matter.

The panel is a field list in a ``record-panel`` container, so that the HTML and LaTeX writers
both render it: one field per key the record gives, in the order of the records' JSON Schema,
with the sources last.  Optional keys the record leaves out are shown with their ``x-absent``
text when the schema gives one ("not recorded", "still a member").  References to other records
become links to their pages, titled by those pages; values from a fixed list (a status, a
kind) are code, as written in the file; web addresses and DOIs in the sources become links,
and paths and repository names become code.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from docutils import nodes
from sphinx import addnodes

from kb.records import schema
from kb.records.load import Record
from kb.records.views import span

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
    if "x-ref" in spec:
        return [_ref(spec["x-ref"], value, find)]
    if schema.defined_as(spec) == "url":
        return [nodes.reference(value, value, refuri=value)]
    if "enum" in spec:  # a value from a fixed list, as written in the file
        return [nodes.literal(value, value)]
    if schema.defined_as(spec) == "number":
        return [nodes.Text(f"{value:,}")]
    if schema.defined_as(spec) == "text":
        return inline(str(value))
    return [nodes.Text(str(value))]


def _figure(figure: dict, find: Finder) -> list[nodes.Node]:
    value = f"{figure['value']:,}"
    if "qualifier" in figure:
        value = f"{figure['qualifier']} {value}"
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
        return _figure(item, find)
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
    items = nodes.bullet_list()
    for each in value:
        parts = (
            _item(item, each, find)
            if schema.node(item).get("type") == "object"
            else _scalar(item, each, find)
        )
        items += nodes.list_item("", nodes.paragraph("", "", *parts))
    return [items]


PAIRED = {("funding", "amount"): "currency", ("event", "start"): "end"}
"""Keys shown in one field with their partner: 12,000 EUR; 2023-05-08 to 2023-05-12."""


def _label(record: Record, name: str, spec: dict) -> str:
    if record.kind == "decision" and name == "date" and "reported-at" in record.data:
        return "Date of the report"
    if record.kind == "event" and name == "start":
        return "Dates" if "end" in record.data else "Date"
    return spec.get("title") or name.replace("-", " ").capitalize()


def _shown(record: Record, name: str, spec: dict, find: Finder) -> list[nodes.Node]:
    data = record.data
    text = None
    if record.kind == "minutes" and name == "body":  # the body's name, not its key
        text = schema.BODIES[data["body"]]
    elif record.kind == "funding" and name == "amount":  # the schema requires a currency
        text = f"{data['amount']:,} {data['currency']}"
    elif record.kind == "event" and name == "start" and "end" in data:
        text = span(data["start"], data["end"])
    if name == "sources":
        return [
            nodes.bullet_list(
                "",
                *(
                    nodes.list_item("", nodes.paragraph("", "", *inline(source, SOURCE_PARTS)))
                    for source in data["sources"]
                ),
            )
        ]
    if text is None:
        return _value(spec, data[name], find)
    return [nodes.paragraph(text, text)]


def panel(record: Record, find: Finder) -> nodes.container:
    """The panel of ``record``; ``find`` locates the pages of the records it names."""
    kind = schema.KINDS[record.kind]
    shown_with = {PAIRED[record.kind, key] for key in record.data if (record.kind, key) in PAIRED}
    fields = [
        (name, spec)
        for name, spec in kind.fields.items()
        if name not in SKIPPED and name not in shown_with and name != "sources"
    ]
    fields.append(("sources", kind.fields["sources"]))
    field_list = nodes.field_list()
    for name, spec in fields:
        absent = schema.node(spec).get("x-absent")
        if record.data.get(name, []) != []:  # an empty list shows as a missing key
            body = _shown(record, name, spec, find)
        elif absent:
            body = [nodes.paragraph(absent, absent)]
        else:
            continue
        label = _label(record, name, spec)
        field_list += nodes.field("", nodes.field_name(label, label), nodes.field_body("", *body))
    return nodes.container("", field_list, classes=["record-panel"])
