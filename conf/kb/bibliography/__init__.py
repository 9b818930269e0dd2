"""Publications: the Sphinx extension that checks ``refs.bib`` and its citations, and lists it.

- sphinxcontrib-bibtex reads the BibTeX files while the build environment is created and
  stops with a traceback on a syntax error; the check below runs first (``config-inited``),
  so a broken file stops the build with its lines instead, and a rule broken by an entry
  (see :mod:`kb.bibliography.rules`) is a warning located in ``refs.bib``.
- sphinxcontrib-bibtex only warns that it "could not find" a cited key; here a key that
  refs.bib lacks stops the build, naming the file to edit and the keys probably meant.
- Docutils writes a run of citations as ``<div role="list">`` holding ``<div
  role="doc-biblioentry">`` entries. DPUB-ARIA 1.1 deprecated ``doc-biblioentry``, and a list
  whose children are not list items breaks ARIA's rule (axe-core: aria-required-children,
  critical): each entry becomes a plain list item instead.
- pybtex and sphinxcontrib-bibtex look their plugins (styles, backends) up in the installed
  packages' entry points, and each lookup reads the metadata of every installed distribution
  again: 68 lookups, a fifth of a one-page rebuild. Here the entry points are read once per
  process and each lookup selects from them; packages are not installed during a build.
- The cited entries are formatted again only when they change (:mod:`kb.bibliography.formatted`).
"""

from __future__ import annotations

import difflib
import importlib.metadata
from functools import cache
from pathlib import Path

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from kb.bibliography import rules
from kb.bibliography.directives import BibtexSourceDirective, PublicationListDirective
from kb.bibliography.formatted import KeptBibtexDomain
from kb.bibliography.source import load
from kb.problems import ProblemError

logger = logging.getLogger(__name__)


def check_bibfiles(app: Sphinx, config: Config) -> None:
    for name in config.bibtex_bibfiles:
        try:
            bibfile = load(Path(app.confdir, name).resolve())
        except ProblemError as error:
            error.log(logger)
            # Any exception, SphinxError included, makes Sphinx print a crash report with
            # a traceback; the errors above already say what to fix, so end the build here.
            raise SystemExit(2) from None
        for problem in rules.problems(bibfile):
            logger.warning(problem.text, location=problem.location)


def check_citations(app: Sphinx, doctree) -> None:
    entries = app.env.get_domain("cite").bibdata.data.entries
    for node in doctree.findall(addnodes.pending_xref):
        if node.get("refdomain") != "cite":
            continue
        try:
            targets = parse_citation_targets(node["reftarget"])
            missing = [target.key for target in targets if target.key not in entries]
        except ValueError:
            logger.error(
                f"the citation {node['reftarget']!r} cannot be read; write keys "
                "separated by commas, such as {cite:p}`key1,key2`",
                location=node,
            )
            continue
        for key in missing:
            close = difflib.get_close_matches(key, sorted(entries), n=3, cutoff=0.5)
            hint = f"did you mean {', '.join(close)}? " if close else ""
            logger.error(
                f"the citation key '{key}' is not in refs.bib; {hint}cite one of its keys, or add "
                "an entry with this key to refs.bib",
                location=node,
            )


def fix_citation_lists(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


@cache
def installed_entry_points() -> importlib.metadata.EntryPoints:
    return importlib.metadata.entry_points()


def entry_points(**selection: str) -> importlib.metadata.EntryPoints:
    """``importlib.metadata.entry_points(group=..., name=...)``, from the one reading."""
    return installed_entry_points().select(**selection)


def setup(app: Sphinx) -> dict:
    # Both modules call the name 'entry_points' they imported: that is what is replaced.
    pybtex.plugin.entry_points = sphinxcontrib.bibtex.plugin.entry_points = entry_points
    app.setup_extension("sphinxcontrib.bibtex")
    app.add_domain(KeptBibtexDomain, override=True)
    app.setup_extension("sphinx_design")
    app.connect("config-inited", check_bibfiles)
    app.connect("doctree-read", check_citations)
    app.connect("html-page-context", fix_citation_lists)
    app.add_directive("publication-list", PublicationListDirective)
    app.add_directive("bibtex-source", BibtexSourceDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
