"""refs.bib and the publication pages: the file parses, follows its rules, and every entry
is both listed on a page and, where cited, cited by a key that exists."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from kb.bibliography import rules
from kb.bibliography.directives import bibtex_text
from kb.bibliography.source import load
from kb.problems import ProblemError
from small_site import build

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
REFS = ROOT / "refs.bib"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bib"

CITE_ROLE = re.compile(r"\{cite(?::\w+)?\}`(?P<keys>[^`]+)`")
BIBTEX_SOURCE = re.compile(r"^```\{bibtex-source\}[ \t]+(?P<keys>\S+)", re.M)
INLINE_CODE = re.compile(r"``.+?``")


def cited_keys(text: str) -> set[str]:
    """Keys named by ``{cite...}`` roles and ``{bibtex-source}`` directives in MyST text.

    A role shown as an example inside double-backtick code is not a citation.
    """
    text = INLINE_CODE.sub("", text)
    found = set()
    for pattern in (CITE_ROLE, BIBTEX_SOURCE):
        for match in pattern.finditer(text):
            found.update(key.strip() for key in match["keys"].split(",") if key.strip())
    return found


def pages() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted(DOCS.rglob("*.md"))}


@pytest.fixture(scope="module")
def refs():
    return load(REFS)


# --- refs.bib itself ------------------------------------------------------------------------


def test_refs_bib_follows_every_rule(refs):
    assert [str(problem) for problem in rules.problems(refs)] == []


def test_refs_bib_keys_are_unique_ignoring_case(refs):
    keys = [key.lower() for key, _ in refs.starts]
    assert len(keys) == len(set(keys)) == len(refs.entries)


def test_every_entry_has_exactly_one_known_topic(refs):
    topics = {
        key: rules.TOPIC.match(entry.fields["keywords"]) for key, entry in refs.entries.items()
    }
    assert all(topics.values()), [key for key, match in topics.items() if not match]


# --- the checks catch broken files ----------------------------------------------------------


def test_repeated_key_is_reported_with_both_lines():
    with pytest.raises(ProblemError) as caught:
        load(FIXTURES / "duplicate-key.bib")
    assert str(caught.value) == (
        f"{FIXTURES / 'duplicate-key.bib'}:13: the key 'Smith2008DIRAC' is already used by the "
        "entry at line 2; keys are case-insensitive and unique: rename this entry or delete "
        "the copy"
    )


def test_syntax_error_names_the_line_and_the_entry():
    with pytest.raises(ProblemError) as caught:
        load(FIXTURES / "unbalanced-brace.bib")
    [problem] = caught.value.problems
    assert problem.path == FIXTURES / "unbalanced-brace.bib"
    assert problem.line == 17
    assert "in the entry 'broken' that starts at line 10" in problem.message


def test_non_utf8_file_is_reported_with_its_line(tmp_path):
    bad = tmp_path / "latin1.bib"
    bad.write_bytes(b"% fine\n@misc{x,\n  author = {Bernl\xf6hr, K.},\n}\n")
    with pytest.raises(ProblemError, match=r"latin1\.bib:3: the file is not UTF-8"):
        load(bad)


def test_each_broken_rule_is_reported_at_its_entry():
    found = {
        (problem.line, problem.message.split(";")[0])
        for problem in rules.problems(load(FIXTURES / "rule-breaking.bib"))
    }
    assert found == {
        (2, "@article entry 'casajus2010nojournal' has no 'journal' field"),
        (
            12,
            "entry 'stagni2020doiurl' has doi = {https://doi.org/10.1051/epjconf/202024503035}, "
            "which is not a DOI",
        ),
        (23, "entry 'brook2003nolink' has neither 'doi' nor 'eprint'"),
        (31, "entry 'tsaregorodtsev2023twotopics' has keywords = {security, overview}"),
        (40, "entry key 'Stagni_pilots' does not read <first author><year><topic>"),
        (51, "entry 'mendez2012accent' writes an accent as a LaTeX command, {\\'e}"),
    }


@pytest.mark.parametrize(
    "doi, valid",
    [
        ("10.1051/epjconf/202024503035", True),
        ("10.22323/1.434.0029", True),
        ("10.5281/zenodo.1451647", True),
        ("doi:10.5281/zenodo.1451647", False),
        ("https://doi.org/10.5281/zenodo.1451647", False),
        ("10.51/too-short-prefix", False),
        ("10.1051/with space", False),
    ],
)
def test_doi_syntax(doi, valid):
    assert bool(rules.DOI.match(doi)) is valid


# --- pages and citations --------------------------------------------------------------------


def test_cited_key_scanner_reads_roles_and_directives():
    text = "See {cite:p}`a,b` and {cite}`c`, not ``{cite:t}`key` ``.\n\n```{bibtex-source} d\n```\n"
    assert cited_keys(text) == {"a", "b", "c", "d"}


def test_every_cited_key_exists(refs):
    missing = {
        f"{path.relative_to(ROOT)}: {key}"
        for path, text in pages().items()
        for key in cited_keys(text)
        if key not in refs.entries
    }
    assert missing == set()


@pytest.mark.parametrize("page", ["by-year", "by-topic"])
def test_every_entry_is_listed_by_year_and_by_topic(refs, html_build, page):
    """Read from the built page (each listed entry shows its BibTeX source), not worked out
    with the selection the directive itself uses."""
    built = (html_build.out / "html" / "publications" / f"{page}.html").read_text("utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", "", built))
    listed = re.findall(r"@\w+\{([^,\s]+),", shown)
    assert sorted(listed) == sorted(refs.entries), page


# --- the Sphinx extension -------------------------------------------------------------------

PAGE = """\
# Papers

```{publication-list}
:year: 1999
```

```{bibtex-source} diracproject1999software
```
"""


CONF = """\
extensions = ["myst_parser", "kb.bibliography"]
bibtex_bibfiles = [{bibfile!r}]
"""


def build_page(make_app, tmp_path: Path, bibfile: Path, page: str = PAGE) -> tuple[str, Path]:
    """Build, in-process, a one-page site that uses ``kb.bibliography`` with ``bibfile``;
    the warnings and errors it logged, and its output folder."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "index.md").write_text(page, encoding="utf-8")
    (source / "conf.py").write_text(CONF.format(bibfile=str(bibfile)), encoding="utf-8")
    built = build(make_app, source)
    return built.warnings, built.out


def test_build_lists_the_year_with_doi_link_and_generated_bibtex(make_app, tmp_path):
    warnings, out = build_page(make_app, tmp_path, FIXTURES / "valid.bib")
    assert warnings == ""
    page = html.unescape(re.sub(r"<[^>]+>", "", (out / "index.html").read_text(encoding="utf-8")))
    assert 'href="https://doi.org/10.1088/1742-6596/1/1/000001"' in (out / "index.html").read_text()
    valid = load(FIXTURES / "valid.bib").entries
    assert bibtex_text(valid["tsaregorodtsev1999first"]) in page
    assert bibtex_text(valid["diracproject1999software"]) in page
    assert "keywords" not in page


def test_build_stops_at_the_line_of_a_broken_bib_file(make_app, tmp_path):
    """It stops before reading any page (SystemExit, not an exception with a traceback);
    test_author_errors runs the same mistake through make html."""
    warnings, out = build_page(make_app, tmp_path, FIXTURES / "unbalanced-brace.bib")
    assert f"{FIXTURES / 'unbalanced-brace.bib'}:17: ERROR: BibTeX syntax error" in warnings
    assert not (out / "index.html").exists()


def test_build_warns_about_a_rule_broken_in_the_bib_file(make_app, tmp_path):
    bibfile = FIXTURES / "rule-breaking.bib"
    warnings, _ = build_page(make_app, tmp_path, bibfile, page="# Empty\n")
    assert f"{bibfile}:23: WARNING: entry 'brook2003nolink'" in warnings


@pytest.mark.parametrize(
    "page, message",
    [
        (
            "```{publication-list}\n:year: 2001\n```\n",
            "publication-list :year: 2001 selects no entry",
        ),
        ("```{publication-list}\n```\n", "publication-list needs exactly one of :year: or :topic:"),
        (
            "```{bibtex-source} diracproject1999softwar\n```\n",
            "bibtex-source: no entry 'diracproject1999softwar' in the bibliography; "
            "did you mean diracproject1999software?",
        ),
    ],
)
def test_build_warns_at_the_directive_that_selects_nothing(make_app, tmp_path, page, message):
    warnings, _ = build_page(make_app, tmp_path, FIXTURES / "valid.bib", "# Papers\n\n" + page)
    assert f"{tmp_path / 'src' / 'index.md'}:3: WARNING: " + message in warnings
