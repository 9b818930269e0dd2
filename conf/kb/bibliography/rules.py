"""The house rules every entry of ``refs.bib`` follows, as data and one check function.

The publication pages promise a DOI (or arXiv) link and a topic section for every entry,
and a citation good enough to copy; these rules are what makes those promises hold.
"""

from __future__ import annotations

import re

from pybtex.database import Entry

from kb.bibliography.source import BibFile
from kb.problems import Problem

REQUIRED_FIELDS = {
    "article": ("author", "title", "journal", "volume", "pages", "year", "doi"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "misc": ("author", "title", "howpublished", "doi"),
}
"""Fields each entry type must have, besides ``keywords`` and a link (see below)."""

LINK_FIELDS = ("doi", "eprint")
"""An entry must have one of these, so its page entry links to the paper."""

DOI = re.compile(r"^10\.\d{4,9}/[^\s\"{}]+$")
"""A bare DOI (``10.1051/epjconf/...``), without ``https://doi.org/`` or ``doi:``."""

KEY = re.compile(r"^[a-z]+\d{4}[a-z]+$")
"""<first author><year><short topic word>, all lower case: ``stagni2020dirac``."""

LATEX_ACCENT = re.compile(r"\{?\\(?:['`^\"~=.]|[cvuH](?=[\s{]))\s*\{?[A-Za-z]\}?\}?")
"""An accent written as a LaTeX command (``{\\'e}``); refs.bib writes the letter itself (é)."""

TOPIC = re.compile(r"^[a-z]+(-[a-z]+)*$")
"""One lower-case topic word or hyphenated words, as used by the "By topic" page."""


def has_field(entry: Entry, name: str) -> bool:
    return name in entry.persons or bool(entry.fields.get(name, "").strip())


def entry_problems(entry: Entry) -> list[str]:
    """What is wrong with one entry, each as a message saying how to fix it."""
    required = REQUIRED_FIELDS.get(entry.type.lower())
    if required is None:
        known = ", ".join(f"@{name}" for name in REQUIRED_FIELDS)
        return [f"entry type @{entry.type} is not used in this bibliography; use one of {known}"]
    messages = [
        f"@{entry.type} entry '{entry.key}' has no '{name}' field; add it"
        for name in required
        if not has_field(entry, name)
    ]
    if not any(has_field(entry, name) for name in LINK_FIELDS):
        messages.append(
            f"entry '{entry.key}' has neither 'doi' nor 'eprint'; add the DOI (or the arXiv id) "
            "so the publication pages can link to the paper"
        )
    doi = entry.fields.get("doi", "").strip()
    if doi and not DOI.match(doi):
        messages.append(
            f"entry '{entry.key}' has doi = {{{doi}}}, which is not a DOI; write the bare DOI, "
            "for example doi = {10.1051/epjconf/202024503035}"
        )
    if not KEY.match(entry.key):
        messages.append(
            f"entry key '{entry.key}' does not read <first author><year><topic>; rename it in "
            "lower case, such as stagni2020dirac, and update the pages that cite it"
        )
    texts = [str(person) for persons in entry.persons.values() for person in persons]
    accent = next(
        (m[0] for text in [*texts, *entry.fields.values()] if (m := LATEX_ACCENT.search(text))),
        None,
    )
    if accent:
        messages.append(
            f"entry '{entry.key}' writes an accent as a LaTeX command, {accent}; write the "
            "accented letter itself (such as é), as the rest of refs.bib does"
        )
    topic = entry.fields.get("keywords", "").strip()
    if not TOPIC.match(topic):
        messages.append(
            f"entry '{entry.key}' has keywords = {{{topic}}}; give exactly one topic word such "
            "as keywords = {workload-management}"
        )
    return messages


def problems(bibfile: BibFile) -> list[Problem]:
    """Every rule broken in ``bibfile``, located at the line the entry starts on."""
    return [
        Problem(bibfile.path, bibfile.line_of(key), message)
        for key, entry in bibfile.entries.items()
        for message in entry_problems(entry)
    ]
