"""The internal link check: broken links, anchors and orphans, named by their Markdown page."""

from __future__ import annotations

import re
import shutil
from importlib.metadata import PackageNotFoundError
from pathlib import Path

import pytest
from conftest import run_make
from kb.links import config, internal, navigation, outputs
from kb.links.__main__ import main
from small_site import project_around, small_site

FIXTURE = Path(__file__).parent / "fixtures" / "links"
SETTINGS = config.load()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the fixture site and its Markdown pages, in ``tmp_path``."""
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    return tmp_path


def sources(site: Path) -> outputs.SourceMap:
    return outputs.SourceMap(site / "docs", site)


def test_broken_link_and_anchor_are_named_by_their_markdown_line(site):
    [output] = outputs.find(site / "site", SETTINGS.skip_dirs)
    found = internal.start(output).failures(sources(site))
    failures = {failure.target: failure for failure in found}
    assert set(failures) == {"missing-page.html", "index.html#no-such-anchor"}
    assert str(failures["missing-page.html"].source) == "docs/guide.md:3"
    assert str(failures["index.html#no-such-anchor"].source) == "docs/guide.md:5"
    assert "fragment" in failures["index.html#no-such-anchor"].problem.lower()


def test_theme_templates_in_static_are_not_checked(site):
    [output] = outputs.find(site / "site", SETTINGS.skip_dirs)
    assert all("_static" not in page.parts for page in output.pages())
    assert (site / "site" / "_static" / "template.html").exists()


def test_a_page_only_a_plain_link_reaches_is_an_orphan(site):
    [output] = outputs.find(site / "site", SETTINGS.skip_dirs)
    lost = navigation.orphans(output, SETTINGS.navigation, sources(site))
    assert [str(orphan.path) for orphan in lost] == ["docs/orphan.md"]


def test_every_release_line_output_is_checked_and_each_failure_named_once(site, capsys):
    versioned = site / "versioned"
    for line in ("9.0", "9.1"):
        shutil.copytree(site / "site", versioned / line)
    (versioned / "9.1" / "orphan.html").unlink()
    section = versioned / "9.0" / "section" / "index.html"  # links from the site's root, as
    section.write_text(  # the 404 page has them: '/' is the folder that holds every line
        section.read_text().replace("</h1>", '</h1><a href="/9.1/guide.html#present">9.1</a>')
    )
    code = main(["--docs", str(site / "docs"), "internal", str(versioned)])
    out = capsys.readouterr().out
    assert code == 1
    assert "in 2 output(s)" in out
    assert out.count("docs/guide.md:3: broken link 'missing-page.html'") == 1
    assert out.count("docs/orphan.md (no navigation link leads to it)") == 1
    assert "/9.1/guide.html" not in out
    assert "3 broken, 1 orphan page(s)" in out  # 9.1 still links to its removed orphan


def test_a_clean_site_passes(site, capsys):
    guide = site / "site" / "guide.html"
    guide.write_text(re.sub(r"<p>See .*</p>\n", "", guide.read_text()))
    index = site / "site" / "index.html"
    index.write_text(
        index.read_text().replace(
            '<li><a href="guide.html">',
            '<li><a href="orphan.html">Orphan</a></li><li><a href="guide.html">',
        )
    )
    assert main(["--docs", str(site / "docs"), "internal", str(site / "site")]) == 0
    assert "0 broken, 0 orphan page(s)" in capsys.readouterr().out


def test_a_site_named_by_a_relative_path_is_checked_as_make_passes_it(site, monkeypatch, capsys):
    monkeypatch.chdir(site)
    assert main(["--docs", "docs", "internal", "site"]) == 1
    out = capsys.readouterr().out
    assert "docs/orphan.md (no navigation link leads to it)" in out
    assert "2 broken, 1 orphan page(s)" in out


def test_a_folder_without_a_built_site_says_what_to_build(tmp_path, capsys):
    assert main(["internal", str(tmp_path)]) == 2
    assert "build it first with 'make html'" in capsys.readouterr().err


@pytest.mark.slow
def test_make_check_links_names_the_page_of_a_broken_link_and_anchor(tmp_path):
    project = project_around(small_site(tmp_path))
    page = project / "docs" / "page.md"
    lines = page.read_text().splitlines()
    lines += [
        "",
        '<a href="no-such-page.html">broken link</a>',
        "",
        '<a href="index.html#no-such-anchor">broken anchor</a>',
        "",
    ]
    page.write_text("\n".join(lines))
    with (project / "conf" / "data" / "raw-html-allowed.toml").open("a") as allowed:
        allowed.write(
            '\n[[allow]]\npath = "docs/page.md"\n'
            'reason = "a raw link is the one kind Sphinx does not check"\n'
        )
    link_line, anchor_line = len(lines) - 3, len(lines) - 1
    result = run_make(project, "check-links", BUILDDIR=str(tmp_path / "out"), LINES="9.1")
    assert result.returncode != 0
    assert f"docs/page.md:{link_line}: broken link 'no-such-page.html'" in (result.stdout), (
        result.stdout[-4000:]
    )
    assert (
        f"docs/page.md:{anchor_line}: broken link 'index.html#no-such-anchor'"
    ) in result.stdout, result.stdout[-4000:]


def test_without_lychee_the_check_says_how_to_install_it(site, monkeypatch, capsys):
    def not_installed(name):
        raise PackageNotFoundError(name)

    monkeypatch.setattr("kb.links.internal.distribution", not_installed)
    monkeypatch.setenv("PATH", str(site / "no-bin"))
    assert main(["--docs", str(site / "docs"), "internal", str(site / "site")]) == 2
    assert "lychee is not installed: run 'make venv'" in capsys.readouterr().err
