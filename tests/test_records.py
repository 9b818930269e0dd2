"""The consortium records: the checks catch each broken fixture at its line, the real records
pass, the scaffold refuses to overwrite, and the generated indexes follow the records."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from docutils import nodes
from kb import frontmatter
from kb.data import as_json
from kb.records import cli, panel, scaffold, schema
from kb.records.crosscheck import crosscheck
from kb.records.load import load, load_tree
from sphinx.cmd.build import build_main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "records"

#: rule (a folder under fixtures/records/broken) -> (file, line, words the message must hold)
BROKEN = {
    "unknown-key": (
        "minutes/2024/2024-01-10-board.md",
        7,
        "unknown key 'chiar'; did you mean 'chair'",
    ),
    "missing-key": (
        "members/alpha.md",
        2,
        "the key 'country' is missing; add it, with a non-empty text",
    ),
    "comment-in-value": ("members/alpha.md", 9, "'#1234' is lost; put the whole value in"),
    "no-sources": (
        "members/alpha.md",
        2,
        "the key 'sources' is missing; add it, with a list, one '- ' line per item (where every",
    ),
    "missing-nested-key": ("minutes/2024/2024-01-10-board.md", 14, "the key 'owner' is missing"),
    "wrong-type": ("decisions/dr-0002-use-tokens.md", 4, "'two' is not a whole number"),
    "impossible-date": ("minutes/2024/2024-01-10-board.md", 4, "'2024-01-32' is not a date"),
    "date-format": ("events/2024-workshop.md", 6, "'02/05/2024' is not a date"),
    "bad-choice": ("funding/2024-budget.md", 6, "status 'spent' is not one of proposed, reported"),
    "unknown-kind": ("members/alpha.md", 2, "names no kind of record"),
    "placeholder": ("members/alpha.md", 4, "placeholder 'TODO'"),
    "duplicate-key": ("members/alpha.md", 6, "'country' appears twice"),
    "no-front-matter": ("members/gamma.md", 1, "a record needs YAML front matter"),
    "unclosed-front-matter": ("members/gamma.md", 1, "never closed"),
    "misplaced-file": ("minutes/2023/2024-02-01-board.md", 4, "move it to records/minutes/2024/"),
    "number-not-in-name": ("decisions/dr-0002-use-tokens.md", 4, "does not match the file name"),
    "end-before-start": ("members/beta.md", 7, "'left' (2012) comes before 'joined'"),
    "superseded-status-mismatch": (
        "decisions/dr-0001-use-proxies.md",
        5,
        "'superseded-by' go together",
    ),
    "dangling-reference": ("roles/coordinator-a.md", 6, "no member record is named 'gamma'"),
    "decided-and-reported": (
        "decisions/dr-0002-use-tokens.md",
        8,
        "either the minutes that took it ('decided-at') or the minutes that only reported it",
    ),
    "listed-as-reported": (
        "minutes/2024/2024-01-10-board.md",
        14,
        "dr-0002-use-tokens does not name these minutes as 'reported-at' "
        "(it has 'decided-at: 2024-01-10-board')",
    ),
    "meeting-not-listed": ("decisions/dr-0002-use-tokens.md", 7, "do not list this decision"),
    "supersession-one-sided": (
        "decisions/dr-0002-use-tokens.md",
        9,
        "does not name this decision as 'superseded-by'",
    ),
    "amendment-without-target": (
        "agreements/founding.md",
        4,
        "an amendment does not say which agreement it amends",
    ),
    "agreement-that-amends": ("agreements/founding.md", 5, "an agreement cannot amend another"),
    "undated-term": ("roles/coordinator-a.md", 4, "the term has neither 'start' nor 'attested'"),
    "amount-without-currency": (
        "funding/2024-budget.md",
        7,
        "'amount' and 'currency' go together",
    ),
    "url-without-scheme": ("services/portal.md", 5, "'portal.example.org' is not a web address"),
    "empty-list": (
        "minutes/2024/2024-01-10-board.md",
        8,
        "agenda is empty; write at least one item, or leave 'agenda' out",
    ),
}


def _tree(tmp_path: Path, rule: str | None = None) -> Path:
    """The valid fixture tree, with the broken fixture of ``rule`` laid over it."""
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURES / "valid", docs)
    if rule:
        shutil.copytree(FIXTURES / "broken" / rule, docs, dirs_exist_ok=True)
    return docs


def _problems(docs: Path) -> list:
    records, problems = load_tree(docs)
    return problems + crosscheck(records)


def test_every_broken_fixture_has_a_rule():
    assert sorted(p.name for p in (FIXTURES / "broken").iterdir()) == sorted(BROKEN)


def test_valid_fixture_has_no_problems(tmp_path):
    assert _problems(_tree(tmp_path)) == []


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_broken_fixture_fails_at_its_line(tmp_path, rule):
    docs = _tree(tmp_path, rule)
    file, line, words = BROKEN[rule]
    problems = _problems(docs)
    assert [(Path(p.path), p.line) for p in problems] == [(docs / "records" / file, line)]
    assert words in problems[0].text


def test_the_knowledge_base_records_pass(capsys):
    assert cli.main(["check", str(ROOT / "docs")]) == 0


def test_check_command_reports_file_and_line(tmp_path, capsys):
    docs = _tree(tmp_path, "unknown-key")
    assert cli.main(["check", str(docs)]) == 1
    assert (
        f"{docs}/records/minutes/2024/2024-01-10-board.md:7: unknown key" in capsys.readouterr().err
    )


def test_scaffold_writes_a_record_that_only_lacks_its_placeholders(tmp_path, capsys):
    docs = _tree(tmp_path)
    assert (
        cli.main(["new", "meeting", "--date", "2026-12-01", "--body", "board", "--docs", str(docs)])
        == 0
    )
    written = docs / "records/minutes/2026/2026-12-01-board.md"
    problems = _problems(docs)
    assert problems and all("TODO" in p.text and Path(p.path) == written for p in problems)
    filled = written.read_text().replace("TODO ", "").replace("TODO", "x")
    written.write_text(filled)
    assert _problems(docs) == []


def test_scaffold_refuses_to_overwrite(tmp_path, capsys):
    docs = _tree(tmp_path)
    existing = docs / "records/minutes/2024/2024-01-10-board.md"
    before = existing.read_text()
    assert (
        cli.main(["new", "minutes", "--date", "2024-01-10", "--body", "board", "--docs", str(docs)])
        == 2
    )
    assert "exists already" in capsys.readouterr().err
    assert existing.read_text() == before


def test_scaffold_refuses_a_date_that_is_not_one(tmp_path):
    with pytest.raises(scaffold.ScaffoldError, match=r"--date '2026-13-01' is not a date; write"):
        scaffold.create("minutes", _tree(tmp_path), date="2026-13-01", body="board")


def test_the_records_schema_stands_alone(tmp_path):
    """record.schema.json is a valid JSON Schema that, read by any validator (an editor's),
    accepts every record of the knowledge base and refuses a record that lacks a key."""
    validator = jsonschema.Draft202012Validator(
        schema.SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.check_schema(schema.SCHEMA)
    records = sorted((ROOT / "docs" / "records").rglob("*/*.md"))
    matters = [frontmatter.read(path) for path in records if path.stem != "index"]
    assert len(matters) > 30
    for matter in matters:
        assert list(validator.iter_errors(as_json(matter.data))) == [], matter.path
    body = schema.KINDS["minutes"]["properties"]["body"]
    assert list(body["x-titles"]) == body["enum"]  # every minuted body has its name
    broken = as_json({key: value for key, value in matters[0].data.items() if key != "sources"})
    assert [error.message for error in validator.iter_errors(broken)] == [
        "'sources' is a required property"
    ]


def test_scaffold_numbers_decisions_after_the_highest(tmp_path):
    docs = _tree(tmp_path)
    path = scaffold.create("decision", docs, date="2026-12-01", name="next-step")
    assert path.name == "dr-0003-next-step.md"


# --- Sphinx: the build stops on a broken record, and the indexes follow the records ---------

# kb.template_cache, as the project's builds have it: a rebuild compiles no template again
# (a fifth of each of the rebuilds below).
CONF = """
extensions = ["myst_parser", "kb.records", "kb.template_cache"]
exclude_patterns = ["_build"]
"""
VIEWS = (
    "minutes-by-year",
    "open-actions",
    "decisions-by-status",
    "membership-timeline",
    "coordinators",
    "agreements",
    "service-figures",
    "events-calendar",
    "funding",
)


def _project(tmp_path: Path, rule: str | None = None) -> Path:
    docs = _tree(tmp_path, rule)
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "conf.py").write_text(CONF)
    pages = "\n".join(f"{view}\n" for view in VIEWS)
    (docs / "index.md").write_text(
        "# Fixture\n\n```{toctree}\n:glob:\n\nrecords/**\n" + pages + "```\n"
    )
    for view in VIEWS:
        (docs / f"{view}.md").write_text(f"# {view}\n\n```{{records-index}} {view}\n```\n")
    return docs


def _build(tmp_path: Path, docs: Path) -> tuple[int, str]:
    warnings = tmp_path / "warnings.txt"
    status = build_main(
        [
            "-b",
            "html",
            "-n",
            "-W",
            "--keep-going",
            "-q",
            "-w",
            str(warnings),
            "-c",
            str(tmp_path / "conf"),
            str(docs),
            str(tmp_path / "html"),
        ]
    )
    return status, warnings.read_text()


def test_build_stops_at_the_broken_record(tmp_path):
    docs = _project(tmp_path, "dangling-reference")
    status, warnings = _build(tmp_path, docs)
    assert status != 0
    assert "records/roles/coordinator-a.md:6: ERROR: no member record is named 'gamma'" in warnings


def test_a_record_without_sources_stops_the_build_at_its_file_and_line(tmp_path):
    docs = _project(tmp_path, "no-sources")
    status, warnings = _build(tmp_path, docs)
    assert status != 0
    assert "records/members/alpha.md:2: ERROR: the key 'sources' is missing" in warnings


def _panel(page: Path) -> str:
    """The HTML of the metadata panel of a built page, which must open the page's body."""
    html = page.read_text()
    start = html.index('<div class="record-panel')
    assert html[html.index("</h1>") + len("</h1>") : start].strip() == "", page
    return html[start : html.index("</dl>", start)]


def test_every_record_page_opens_with_its_metadata_panel(tmp_path):
    docs = _project(tmp_path)
    assert _build(tmp_path, docs) == (0, "")
    html = tmp_path / "html" / "records"
    pages = sorted(html.rglob("*.html"))
    assert len(pages) == len(list((docs / "records").rglob("*.md")))
    for page in pages:
        assert "Sources" in _panel(page), page

    decision = _panel(html / "decisions" / "dr-0002-use-tokens.html")
    assert "Decided at" in decision
    assert '<span class="pre">accepted</span>' in decision  # a value from a fixed list
    assert 'href="../minutes/2024/2024-01-10-board.html"' in decision
    assert "Board meeting, 10 January 2024" in decision  # the linked page's title

    minutes = _panel(html / "minutes" / "2024" / "2024-01-10-board.html")
    done = "<strong>Close the old ticket</strong>; owner: C. Owner; due: not set; status: <code"
    assert done in minutes
    assert minutes.index('<span class="pre">done</span>') > minutes.index(done)
    assert "Board of representatives of the DIRAC consortium" in minutes

    assert "still a member" in _panel(html / "members" / "alpha.html")  # no 'left' key
    assert "<p>5,000 EUR</p>" in _panel(html / "funding" / "2024-budget.html")
    event = _panel(html / "events" / "2024-workshop.html")
    assert "Dates" in event and "<p>2024-05-02 to 2024-05-03</p>" in event


def test_every_record_page_has_its_panel_in_the_latex_output(tmp_path):
    docs = _project(tmp_path)
    out = tmp_path / "latex"
    assert build_main(["-b", "latex", "-q", "-c", str(tmp_path / "conf"), str(docs), str(out)]) == 0
    (tex,) = out.glob("*.tex")
    text = tex.read_text()
    records = list((docs / "records").rglob("*.md"))
    assert text.count(r"\begin{sphinxuseclass}{record-panel}") == len(records)
    assert r"\sphinxlineitem{Sources}" in text


def test_sources_link_their_addresses_and_show_paths_as_code():
    paragraph = nodes.paragraph("", "", *panel.inline(SOURCE, panel.SOURCE_PARTS))
    links = [node["refuri"] for node in paragraph.findall(nodes.reference)]
    assert links == ["https://indico.cern.ch/event/1/note", "https://doi.org/10.1051/x/2024"]
    assert [node.astext() for node in paragraph.findall(nodes.literal)] == [
        "DIRACGrid/diracgrid.org",
        "docs/assets/Amendment2.pdf",
    ]
    assert paragraph.astext() == SOURCE
    elsewhere = nodes.paragraph("", "", *panel.inline("Test ARC6/AREX, see doi:10.1/xy"))
    assert not list(elsewhere.findall(nodes.literal))
    assert [node["refuri"] for node in elsewhere.findall(nodes.reference)] == [
        "https://doi.org/10.1/xy"
    ]


def test_an_empty_list_shows_as_a_missing_key():
    """An empty list would be an empty itemize, which LaTeX refuses; it reads as no value."""
    record, problems = load(
        "---\nrecord: minutes\ndirac: '*'\ndate: 2024-01-10\nbody: board\nplace: Geneva\n"
        "attendees: []\nagenda: []\nsources: [Notes]\n---\n# Board\n",
        "x.md",
        "records/minutes/2024/2024-01-10-board",
    )
    shown = panel.panel(record, lambda kind, name: None)
    names = [node.astext() for node in shown.findall(nodes.field_name)]
    assert "Attendees" not in names
    assert "Agenda" in names and "none found in the sources" in shown.astext()
    assert not list(shown.findall(lambda node: isinstance(node, nodes.bullet_list) and not node))


SOURCE = (
    "Minutes, https://indico.cern.ch/event/1/note; paper, doi:10.1051/x/2024 (2024); "
    "DIRACGrid/diracgrid.org, docs/assets/Amendment2.pdf"
)


def test_a_metadata_change_shows_in_every_index(tmp_path):
    """Rename an institute, a place... in one record each, rebuild incrementally, and find the
    new value in the index that shows it and in records.json."""
    docs = _project(tmp_path)
    assert _build(tmp_path, docs) == (0, "")
    changes = {
        "minutes-by-year": (
            "minutes/2024/2024-01-10-board.md",
            "place: Geneva",
            "place: Orsay",
            "Orsay",
        ),
        "open-actions": (
            "minutes/2024/2024-01-10-board.md",
            "owner: B. Owner",
            "owner: D. Owner",
            "D. Owner",
        ),
        "decisions-by-status": (
            "decisions/dr-0002-use-tokens.md",
            "date: 2024-01-10",
            "date: 2024-01-11",
            "2024-01-11",
        ),
        "membership-timeline": (
            "members/alpha.md",
            "country: France",
            "country: Belgium",
            "Belgium",
        ),
        "coordinators": ("roles/coordinator-a.md", "start: 2014-02", "start: 2014-03", "2014-03"),
        "agreements": ("agreements/founding.md", "expiry: 2017-02", "expiry: 2017-05", "2017-05"),
        "service-figures": ("services/portal.md", "value: 1200000", "value: 1300000", "1,300,000"),
        "events-calendar": ("events/2024-workshop.md", "place: Lyon", "place: Annecy", "Annecy"),
        "funding": (
            "funding/2024-budget.md",
            "managed-by: Alpha Institute",
            "managed-by: Beta Office",
            "Beta Office",
        ),
    }
    assert set(changes) == set(VIEWS)
    for view, (file, old, new, shown) in changes.items():
        page = tmp_path / "html" / f"{view}.html"
        assert shown not in page.read_text()
        path = docs / "records" / file
        path.write_text(path.read_text().replace(old, new))
        assert _build(tmp_path, docs) == (0, "")
        assert shown in page.read_text(), view
        exported = json.loads((tmp_path / "html" / "records.json").read_text())
        assert new.split(": ", 1)[1] in json.dumps(exported), view
