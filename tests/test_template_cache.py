"""The theme's templates are compiled once and kept below the doctrees for the next build."""

from __future__ import annotations

from pathlib import Path

import jinja2
from kb import template_cache
from small_site import build, small_site


def test_a_second_build_compiles_no_template_file_again(make_app, tmp_path, monkeypatch):
    site = small_site(tmp_path)
    first = build(make_app, site)
    assert first.warnings == ""
    assert any((site / "_build" / "doctrees" / template_cache.FOLDER).iterdir())
    page = (first.out / "page.html").read_text()

    compiled = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        if filename:  # a template file, not a string
            compiled.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    (site / "page.md").touch()
    again = build(make_app, site)  # a second app in this process: Sphinx warns of its nodes
    assert compiled == []
    assert (again.out / "page.html").read_text() == page


def test_a_builder_without_templates_is_left_alone(tmp_path):
    class App:
        builder = object()
        doctreedir = tmp_path

    template_cache.keep_compiled_templates(App())
    assert not (Path(tmp_path) / template_cache.FOLDER).exists()
