"""Directives of the publication pages.

``{publication-list}`` is sphinxcontrib-bibtex's ``{bibliography}`` restricted to one year or
one topic of ``refs.bib`` (``select``, which the test that every entry is listed somewhere uses
too, so the two cannot disagree), followed by a collapsed "BibTeX" dropdown whose code blocks
are written from the parsed file at build time.  ``{bibtex-source}`` shows the BibTeX of one
entry, for the "How to cite" page.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from pybtex.database import BibliographyData, Entry
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.directives import BibliographyDirective

logger = logging.getLogger(__name__)

UNDATED = "undated"
"""The year of an entry without one (the software citation), as written in ``:year:``."""
SITE_ONLY_FIELDS = frozenset({"keywords"})
"""Fields that only sort entries on this site (the topic) and mean nothing to a reader."""


def select(
    entries: Mapping[str, Entry], *, year: str | None = None, topic: str | None = None
) -> list[str]:
    """Keys of the entries of ``year`` or of ``topic`` (exactly one given), in file order."""
    if (year is None) == (topic is None):
        raise ValueError("give exactly one of year or topic")
    if year is not None:
        return [
            k for k, e in entries.items() if e.fields.get("year", UNDATED).strip() == year.strip()
        ]
    return [k for k, e in entries.items() if e.fields.get("keywords", "").strip() == topic.strip()]


def bibtex_text(entry: Entry) -> str:
    """``entry`` written back as BibTeX by pybtex, without the site-only fields."""
    fields = [
        (name, value)
        for name, value in entry.fields.items()
        if name.lower() not in SITE_ONLY_FIELDS
    ]
    copy = Entry(entry.type, fields=fields, persons=entry.persons)
    return BibliographyData({entry.key: copy}).to_string("bibtex").strip()


def bibliography_entries(directive: SphinxDirective) -> dict[str, Entry]:
    """The entries sphinxcontrib-bibtex parsed from ``bibtex_bibfiles``."""
    return dict(directive.env.get_domain("cite").bibdata.data.entries)


def bibtex_block(entry: Entry) -> nodes.literal_block:
    text = bibtex_text(entry)
    return nodes.literal_block(text, text, language="bibtex")


def html_only(*children: nodes.Node) -> addnodes.only:
    """Keep ``children`` out of the PDF, where one bibliography at the end lists every entry."""
    node = addnodes.only(expr="html")
    node.extend(children)
    return node


class PublicationListDirective(BibliographyDirective):
    """The entries of one ``:year:`` or one ``:topic:``, then their BibTeX in a dropdown.

    ``:keyprefix:`` gives the entries a second set of targets, so a page can list an entry
    already listed elsewhere; ``:html-only:`` leaves the list out of the PDF, so that the
    PDF's bibliography holds every entry once.
    """

    has_content = False
    option_spec = {
        "year": directives.unchanged_required,
        "topic": directives.unchanged_required,
        "keyprefix": directives.unchanged_required,
        "html-only": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        location = self.get_location()
        if ("year" in self.options) == ("topic" in self.options):
            logger.warning(
                "publication-list needs exactly one of :year: or :topic:",
                location=location,
            )
            return []
        entries = bibliography_entries(self)
        keys = select(entries, year=self.options.get("year"), topic=self.options.get("topic"))
        if not keys:
            option = "year" if "year" in self.options else "topic"
            logger.warning(
                f"publication-list :{option}: {self.options[option]} selects no entry of the "
                f"bibliography; use a {option} that some entry of refs.bib has",
                location=location,
            )
            return []
        self.content = StringList(keys, source=location)
        self.options["filter"] = "False"  # the listed keys only
        # Numbered labels restart at [1] in every list and clash across a page's lists;
        # author-year labels (``[STSH20]``) differ from entry to entry.
        self.options["style"] = "alpha"
        listing = super().run()
        if "keyprefix" not in self.options:
            listing = [*self.index_entries([entries[key] for key in keys]), *listing]
        dropdown = self.bibtex_dropdown([entries[key] for key in keys])
        if "html-only" in self.options:
            return [html_only(*listing, dropdown)]
        return [*listing, html_only(dropdown)]

    def index_entries(self, entries: list[Entry]) -> list[nodes.Node]:
        """Index entries "Surname Year" (the way people ask for a paper), pointing here.

        The site search matches index entries against the whole query, numbers included,
        while it drops numbers from full-text queries.
        """
        result = []
        for entry in entries:
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            if not people or "year" not in entry.fields:
                continue
            surname = " ".join(people[0].last_names).replace("{", "").replace("}", "")
            target_id = f"publication-{nodes.make_id(entry.key)}"
            entry_text = f"{surname} {entry.fields['year']}"
            result += [
                addnodes.index(entries=[("single", entry_text, target_id, "main", None)]),
                nodes.target("", "", ids=[target_id]),
            ]
        return result

    def bibtex_dropdown(self, entries: list[Entry]) -> nodes.Node:
        """A closed sphinx-design dropdown with one captioned ``bibtex`` block per entry."""
        container = nodes.container(classes=["publication-bibtex"])
        container += self.parse_text_to_nodes(
            ":::{dropdown} BibTeX of these entries\n:icon: code\n\n:::"
        )
        dropdown = container[0]
        for entry in entries:
            caption = nodes.caption(entry.key, entry.key)
            block = nodes.container(
                "",
                caption,
                bibtex_block(entry),
                classes=["literal-block-wrapper"],
                literal_block=True,
            )
            dropdown += block
        return container


class BibtexSourceDirective(SphinxDirective):
    """The BibTeX of the entry named as argument, generated from ``refs.bib``."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        entries = bibliography_entries(self)
        key = self.arguments[0]
        if key not in entries:
            close = difflib.get_close_matches(key, list(entries), n=3)
            hint = f"did you mean {', '.join(close)}?" if close else "add the entry to refs.bib"
            logger.warning(
                f"bibtex-source: no entry '{key}' in the bibliography; {hint}",
                location=self.get_location(),
            )
            return []
        return [bibtex_block(entries[key])]
