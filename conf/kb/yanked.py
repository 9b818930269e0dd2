"""The DIRAC releases yanked on PyPI (conf/data/yanked.toml), and the rule they impose.

pip installs a yanked release only when it is pinned exactly, and warns when it does; a
knowledge base that checks its examples against such a release would send readers to it.  So no
``checked`` version of conf/data/releases.toml may be yanked, and the release timeline lists
the yanked releases with PyPI's reason.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from kb import releases

logger = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent.parent / "data" / "yanked.toml"
KEYS = {"version", "date", "reason", "source"}


class YankedDataError(ValueError):
    """The yanked-release data is malformed or contradicts releases.toml."""


@dataclass(frozen=True)
class Yanked:
    version: str
    date: dt.date
    reason: str
    source: str


@cache
def yanked(path: Path = DATA) -> dict[str, Yanked]:
    """Every yanked release by version, validated."""
    with path.open("rb") as handle:
        tables = tomllib.load(handle).get("yanked", [])
    result = {}
    for number, table in enumerate(tables, start=1):
        where = f"{path}: [[yanked]] number {number}"
        if set(table) != KEYS:
            raise YankedDataError(
                f"{where}: the keys must be exactly {', '.join(sorted(KEYS))}; "
                f"found {', '.join(sorted(table))}"
            )
        if not isinstance(table["date"], dt.date):
            raise YankedDataError(f"{where}: date must be a TOML date such as 2026-02-24")
        result[table["version"]] = Yanked(**table)
    return result


def check_releases(path: Path = DATA) -> None:
    """Raise if a version that the knowledge base checks its examples against is yanked."""
    bad = yanked(path)
    for line in releases.lines():
        for version in line.checked:
            if version in bad:
                raise YankedDataError(
                    f"{releases.DATA}: line {line.name} checks {version}, which is yanked on "
                    f"PyPI ({bad[version].reason!r}); check a release that is not yanked"
                )


def _check(app: Sphinx) -> None:
    try:
        check_releases()
    except YankedDataError as error:
        logger.error(str(error))


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _check)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
