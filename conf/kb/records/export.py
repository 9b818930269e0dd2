"""The machine-readable export of all records: records.json next to the HTML pages."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from kb.records.load import Record

FILE_NAME = "records.json"


def as_json(
    records: Iterable[Record], titles: dict[str, str], uri_of: Callable[[str], str]
) -> dict:
    """Every record's kind, name, title, page and checked front matter, by kind then name."""
    return {
        "records": [
            {
                "kind": r.kind,
                "name": r.name,
                "title": titles.get(r.docname, r.name),
                "page": uri_of(r.docname),
                "data": r.data,
            }
            for r in sorted(records, key=lambda r: (r.kind, r.name))
        ]
    }


def write(
    outdir: Path, records: Iterable[Record], titles: dict[str, str], uri_of: Callable[[str], str]
) -> Path:
    path = outdir / FILE_NAME
    path.write_text(
        json.dumps(as_json(records, titles, uri_of), indent=2, sort_keys=True, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    return path
