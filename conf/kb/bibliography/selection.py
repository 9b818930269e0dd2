"""Which entries a publication list shows: those of one year, or those of one topic.

The directive that renders the lists and the test that checks every entry is listed
somewhere both use this module, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping

from pybtex.database import Entry

UNDATED = "undated"
"""The year of an entry without one (the software citation), as written in ``:year:``."""


def year_of(entry: Entry) -> str:
    return entry.fields.get("year", UNDATED).strip()


def topic_of(entry: Entry) -> str:
    return entry.fields.get("keywords", "").strip()


def select(
    entries: Mapping[str, Entry], *, year: str | None = None, topic: str | None = None
) -> list[str]:
    """Keys of the entries of ``year`` or of ``topic`` (exactly one given), in file order."""
    if (year is None) == (topic is None):
        raise ValueError("give exactly one of year or topic")
    if year is not None:
        return [key for key, entry in entries.items() if year_of(entry) == year.strip()]
    return [key for key, entry in entries.items() if topic_of(entry) == topic.strip()]
