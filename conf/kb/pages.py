"""Checks every page's front matter while Sphinx reads it: it must parse and name its lines.

Each page says which DIRAC release lines it concerns (``dirac: ">=8.0"``); the example checks,
the versioned site and the upgrade path all rely on it, so a missing or unreadable value stops
the build at the page and line concerned.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

from kb import releases
from kb.frontmatter import FrontMatterError, parse

logger = logging.getLogger(__name__)


def release_lines_of(front_matter) -> list[str]:
    """The release lines a page concerns, from its ``dirac:`` key."""
    if "dirac" not in front_matter.data:
        raise front_matter.error(
            "dirac",
            "the front matter has no 'dirac:' key; add the release lines the page concerns, "
            'for example dirac: ">=8.0" or dirac: "*" for every line',
        )
    try:
        return releases.resolve(front_matter.data["dirac"])
    except releases.ReleaseSpecError as error:
        raise front_matter.error("dirac", f"dirac: {error}") from None


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    path = app.env.doc2path(docname)
    try:
        front_matter = parse(source[0], path)
        release_lines_of(front_matter)
    except FrontMatterError as error:
        logger.error(error.message, location=(docname, error.line))


def setup(app: Sphinx) -> dict:
    app.connect("source-read", check_source)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
