"""Cited entries formatted once, not on every build.

sphinxcontrib-bibtex formats every cited entry again at the end of each build's reading, a
one-page rebuild included: pybtex's templates take about 0.2 s of CPU for this bibliography.
This domain keeps each bibliography's formatted entries in the build environment and formats
again only when something that goes into them changed: the entries cited there (their keys,
order and every field) or the styles. A bibliography whose formatting logged a warning (an
entry missing a field the style needs) is never kept, so that its warning comes back on every
build.
"""

from __future__ import annotations

import logging

from sphinxcontrib.bibtex.domain import BibtexDomain

#: The Python logger behind sphinxcontrib-bibtex's domain warnings.
DOMAIN_LOGGER = logging.getLogger("sphinx.sphinxcontrib.bibtex.domain")


class _Warnings(logging.Handler):
    """Notes whether a warning was logged while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True


def entry_content(entry) -> tuple:
    """Everything of a pybtex entry that its formatting reads."""
    persons = tuple((role, tuple(map(str, people))) for role, people in entry.persons.items())
    return entry.key, entry.type, tuple(entry.fields.items()), persons


class KeptBibtexDomain(BibtexDomain):
    initial_data = {**BibtexDomain.initial_data, "formatted": {}}

    def env_updated(self):
        kept = self.data["formatted"]
        for key in [key for key in kept if key not in self.bibliographies]:
            del kept[key]  # a bibliography that is gone, or was read again under another id
        return super().env_updated()

    def get_formatted_entries(self, bibliography_key, docnames, tooltips, tooltips_style):
        bibliography = self.bibliographies[bibliography_key]
        # by the entry's own key: the bibliography's keys carry its key prefix
        entries = {
            entry.key: entry for _, entry in self.get_sorted_entries(bibliography_key, docnames)
        }
        inputs = (
            bibliography.style,
            bibliography.labelprefix,
            tooltips,
            tooltips_style,
            tuple(entry_content(entry) for entry in entries.values()),
        )
        kept = self.data["formatted"].get(bibliography_key)
        if kept is not None and kept[0] == inputs:
            return [(entries[key], formatted, tip) for key, formatted, tip in kept[1]]
        warnings = _Warnings()
        DOMAIN_LOGGER.addHandler(warnings)
        try:
            made = list(
                super().get_formatted_entries(bibliography_key, docnames, tooltips, tooltips_style)
            )
        finally:
            DOMAIN_LOGGER.removeHandler(warnings)
        if not warnings.seen:
            kept_now = [(entry.key, formatted, tip) for entry, formatted, tip in made]
            self.data["formatted"][bibliography_key] = (inputs, kept_now)
        return made
