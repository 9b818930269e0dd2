"""The DIRAC Knowledge Base's own code: a Sphinx extension (``kb.extension``, one module a job)
and the command-line tools of ``make`` (``[project.scripts]`` in pyproject.toml).

Importing ``kb`` loads nothing: the tools that do not build never import Sphinx.
"""
