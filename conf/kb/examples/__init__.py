"""Checks of the code blocks in the knowledge base's pages (``make check-examples``).

Modules, one job each: :mod:`~kb.examples.blocks` finds blocks and their annotations (Sybil),
:mod:`~kb.examples.check` runs the checks a block's language calls for against each DIRAC
version it claims, using :mod:`~kb.examples.shell` and :mod:`~kb.examples.commands` for shell
sessions, :mod:`~kb.examples.cfg` for DIRAC configuration, :mod:`~kb.examples.python_check` for
Python and :mod:`~kb.examples.formats` for data formats, with the release data of
:mod:`~kb.examples.inventory`.  Conventions for authors: docs/about/checked-examples.md.
"""
