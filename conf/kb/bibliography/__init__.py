"""Publications: checks ``refs.bib`` before Sphinx reads it, and the directives that list it.

sphinxcontrib-bibtex reads the BibTeX files while the build environment is created and
stops with a traceback on a syntax error; the check below runs first (``config-inited``),
so a broken file stops the build with its lines instead, and a rule broken by an entry
(see :mod:`kb.bibliography.rules`) is a warning located in ``refs.bib``.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from kb.bibliography import aria, citations, plugins, rules
from kb.bibliography.directives import BibtexSourceDirective, PublicationListDirective
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


def setup(app: Sphinx) -> dict:
    plugins.read_entry_points_once()
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("sphinx_design")
    app.connect("config-inited", check_bibfiles)
    app.connect("doctree-read", citations.check_citations)
    app.connect("html-page-context", aria.fix_citation_lists)
    app.add_directive("publication-list", PublicationListDirective)
    app.add_directive("bibtex-source", BibtexSourceDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
