"""The one way every check of the knowledge base reports bad input: a file, a line, what is
wrong and how to fix it.

``Problem`` is one finding; ``ProblemError`` is the exception that carries one or more of them,
so that a loader can stop at the first problem or collect them all, and a Sphinx hook can log
each one at its location.  ``InventoryError`` is bad input that has no line (a wheel, a version,
a missing inventory file); ``suggestion`` is the "did you mean" hint of every failed check.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """``str()`` gives ``path:line: message; hint``."""

    path: Path | str
    line: int
    message: str
    hint: str = ""

    @property
    def text(self) -> str:
        """The message and its hint, without the location (Sphinx's logger adds that)."""
        return f"{self.message}; {self.hint}" if self.hint else self.message

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def __str__(self) -> str:
        return f"{self.location}: {self.text}"


LOGGED: set[Problem] = set()
"""The problems this build has logged already: the build checks every data file before any
page is read, and the module that reads a file would otherwise report its problems again."""


class ProblemError(ValueError):
    """Bad input: one problem or more; ``str()`` lists them one a line."""

    def __init__(self, problems: Problem | Iterable[Problem]):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(map(str, self.problems)))

    @classmethod
    def at(cls, path: Path | str, line: int, message: str, hint: str = "") -> ProblemError:
        return cls(Problem(path, line, message, hint))

    # The first problem's place and words, for the callers that stop at one.
    @property
    def path(self) -> Path | str:
        return self.problems[0].path

    @property
    def line(self) -> int:
        return self.problems[0].line

    @property
    def message(self) -> str:
        return self.problems[0].text

    def log(self, logger) -> None:
        """One Sphinx error a problem, at its file and line, unless the build logged it."""
        for problem in self.problems:
            if problem not in LOGGED:
                LOGGED.add(problem)
                logger.error(problem.text, location=problem.location)


class InventoryError(LookupError):
    """Bad input without a line (a wheel, a version, an inventory file that is missing); the
    message names the file or version, what is wrong, and how to fix it."""


def suggestion(word: str, candidates) -> str:
    """``"; did you mean 'X'?"`` for the closest candidate, or an empty string."""
    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
