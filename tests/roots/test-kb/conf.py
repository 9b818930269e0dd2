"""A small site with the knowledge base's own settings and extension, for tests of one
behaviour: the project's conf/conf.py, with its relative paths pointed back at the project."""

from pathlib import Path

from kb import paths

# The tests copy this site elsewhere: the project is found through its installed package.
_project = paths.ROOT
_conf = paths.CONF / "conf.py"
_settings = {"__file__": str(_conf), "__name__": "conf"}
exec(compile(_conf.read_text(encoding="utf-8"), str(_conf), "exec"), _settings)
globals().update({name: value for name, value in _settings.items() if not name.startswith("_")})

templates_path = [str(_project / "conf" / "_templates")]
html_static_path = [str(_project / "conf" / "_static")]
html_favicon = str(_project / "conf" / "_static" / "favicon.svg")
bibtex_bibfiles = [str(Path(__file__).parent / "refs.bib")]
