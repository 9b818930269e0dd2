"""Read the project's BibTeX file with pybtex, turning every parse problem into ``file:line``.

pybtex reports a syntax error with its line but a repeated key or a repeated field with
neither file nor line, and raises on the first one; an author fixing ``refs.bib`` wants all
of them at once, each with the line to edit and what to do there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexSyntaxError

from kb.problems import Problem, ProblemError

ENTRY_START = re.compile(
    r"^[ \t]*@[ \t]*(?P<type>\w+)[ \t]*[{(][ \t]*(?P<key>[^,\s]+)[ \t]*,", re.M
)
"""The ``@type{key,`` line that opens an entry; ``@comment``, ``@string`` have no key comma."""

REPEATED_KEY = re.compile(r"repeated bibliography entry: (?P<key>\S+)")


@dataclass(frozen=True)
class BibFile:
    """A parsed BibTeX file that remembers the line each entry starts on."""

    path: Path
    data: BibliographyData
    starts: tuple[tuple[str, int], ...]
    """``(key, line)`` of every entry, in file order."""

    def line_of(self, key: str) -> int:
        return next((line for name, line in self.starts if name.lower() == key.lower()), 1)

    @property
    def entries(self) -> dict[str, Entry]:
        return dict(self.data.entries)


def load(path: Path | str) -> BibFile:
    """Parse ``path``; raise :class:`ProblemError` naming every problem with its line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = error.object.count(b"\n", 0, error.start) + 1
        raise ProblemError.at(path, line, "the file is not UTF-8; save it as UTF-8") from None
    starts = tuple(
        (match["key"], text.count("\n", 0, match.start()) + 1)
        for match in ENTRY_START.finditer(text)
    )
    with pybtex.errors.capture() as errors:
        data = Parser().parse_string(text)
    if errors:
        raise ProblemError([_problem(path, starts, error) for error in errors])
    return BibFile(path=path, data=data, starts=starts)


def _problem(path: Path, starts: tuple[tuple[str, int], ...], error: Exception) -> Problem:
    if isinstance(error, PybtexSyntaxError):
        line = error.lineno or 1
        opened = [(key, start) for key, start in starts if start <= line]
        where = (
            f" in the entry '{opened[-1][0]}' that starts at line {opened[-1][1]}" if opened else ""
        )
        return Problem(
            path,
            line,
            f"BibTeX syntax error{where}: {error.args[0]}; check its braces, quotes and commas "
            "(every field ends with a comma, every '{' has its '}')",
        )
    repeated = REPEATED_KEY.search(str(error))
    if repeated:
        key = repeated["key"]
        lines = [line for name, line in starts if name.lower() == key.lower()]
        what = (
            f"the key '{key}' is already used by the entry at line {lines[0]}; keys are "
            "case-insensitive and unique: rename this entry or delete the copy"
        )
        return Problem(path, lines[-1], what)
    line = next(
        (line for key, line in reversed(starts) if re.search(rf"\b{re.escape(key)}\b", str(error))),
        1,
    )
    return Problem(path, line, f"{error}; fix this entry")
