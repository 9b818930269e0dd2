"""Sphinx side of the records: check while reading, index while writing, export at the end.

* ``source-read``: every page under records/ is checked on its own (``kb.records.load``);
  problems are logged as errors at the page and line, so the build fails.
* ``doctree-read``: every record page opens with its metadata panel (``kb.records.panel``),
  built from its front matter.
* ``env-check-consistency``: once all pages are read, references across records are checked.
* ``{records-index} VIEW``: leaves a placeholder that ``doctree-resolved`` fills from all
  records, so that an index is never computed from a partial read.  Pages holding one are
  marked outdated whenever a record changes (``env-get-outdated``), so incremental builds
  rewrite them.
* ``build-finished``: writes records.json into the HTML output folder.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from kb import releases
from kb.problems import ProblemError
from kb.records import schema
from kb.records.crosscheck import crosscheck
from kb.records.load import Record, is_record, load
from kb.records.panel import panel
from kb.records.views import DIRACX_RELEASES, MILESTONES, VIEWS, Cell, Group, Link
from kb.reference_cells import table

logger = logging.getLogger(__name__)

EXPORT = "records.json"
RECORDS = "kb_records"
"""Environment attribute: docname to Record, for every record page read."""
INDEX_PAGES = "kb_records_index_pages"
"""Environment attribute: the docnames of the pages that hold a records-index directive."""


class records_index(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for a generated index, replaced once every record is known."""


def _records(env: BuildEnvironment) -> dict[str, Record]:
    return vars(env).setdefault(RECORDS, {})


def _index_pages(env: BuildEnvironment) -> set[str]:
    return vars(env).setdefault(INDEX_PAGES, set())


class RecordsIndexDirective(SphinxDirective):
    """``{records-index} minutes-by-year`` (or another name from ``kb.records.views.VIEWS``)."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        view = self.arguments[0]
        if view not in VIEWS:
            raise self.error(
                f"records-index: no index is called {view!r}; use one of {', '.join(VIEWS)}"
            )
        _index_pages(self.env).add(self.env.docname)
        if view == "release-timeline":
            for data in (releases.DATA, MILESTONES, DIRACX_RELEASES, releases.YANKED):
                self.env.note_dependency(str(data))
        return [records_index(view=view)]


def read_record(app: Sphinx, docname: str, source: list[str]) -> None:
    if not is_record(docname):
        return
    record, problems = load(source[0], str(app.env.doc2path(docname)), docname)
    for problem in problems:
        logger.error(problem.text, location=problem.location)
    if record is not None:
        _records(app.env)[docname] = record


def add_panel(app: Sphinx, doctree: nodes.document) -> None:
    """Put the record's metadata panel under the page title, before anything the author wrote."""
    record = _records(app.env).get(app.env.docname)
    if record is None or not record.complete:
        return  # the build fails on its problems already

    def find(kind: str, name: str) -> str | None:
        folder = f"{schema.folder(kind)}/"
        return next(
            (d for d in app.env.found_docs if d.startswith(folder) and d.endswith(f"/{name}")),
            None,
        )

    section = doctree.next_node(nodes.section)
    parent, position = (section, 1) if section is not None else (doctree, 0)
    parent.insert(position, panel(record, find))


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _records(env).pop(docname, None)
    _index_pages(env).discard(docname)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _records(env).update({d: r for d, r in _records(other).items() if d in docnames})
    _index_pages(env).update(_index_pages(other) & docnames)


def outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    if any(is_record(docname) for docname in added | changed | removed):
        return sorted(_index_pages(env) & env.found_docs)
    return []


def check_across(app: Sphinx, env: BuildEnvironment) -> None:
    for problem in crosscheck(_records(env).values()):
        logger.error(problem.text, location=problem.location)


def _titles(env: BuildEnvironment) -> dict[str, str]:
    return {docname: title.astext() for docname, title in env.titles.items()}


def _complete(env: BuildEnvironment) -> list[Record]:
    """The records without problems, by page: parallel reads merge them in no fixed order."""
    records = sorted(_records(env).values(), key=lambda record: record.docname)
    return [record for record in records if record.complete]


def _cell(cell: Cell, uri_of: Callable[[str], str]) -> list[nodes.Node]:
    if isinstance(cell, Link):
        return [nodes.reference("", cell.text, internal=True, refuri=uri_of(cell.docname))]
    return [nodes.Text(cell)]


def render(groups: list[Group], uri_of: Callable[[str], str]) -> list[nodes.Node]:
    """A rubric and a table a group; ``uri_of(docname)`` links the page written to a record."""
    if not groups:
        return [nodes.paragraph(text="No records of this kind yet.")]
    result: list[nodes.Node] = []
    for group in groups:
        if group.heading:
            result.append(nodes.rubric(text=group.heading))
        rows = (tuple(_cell(cell, uri_of) for cell in cells) for cells in group.rows)
        result.append(table(group.columns, rows, [1] * len(group.columns), ["records-index"]))
    return result


def fill_indexes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    records = _complete(app.env)
    titles = _titles(app.env)
    for node in list(doctree.findall(records_index)):
        try:
            groups = VIEWS[node["view"]](records, titles)
        except ProblemError as error:  # a data file of the release timeline breaks its schema
            error.log(logger)
            groups = []
        node.replace_self(
            render(groups, lambda target: app.builder.get_relative_uri(docname, target))
        )


def write_export(app: Sphinx, exception: Exception | None) -> None:
    """records.json: every record's kind, name, title, page and checked front matter."""
    if exception is not None or app.builder.format != "html":
        return
    titles, uri_of = _titles(app.env), app.builder.get_target_uri
    export = [
        {
            "kind": r.kind,
            "name": r.name,
            "title": titles.get(r.docname, r.name),
            "page": uri_of(r.docname),
            "data": r.data,
        }
        for r in sorted(_complete(app.env), key=lambda r: (r.kind, r.name))
    ]
    text = json.dumps({"records": export}, indent=2, sort_keys=True, ensure_ascii=False)
    (Path(app.builder.outdir) / EXPORT).write_text(text + "\n", encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_node(records_index)
    app.add_directive("records-index", RecordsIndexDirective)
    app.connect("source-read", read_record)
    app.connect("doctree-read", add_panel)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-get-outdated", outdated)
    app.connect("env-check-consistency", check_across)
    app.connect("doctree-resolved", fill_indexes)
    app.connect("build-finished", write_export)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
