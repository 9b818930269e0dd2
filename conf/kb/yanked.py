"""The DIRAC releases yanked on PyPI (conf/data/yanked.toml), and the rule they impose.

pip installs a yanked release only when it is pinned exactly, and warns when it does; a
knowledge base that checks its examples against such a release would send readers to it.  So no
``checked`` version of conf/data/releases.toml may be yanked, and the release timeline lists
the yanked releases with PyPI's reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

import kb.data
from kb import releases
from kb.problems import ProblemError

logger = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent.parent / "data" / "yanked.toml"


@dataclass(frozen=True)
class Yanked:
    version: str
    date: dt.date
    reason: str
    source: str


@cache
def yanked(path: Path = DATA) -> dict[str, Yanked]:
    """Every yanked release by version, validated by the schema of yanked.toml."""
    data, _ = kb.data.load(path, "yanked")
    return {
        table["version"]: Yanked(**{**table, "date": dt.date.fromisoformat(str(table["date"]))})
        for table in data.get("yanked", [])
    }


def check_releases(path: Path = DATA) -> None:
    """Raise if a version that the knowledge base checks its examples against is yanked."""
    bad = yanked(path)
    for line in releases.lines():
        for version in line.checked:
            if version in bad:
                raise ProblemError.at(
                    releases.DATA,
                    line.data_line,
                    f"line {line.name} checks {version}, which is yanked on PyPI "
                    f"({bad[version].reason!r})",
                    "check a release that is not yanked",
                )


def _check(app: Sphinx) -> None:
    try:
        check_releases()
    except ProblemError as error:
        error.log(logger)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _check)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
