"""Gather every external URL once, with each file (and line) that uses it.

Three places hold them: the built pages of every output (including links the theme and the
extensions add), the ``url`` and ``doi`` fields of refs.bib, and any http(s) URL in the front
matter of the records (``docs/records/**/*.md``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from pybtex.database import parse_file
from pybtex.exceptions import PybtexError

from kb import frontmatter
from kb.links import html
from kb.links.outputs import Output, Source, SourceError, SourceMap

URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'`\]\[)(]+")
DOI_RESOLVER = "https://doi.org/"
ENTRY_KEY = re.compile(r"@\w+\s*\{\s*([^\s,]+)\s*,")

Links = dict[str, set[Source]]


def is_external(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def from_outputs(found: list[Output], sources: SourceMap) -> Links:
    links: Links = defaultdict(set)
    for output in found:
        for page in output.pages():
            for url in html.links(html.read(page)):
                if is_external(url):
                    links[url].add(_page_source(sources, output, page, url))
    return links


def _page_source(sources: SourceMap, output: Output, page: Path, url: str) -> Source:
    source = sources.source(output, page, (url,))
    if source.line is None and not source.note:
        return Source(source.path, note="added by the theme or an extension")
    return source


def from_bibliography(bib: Path, sources: SourceMap) -> Links:
    """The ``url`` of every entry, and its ``doi`` as a https://doi.org/ address."""
    try:
        entries = parse_file(str(bib), bib_format="bibtex").entries
    except (PybtexError, OSError) as error:
        raise SourceError(
            f"{bib}: cannot read the bibliography ({error}); fix it, then run the check again"
        ) from None
    starts = {}  # the line of each entry's key, the first where a key is written twice
    for number, text in enumerate(bib.read_text(encoding="utf-8").splitlines(), 1):
        for key in ENTRY_KEY.findall(text):
            starts.setdefault(key, number)
    links: Links = defaultdict(set)
    for key, entry in entries.items():
        where = Source(sources.name(bib), starts.get(key), note=f"entry {key}")
        if url := entry.fields.get("url"):
            links[url.strip()].add(where)
        if doi := entry.fields.get("doi"):
            links[DOI_RESOLVER + doi.strip()].add(where)
    return links


def from_records(records: Path, sources: SourceMap) -> Links:
    """Every http(s) URL in a value of the records' front matter, with the line of its key;
    front matter that does not parse is a FrontMatterError, which names the file and line."""
    links: Links = defaultdict(set)
    for path in sorted(records.rglob("*.md")):
        meta = frontmatter.read(path)
        for key, text in _strings(meta.data, ""):
            for url in URL_IN_TEXT.findall(text):
                links[url.rstrip(".,;:")].add(Source(sources.name(path), meta.line_of(key)))
    return links


def _strings(value, key: str):
    """(dotted key, text) for every string below ``value``."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, f"{key}.{name}" if key else str(name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{key}.{index}" if key else str(index))


def merge(*groups: Links) -> Links:
    merged: Links = defaultdict(set)
    for group in groups:
        for url, where in group.items():
            merged[url] |= where
    return dict(merged)
