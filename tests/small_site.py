"""Small sites built in-process with ``sphinx.testing``, for tests of one behaviour.

A site is ``tests/roots/test-<name>`` (the project's settings and extension, see its conf.py)
with the valid records fixture and ``tests/fixtures/bib/valid.bib`` (as ``refs.bib``) laid in,
copied to a folder of the test's own so that the test may break it.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from io import StringIO
from pathlib import Path

from kb import data
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors
from sphinx.util.docutils import docutils_namespace

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
ROOTS = TESTS / "roots"
RECORDS = TESTS / "fixtures" / "records" / "valid"
BIB = TESTS / "fixtures" / "bib" / "valid.bib"


def small_site(tmp_path: Path, name: str = "kb") -> Path:
    """A copy of the root ``name``, with records and ``refs.bib``; its source folder. Its
    doctrees hold the record of the project's data files found clean, as a rebuild of the
    project finds it: the build validates only what changed since, not every file again."""
    source = tmp_path / name
    shutil.copytree(ROOTS / f"test-{name}", source)
    shutil.copytree(RECORDS, source, dirs_exist_ok=True)
    shutil.copy2(BIB, source / "refs.bib")
    doctrees = source / "_build" / "doctrees"
    doctrees.mkdir(parents=True)
    (doctrees / data.CHECKED).write_text(clean_data_record(), encoding="utf-8")
    return source


@cache
def clean_data_record() -> str:
    """What a build records (``kb.data.CHECKED``) of the project's data files, validated here
    once a process (1 to 2 s of CPU, the inventory's files most). A file with problems is not
    recorded, so every build still reports them."""
    with tempfile.TemporaryDirectory() as folder:
        record = Path(folder) / data.CHECKED
        data.check_changed(data.data_files(), record)
        return record.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Built:
    """What a build of a small site wrote, and the warnings and errors it logged."""

    out: Path
    warnings: str


def build(make_app, source: Path, builder: str = "html", **overrides) -> Built:
    """Build ``source`` in-process. An extension that ends the build after logging its errors
    raises SystemExit, as the BibTeX check does; any other exception fails the calling test.
    Docutils is left as it was found: an app that ends while it is set up never reaches
    ``make_app``, whose cleanup would otherwise leave its nodes registered for the next build."""
    warnings = StringIO()
    with contextlib.suppress(SystemExit), docutils_namespace():
        make_app(builder, srcdir=source, confoverrides=overrides, warning=warnings).build()
    return Built(source / "_build" / builder, strip_colors(warnings.getvalue()))


def build_shared(source: Path, builder: str = "html", **overrides) -> Built:
    """``build`` for a fixture that several tests share, where no test's ``make_app`` lives
    long enough: the app is cleaned up, as ``make_app`` does, once the build is done."""
    apps = []

    def make_app(*args, **kwargs) -> SphinxTestApp:
        apps.append(SphinxTestApp(*args, status=StringIO(), **kwargs))
        return apps[-1]

    try:
        return build(make_app, source, builder, **overrides)
    finally:
        for app in apps:
            app.cleanup()


def project_around(site: Path) -> Path:
    """A project with the real Makefile and settings, whose docs and refs.bib are ``site``'s."""
    project = site.parent / "project"
    project.mkdir()
    for name in ("Makefile", "pyproject.toml", "requirements", "conf"):
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy2
        copy(source, project / name)
    (site / "conf.py").unlink()
    (site / "refs.bib").rename(project / "refs.bib")
    site.rename(project / "docs")
    return project
