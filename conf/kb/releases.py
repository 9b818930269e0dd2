"""The DIRAC release lines (conf/data/releases.toml) and the specifiers pages use to name them.

A page says which lines it concerns with a PEP 440-style specifier over line names:
``">=8.0"``, ``"==9.1"``, ``">=8.0,<9.1"``, a bare line ``"9.0"`` (the same as ``"==9.0"``)
or ``"*"`` (every line).  ``resolve`` turns such a text into the list of lines it admits.

The DIRAC releases yanked on PyPI (conf/data/yanked.toml) impose a rule on the lines: pip
installs a yanked release only when it is pinned exactly, and warns when it does, so no
``checked`` version may be yanked (checked in the build); the release timeline lists them with
PyPI's reason.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

import kb.data
from kb import paths
from kb.problems import ProblemError

if TYPE_CHECKING:  # the command-line tools read the release lines without Sphinx
    from sphinx.application import Sphinx


DATA = paths.DATA / "releases.toml"
YANKED = DATA.with_name("yanked.toml")


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
    diracx: tuple[str, ...] = ()
    """The DiracX versions checked with this line, newest first (9.0 and later)."""
    data_line: int = 1
    """The line of this release line's ``[[line]]`` table in releases.toml."""

    @property
    def newest(self) -> str:
        """The version that stands for the whole line: the first one checked."""
        return self.checked[0]


@cache
def lines(path: Path = DATA) -> tuple[Line, ...]:
    """All release lines, oldest first, validated by the schema of releases.toml."""
    data, key_lines = kb.data.load(path, "releases")
    result = [
        Line(
            name=entry["name"],
            status=entry["status"],
            released=dt.date.fromisoformat(str(entry["released"])),
            checked=tuple(entry["checked"]),
            preferred=entry["preferred"],
            source=entry["source"],
            diracx=tuple(entry.get("diracx", ())),
            data_line=key_lines[("line", index)],
        )
        for index, entry in enumerate(data["line"])
    ]
    result.sort(key=lambda line: Version(line.name))
    if sum(line.preferred for line in result) != 1:
        raise ProblemError.at(
            path, 1, "exactly one line must have preferred = true", "set it on one [[line]] only"
        )
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
        data, _ = kb.data.load(path, "releases")
        base = data.get("site", {}).get("base_url", "/")
    return base if base.endswith("/") else base + "/"


def line_names() -> list[str]:
    return [line.name for line in lines()]


def get(name: str) -> Line:
    for line in lines():
        if line.name == name:
            return line
    raise ReleaseSpecError(f"unknown release line {name!r}; known lines: {', '.join(line_names())}")


def previous(name: str) -> str | None:
    """The line before line ``name``; None for the oldest."""
    names = line_names()
    return names[names.index(name) - 1] if names.index(name) else None


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


@dataclass(frozen=True)
class Yanked:
    version: str
    date: dt.date
    reason: str
    source: str


@cache
def yanked(path: Path = YANKED) -> dict[str, Yanked]:
    """Every yanked release by version, validated by the schema of yanked.toml."""
    data, _ = kb.data.load(path, "yanked")
    return {
        table["version"]: Yanked(**{**table, "date": dt.date.fromisoformat(str(table["date"]))})
        for table in data.get("yanked", [])
    }


def check_releases(path: Path = YANKED) -> None:
    """Raise if a version that the knowledge base checks its examples against is yanked."""
    bad = yanked(path)
    for line in lines():
        for version in line.checked:
            if version in bad:
                raise ProblemError.at(
                    DATA,
                    line.data_line,
                    f"line {line.name} checks {version}, which is yanked on PyPI "
                    f"({bad[version].reason!r})",
                    "check a release that is not yanked",
                )


def _check(app: Sphinx) -> None:
    from sphinx.util import logging

    try:
        check_releases()
    except ProblemError as error:
        error.log(logging.getLogger(__name__))


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _check)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
