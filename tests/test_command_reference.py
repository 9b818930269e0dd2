"""The generated command reference and "what changed" pages of every release line: every switch
is rendered as code, never as text that smart quotes turn into an en dash; commands carry their
description and arguments; the 9.x lines list the DiracX command.

Each line is built from two small pages that hold the directives, with this repository's
inventory, so that the test reads the HTML readers get without building the whole site.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from kb import releases
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

# "-T", "--lifetime", or what smart quotes make of "--lifetime": "–lifetime".
SWITCH_OUTSIDE_CODE = re.compile(r"(?<![\w\-–—])(?:--?|[–—])[A-Za-z]")
CONF = """
extensions = ["kb.command_reference"]
kb_line = {line!r}

def setup(app):
    app.add_config_value("kb_line", "", "env", str)
"""
PAGES = {
    "index.rst": "Reference\n=========\n\n.. toctree::\n\n   changes\n\n.. command-reference::\n",
    "changes.rst": "Changes\n=======\n\n.. line-changes::\n",
}


@pytest.fixture(scope="module", params=releases.line_names())
def built(request, tmp_path_factory) -> tuple[str, Path]:
    line = request.param
    source = tmp_path_factory.mktemp(f"reference-{line}")
    (source / "conf.py").write_text(CONF.format(line=line))
    for name, text in PAGES.items():
        (source / name).write_text(text)
    # docutils keeps directives and roles in global tables: restore them after the build, as
    # sphinx-build does, so that later builds in this process do not see ours as duplicates.
    with docutils_namespace():
        app = Sphinx(
            source,
            source,
            source / "_build",
            source / "_doctrees",
            "html",
            status=None,
            warningiserror=True,
            freshenv=True,
        )
        app.build()
    return line, source / "_build"


def body(path: Path):
    return lxml.html.parse(str(path)).getroot().cssselect("div.body")[0]


def text_outside_code(element) -> list[str]:
    """Every piece of text of ``element`` that is not inside a code element."""
    found = []
    if element.tag != "code":
        found.append(element.text or "")
        for child in element:
            found += text_outside_code(child)
    for child in element:
        found.append(child.tail or "")
    return found


@pytest.mark.parametrize("page", ["index.html", "changes.html"])
def test_no_switch_is_rendered_outside_code(built, page):
    _, out = built
    pieces = [piece for piece in text_outside_code(body(out / page)) if piece.strip()]
    assert pieces  # the page was built and has text
    switches = [piece for piece in pieces if SWITCH_OUTSIDE_CODE.search(piece)]
    assert switches == []


def test_the_pattern_finds_what_smart_quotes_do_to_a_switch():
    assert SWITCH_OUTSIDE_CODE.search("accepts –lifetime")
    assert SWITCH_OUTSIDE_CODE.search("use -T")
    assert not SWITCH_OUTSIDE_CODE.search("re-run in 2023–2026 - with a dash")


def test_commands_carry_description_and_arguments(built):
    line, out = built
    rows = body(out / "index.html").cssselect("table")[0].cssselect("tbody tr")
    cells = {
        row[0].text_content().strip(): [cell.text_content().strip() for cell in row] for row in rows
    }
    name = "dirac-proxy-init"
    assert name in cells, sorted(cells)[:5]
    assert cells[name][1]  # its description, from the script's docstring
    described = sum(bool(cell[1]) for cell in cells.values())
    assert described > 0.9 * len(cells)


def test_the_9x_lines_list_the_dirac_command(built):
    line, out = built
    text = body(out / "index.html").text_content()
    if releases.get(line).diracx:
        assert "dirac jobs submit" in text and "JDL..." in text
    else:
        assert "dirac jobs submit" not in text


def test_the_admin_add_switches_say_the_long_form_takes_no_value(built):
    _, out = built
    rows = body(out / "index.html").cssselect("table")[0].cssselect("tbody tr")
    row = next(r for r in rows if r[0].text_content().strip() == "dirac-admin-add-group")
    assert "--GroupName: (takes no value" in row[2].text_content()
