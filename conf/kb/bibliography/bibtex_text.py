"""The BibTeX text of one entry, as a reader should paste it into their own bibliography."""

from __future__ import annotations

from pybtex.database import BibliographyData, Entry

SITE_ONLY_FIELDS = frozenset({"keywords"})
"""Fields that only sort entries on this site (the topic) and mean nothing to a reader."""


def bibtex_text(entry: Entry) -> str:
    """``entry`` written back as BibTeX by pybtex, without the site-only fields."""
    fields = [
        (name, value)
        for name, value in entry.fields.items()
        if name.lower() not in SITE_ONLY_FIELDS
    ]
    copy = Entry(entry.type, fields=fields, persons=entry.persons)
    return BibliographyData({entry.key: copy}).to_string("bibtex").strip()
