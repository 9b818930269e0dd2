"""The upgrade path is generated from the guides' metadata and follows it when it changes."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from conftest import DOCS
from kb.frontmatter import parse
from kb.problems import ProblemError
from kb.upgrade_path import Guide, guide_from, load_guides, plan
from small_site import small_site

GUIDE = """---
dirac: ">=8.0"
migration:
  from: "8.0"
  to: "9.0"
  audience: [administrator]
  order: 10
---
# Do the thing

## Steps

### 1. First
### 2. Second

## Verify
### 3. Not a step
"""


def guide(
    name: str,
    start: str,
    end: str,
    order: int = 10,
    steps: tuple[str, ...] = ("1. Step",),
    phase: str = "upgrade",
) -> Guide:
    return Guide(Path(name), name, start, end, ("administrator",), order, steps, phase)


def test_a_guide_is_read_with_its_steps():
    read = guide_from(parse(GUIDE, "g.md"), GUIDE)
    assert (read.title, read.start, read.end, read.order) == ("Do the thing", "8.0", "9.0", 10)
    assert read.steps == ("1. First", "2. Second")


def test_headings_in_a_code_block_are_neither_the_title_nor_steps():
    example = "```markdown\n# Not the title\n## Steps\n### 9. Not a step\n```\n\n"
    text = GUIDE.replace("# Do the thing", example + "# Do the thing")
    read = guide_from(parse(text, "g.md"), text)
    assert (read.title, read.steps) == ("Do the thing", ("1. First", "2. Second"))


def test_plan_orders_by_completion_then_start_then_order():
    guides = [
        guide("late.md", "9.0", "9.1"),
        guide("second.md", "8.0", "9.0", order=20),
        guide("first.md", "8.0", "9.0", order=5),
        guide("within-8.md", "8.0", "8.0"),
        guide("from-7.md", "7.3", "8.0"),
    ]
    assert [g.title for g in plan(guides, "8.0", "9.1")] == [
        "within-8.md",
        "first.md",
        "second.md",
        "late.md",
    ]
    assert [g.title for g in plan(guides, "7.3", "8.0")] == ["from-7.md", "within-8.md"]
    assert plan(guides, "9.0", "9.1")[0].title == "late.md"


def test_a_guide_across_several_lines_belongs_to_each_way_it_overlaps():
    steps = (
        "1. Prepare (8.0)",
        "2. Migrate (8.0 to 9.0)",
        "3. Prefix (9.1.13 and later)",
        "4. Any",
    )
    wide = guide("wide.md", "8.0", "9.1", steps=steps)
    assert plan([wide], "8.0", "9.0") == [wide]
    assert plan([wide], "9.0", "9.1") == [wide]
    assert plan([wide], "7.3", "8.0") == []
    assert wide.steps_between("8.0", "9.0") == steps[:2] + steps[3:]
    assert wide.steps_between("9.0", "9.1") == steps[1:]


def test_a_guide_with_no_step_on_the_way_is_left_out():
    early = guide("early.md", "8.0", "9.1", steps=("1. Prepare (8.0)",))
    assert plan([early], "9.0", "9.1") == []


def test_a_before_phase_puts_a_guide_with_the_line_it_starts_on():
    guides = [
        guide("at-upgrade.md", "8.0", "9.0", order=1),
        guide("opensearch.md", "8.0", "9.1", order=45, phase="before"),
        guide("setup.md", "8.0", "9.0", order=5, phase="before"),
        guide("late.md", "9.0", "9.1"),
    ]
    assert [g.title for g in plan(guides, "8.0", "9.1")] == [
        "setup.md",
        "opensearch.md",
        "at-upgrade.md",
        "late.md",
    ]


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('to: "9.0"', 'to: "10.0"'), 5, "to: '10.0' is not a release line"),
        (('to: "9.0"', 'to: "7.3"'), 5, "to (7.3) comes before from (8.0)"),
        (("order: 10", "order: soon"), 7, "order must be a whole number"),
        (("[administrator]", "[operator]"), 6, "audience 'operator' is not one of user"),
        (("order: 10", "order: 10\n  owner: me"), 8, "unknown key 'owner'"),
        (("order: 10", "order: 10\n  phase: later"), 8, "phase must be one of before, upgrade"),
        (("  order: 10\n", ""), 3, "the key 'order' is missing"),
        (("### 1. First\n### 2. Second", "1. First"), 3, "no '## Steps' section"),
    ],
)
def test_bad_metadata_is_reported_at_its_line(change, line, words):
    text = GUIDE.replace(*change)
    with pytest.raises(ProblemError) as caught:
        guide_from(parse(text, "docs/migration/g.md"), text)
    assert str(caught.value).startswith(f"docs/migration/g.md:{line}: ")
    assert words in str(caught.value)


def test_every_guide_of_the_knowledge_base_reads():
    guides = load_guides(DOCS / "migration")
    assert guides, "no migration guide found"
    assert all(g.steps for g in guides)


def _section(html: str, heading: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html)
    start = text.index(heading)
    following = text.find("From ", start + len(heading))
    return text[start : following if following > 0 else None]


def site_with_a_guide(tmp_path: Path) -> tuple[Path, Path]:
    """A small site with one guide and the upgrade-path page: the site, and the guide's file."""
    site = small_site(tmp_path)
    (site / "migration").mkdir()
    guide_page = site / "migration" / "do-the-thing.md"
    guide_page.write_text(GUIDE)
    (site / "migration" / "upgrade-path.md").write_text(
        '---\ndirac: "*"\n---\n\n# Upgrade path\n\n```{upgrade-path}\n```\n'
    )
    index = site / "index.md"
    index.write_text(index.read_text().replace("page\n", "page\nmigration/*\n", 1))
    return site, guide_page


def test_the_page_changes_when_a_guide_metadata_changes(make_app, tmp_path):
    """On a small site: a guide and the upgrade-path page, built, then rebuilt incrementally
    after the guide's target line changes."""
    site, guide_page = site_with_a_guide(tmp_path)
    warnings = StringIO()
    app = make_app("html", srcdir=site, warning=warnings)
    page = Path(app.outdir) / "migration" / "upgrade-path.html"

    app.build()
    assert "Do the thing" in _section(page.read_text(), "From 8.0 to 9.0")

    guide_page.write_text(
        GUIDE.replace('from: "8.0"', 'from: "9.0"').replace('to: "9.0"', 'to: "9.1"')
    )
    app.build()
    assert warnings.getvalue() == ""
    html = page.read_text()
    assert "Do the thing" not in _section(html, "From 8.0 to 9.0")
    assert "Do the thing" in _section(html, "From 8.0 to 9.1")


def test_the_page_is_read_again_only_when_a_guide_title_step_or_metadata_changes(
    make_app, tmp_path
):
    site, guide_page = site_with_a_guide(tmp_path)
    app = make_app("html", srcdir=site, warning=StringIO())
    read: list[set[str]] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: read.append(set(docnames)))
    app.build()

    guide_page.write_text(GUIDE.replace("# Do the thing\n", "# Do the thing\n\nMore prose.\n"))
    app.build()
    assert read[-1] == {"migration/do-the-thing"}

    guide_page.write_text(GUIDE.replace("### 2. Second", "### 2. Second, renamed"))
    app.build()
    assert read[-1] == {"migration/do-the-thing", "migration/upgrade-path"}
    assert "Second, renamed" in (Path(app.outdir) / "migration" / "upgrade-path.html").read_text()

    (site / "migration" / "another.md").write_text(GUIDE.replace("Do the thing", "Another"))
    app.build()
    assert "migration/upgrade-path" in read[-1]
    assert "Another" in (Path(app.outdir) / "migration" / "upgrade-path.html").read_text()
