"""Consortium records: minutes, decisions, agreements, members, roles, services, events, funding.

Each record is a MyST page under ``docs/records/<kind>/`` whose front matter follows
``conf/data/schemas/record.schema.json`` (read by ``kb.records.schema``).  The Sphinx extension
(``kb.records.sphinxext``) checks and indexes them in the build; ``python -m kb.records`` checks
a tree and scaffolds new records without Sphinx.
"""


def setup(app):
    """Sphinx entry point; imported lazily so the command line works without Sphinx loaded."""
    from kb.records.sphinxext import setup as setup_extension

    return setup_extension(app)
