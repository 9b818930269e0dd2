"""The DIRAC release lines (conf/data/releases.toml) and the specifiers pages use to name them.

A page says which lines it concerns with a PEP 440-style specifier over line names:
``">=8.0"``, ``"==9.1"``, ``">=8.0,<9.1"``, a bare line ``"9.0"`` (the same as ``"==9.0"``)
or ``"*"`` (every line).  ``resolve`` turns such a text into the list of lines it admits.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

DATA = Path(__file__).resolve().parent.parent / "data" / "releases.toml"
STATUSES = ("end-of-life", "stable", "development")


class ReleaseSpecError(ValueError):
    """A release-line specifier that cannot be read, or that admits no known line."""


@dataclass(frozen=True)
class Line:
    name: str
    status: str
    released: dt.date
    checked: tuple[str, ...]
    preferred: bool
    source: str

    @property
    def newest(self) -> str:
        """The version that stands for the whole line: the first one checked."""
        return self.checked[0]


@cache
def lines(path: Path = DATA) -> tuple[Line, ...]:
    """All release lines, oldest first, validated."""
    with path.open("rb") as handle:
        table = tomllib.load(handle)
    result = []
    for number, entry in enumerate(table.get("line", []), start=1):
        where = f"{path}: [[line]] number {number}"
        missing = {"name", "status", "released", "checked", "preferred", "source"} - entry.keys()
        if missing:
            raise ValueError(f"{where}: missing key(s) {', '.join(sorted(missing))}")
        if entry["status"] not in STATUSES:
            raise ValueError(f"{where}: status {entry['status']!r} is not one of {STATUSES}")
        if not isinstance(entry["released"], dt.date):
            raise ValueError(f"{where}: released must be a TOML date such as 2025-09-17")
        result.append(
            Line(
                name=str(entry["name"]),
                status=entry["status"],
                released=entry["released"],
                checked=tuple(entry["checked"]),
                preferred=bool(entry["preferred"]),
                source=entry["source"],
            )
        )
    result.sort(key=lambda line: Version(line.name))
    if sum(line.preferred for line in result) != 1:
        raise ValueError(f"{path}: exactly one line must have preferred = true")
    return tuple(result)


#: Where the site is published, as an absolute URL: set by the publishing job (KB_BASE_URL), or
#: by Read the Docs itself. The first one set wins.
PUBLISHED_URL_VARIABLES = ("KB_BASE_URL", "READTHEDOCS_CANONICAL_URL")


def site_base_url(path: Path = DATA, environ: Mapping[str, str] = os.environ) -> str:
    """The URL path the versioned site is served from, ending with '/': the path of the
    published URL where one is set, else ``[site] base_url`` of releases.toml."""
    published = next((environ[name] for name in PUBLISHED_URL_VARIABLES if environ.get(name)), "")
    if published:
        base = urlsplit(published).path or "/"
    else:
        with path.open("rb") as handle:
            base = tomllib.load(handle).get("site", {}).get("base_url", "/")
    return base if base.endswith("/") else base + "/"


def line_names() -> list[str]:
    return [line.name for line in lines()]


def get(name: str) -> Line:
    for line in lines():
        if line.name == name:
            return line
    raise ReleaseSpecError(f"unknown release line {name!r}; known lines: {', '.join(line_names())}")


def preferred() -> Line:
    return next(line for line in lines() if line.preferred)


def resolve(spec: str) -> list[str]:
    """The names of the release lines that ``spec`` admits, oldest first."""
    text = str(spec).strip()
    if text == "*":
        return line_names()
    if text and text[0].isdigit():
        text = "==" + text
    try:
        specifier = SpecifierSet(text)
    except InvalidSpecifier:
        raise ReleaseSpecError(
            f"{spec!r} is not a release-line specifier; write one like '>=8.0', '==9.1', "
            f"'>=8.0,<9.1' or '*' (known lines: {', '.join(line_names())})"
        ) from None
    admitted = [name for name in line_names() if Version(name) in specifier]
    if not admitted:
        raise ReleaseSpecError(
            f"{spec!r} admits none of the known release lines ({', '.join(line_names())})"
        )
    return admitted
