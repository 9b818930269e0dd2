"""Directives of the publication pages.

``{publication-list}`` is sphinxcontrib-bibtex's ``{bibliography}`` restricted to one year or
one topic of ``refs.bib``, followed by a collapsed "BibTeX" dropdown whose code blocks are
written from the parsed file at build time.  ``{bibtex-source}`` shows the BibTeX of one
entry, for the "How to cite" page.
"""

from __future__ import annotations

import difflib

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from pybtex.database import BibliographyData, Entry
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.directives import BibliographyDirective

logger = logging.getLogger(__name__)

SELECTED_BY = {"year": ("year", "undated"), "topic": ("keywords", "")}
"""The option of a publication list, the field it selects on and that field's value in an entry
without it (``:year: undated`` lists the software citation)."""
SITE_ONLY_FIELDS = frozenset({"keywords"})
"""Fields that only sort entries on this site (the topic) and mean nothing to a reader."""


def bibtex_text(entry: Entry) -> str:
    """``entry`` written back as BibTeX by pybtex, without the site-only fields."""
    fields = [
        (key, text) for key, text in entry.fields.items() if key.lower() not in SITE_ONLY_FIELDS
    ]
    copy = Entry(entry.type, fields=fields, persons=entry.persons)
    return BibliographyData({entry.key: copy}).to_string("bibtex").strip()


def bibliography_entries(directive: SphinxDirective) -> dict[str, Entry]:
    """The entries sphinxcontrib-bibtex parsed from ``bibtex_bibfiles``."""
    return dict(directive.env.get_domain("cite").bibdata.data.entries)


def bibtex_block(entry: Entry) -> nodes.literal_block:
    text = bibtex_text(entry)
    return nodes.literal_block(text, text, language="bibtex")


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
                "publication-list needs exactly one of :year: or :topic:", location=location
            )
            return []
        option = "year" if "year" in self.options else "topic"
        field, absent = SELECTED_BY[option]
        entries = bibliography_entries(self)
        wanted = self.options[option].strip()
        keys = [k for k, e in entries.items() if e.fields.get(field, absent).strip() == wanted]
        if not keys:
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
        chosen = [entries[key] for key in keys]
        listing = super().run()
        if "keyprefix" not in self.options:
            listing = [*self.index_entries(chosen), *listing]
        dropdown = self.bibtex_dropdown(chosen)
        # "only html": out of the PDF, where one bibliography at the end lists every entry
        if "html-only" in self.options:
            return [addnodes.only("", *listing, dropdown, expr="html")]
        return [*listing, addnodes.only("", dropdown, expr="html")]

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
        for entry in entries:
            caption = nodes.caption(entry.key, entry.key)
            container[0] += nodes.container(
                "",
                caption,
                bibtex_block(entry),
                classes=["literal-block-wrapper"],
                literal_block=True,
            )
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
