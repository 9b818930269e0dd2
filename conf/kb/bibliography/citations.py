"""A citation of a key that refs.bib lacks stops the build with the closest keys as a hint.

sphinxcontrib-bibtex only warns that it "could not find" the key; this check names the
bibliography file to edit and the keys the author probably meant.
"""

from __future__ import annotations

import difflib

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

logger = logging.getLogger(__name__)


def missing_key_message(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    return (
        f"the citation key '{key}' is not in refs.bib; {hint}cite one of its keys, or add "
        "an entry with this key to refs.bib"
    )


def check_citations(app: Sphinx, doctree) -> None:
    entries = app.env.get_domain("cite").bibdata.data.entries
    known = sorted(entries)
    for node in doctree.findall(addnodes.pending_xref):
        if node.get("refdomain") != "cite":
            continue
        try:
            keys = [target.key for target in parse_citation_targets(node["reftarget"])]
        except ValueError:
            logger.error(
                f"the citation {node['reftarget']!r} cannot be read; write keys "
                "separated by commas, such as {cite:p}`key1,key2`",
                location=node,
            )
            continue
        for key in keys:
            if key not in entries:
                logger.error(missing_key_message(key, known), location=node)
