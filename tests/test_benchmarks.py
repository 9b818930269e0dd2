"""The benchmarks' synthetic generator and report writer (benchmarks/); never their timings."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT
from kb.examples.check import Context, examples
from kb.frontmatter import read
from kb.records.cli import check as check_records

from benchmarks import report, synthetic


@pytest.fixture
def grown(project_copy):
    pages = synthetic.count_pages(project_copy / "docs") + 10
    return project_copy, synthetic.grow(project_copy, pages)


def test_grow_reaches_the_asked_number_of_pages(grown):
    project, result = grown
    assert result.pages == synthetic.count_pages(project / "docs")
    assert (result.guides, result.records) == (7, 3)


def test_synthetic_examples_pass_the_real_example_checks(grown):
    project, _ = grown
    found = examples(project / "docs" / "migration", Context())
    synthetic_blocks = [e for e in found if synthetic.GUIDE_PREFIX in e.path]
    assert len(synthetic_blocks) == 7 * 4
    for example in synthetic_blocks:
        example.evaluate()


def test_synthetic_records_validate(grown, capsys):
    project, _ = grown
    assert check_records(project / "docs") == 0
    assert "no problems" in capsys.readouterr().out


def test_synthetic_guides_carry_migration_metadata_and_steps(grown):
    project, _ = grown
    guide = project / "docs" / "migration" / "synthetic-0001.md"
    matter = read(guide)
    assert set(matter.data["migration"]) == {"from", "to", "audience", "order"}
    text = guide.read_text()
    assert "## Steps" in text and "### 3. Log from Python" in text
    assert "synthetic-*" in (project / "docs" / "migration" / "index.md").read_text()


def test_citations_name_keys_of_refs_bib(grown):
    project, _ = grown
    keys = synthetic.material(project).cite_keys
    text = (project / "docs" / "migration" / "synthetic-0002.md").read_text()
    cited = text.split("{cite:t}`", 1)[1].split("`", 1)[0]
    assert cited in keys


def test_growing_below_the_existing_pages_is_refused(project_copy):
    with pytest.raises(synthetic.SyntheticError, match="ask for at least"):
        synthetic.grow(project_copy, 5)


def test_growing_twice_is_refused(grown):
    project, result = grown
    with pytest.raises(synthetic.SyntheticError, match="grow a fresh copy"):
        synthetic.grow(project, result.pages + 5)


def test_placeholder_makes_one_shell_word():
    assert synthetic.placeholder("DN|user") == "dn"
    assert synthetic.placeholder("system/component|system") == "system/component"
    assert synthetic.placeholder("<>") == "value"


def run(wall: float, memory: float = 100.0) -> dict:
    return {
        "wall_s": wall,
        "cpu_s": wall,
        "peak_rss_mib": memory,
        "peak_tree_rss_mib": memory,
        "code": 0,
    }


def test_stats_give_median_and_relative_spread():
    summary = report.stats([10.0, 12.0, 11.0])
    assert (summary.median, summary.low, summary.high) == (11.0, 10.0, 12.0)
    assert summary.spread == pytest.approx(1 / 11)


def test_stats_of_no_runs_is_an_error():
    with pytest.raises(ValueError, match="at least one"):
        report.stats([])


def test_goal_compares_the_median():
    figure = report.Figure(
        "html", "Build", "make html", [run(19), run(25), run(18)], report.Goal(20)
    )
    assert figure.goal_met() is True
    figure.runs.append(run(30))
    assert figure.goal_met() is False


def test_rates_divide_work_by_the_median():
    figure = report.Figure(
        "links", "Links", "x", [run(2), run(4), run(3)], work={"pages": 90, "links": 300}
    )
    assert figure.rates() == {"pages/s": 30.0, "links/s": 100.0}


def sample_report() -> report.Report:
    figures = [
        report.Figure(
            "links",
            "Internal links",
            "kb.links",
            [run(1), run(1), run(1)],
            report.Goal(2),
            work={"pages": 10},
        ),
        report.Figure(
            "linkchecker",
            "LinkChecker",
            "linkchecker",
            [run(5, 2000), run(6, 2000), run(4, 2000)],
            ours=False,
        ),
        report.Figure(
            "site",
            "Whole site",
            "make site",
            [run(70), run(65), run(80)],
            report.Goal(60),
            note="two lines build at once",
        ),
    ]
    return report.Report(
        {"date": "2026-11-25", "cores": 2},
        {"runs": 3},
        figures,
        [report.Comparison("LinkChecker vs ours", "links", "linkchecker", "same pages")],
        [report.ScalePoint(100, 10.0, 0.5, 2.0, 400), report.ScalePoint(500, 60.0, 2.5, 9.0, 1900)],
        ["a note"],
    )


def test_markdown_shows_goals_ratios_scaling_and_notes():
    text = report.markdown(sample_report())
    assert "| Internal links | 1.00 s | ±0% | 1.00 s (±0%) | 10 pages/s | 100 / 100 MiB |" in text
    assert "met (< 2.00 s)" in text
    assert "| Whole site | 70.0 s | ±11% |" in text and "**missed** (< 60.0 s)" in text
    assert "| LinkChecker vs ours | 5.0× | same pages |" in text
    assert "| 500 | 60.0 s | 120 ms |" in text
    assert "- Whole site: two lines build at once" in text
    assert "- a note" in text


def test_a_single_run_has_no_spread():
    sample = sample_report()
    sample.figures.append(report.Figure("test", "make test", "make test", [run(300)]))
    assert "| make test | 300.0 s | one run | 300.0 s (one run) |" in report.markdown(sample)


def test_memory_goal_ignores_other_tools():
    assert sample_report().memory_met() is True


def test_json_report_round_trips(tmp_path):
    json_path, md_path = report.write(sample_report(), tmp_path / "bench")
    data = json.loads(json_path.read_text())
    assert data["comparisons"][0]["ratio"] == pytest.approx(5.0)
    assert [f["goal_met"] for f in data["figures"]] == [True, None, False]
    assert data["scaling"][1]["per_page_ms"]["build"] == pytest.approx(120.0)
    assert md_path.read_text().startswith("# Benchmark results")


def test_memory_goal_judges_the_largest_process():
    sample = sample_report()
    sample.figure("site").runs.append(run(70, memory=1500))
    assert sample.memory_met() is False


def test_a_report_read_back_from_json_renders_the_same():
    sample = sample_report()
    again = report.from_json(json.loads(json.dumps(sample.as_json())))
    assert report.markdown(again) == report.markdown(sample)


def test_scaling_growth_is_judged_against_the_goal_and_the_previous_run():
    sample = sample_report()
    sample.scaling = [
        report.ScalePoint(100, 10.0, 0.5, 2.0, 400, site_s=20.0, build_cpu_s=12.0),
        report.ScalePoint(2000, 240.0, 10.0, 9.0, 1900, site_s=800.0, build_cpu_s=288.0),
    ]
    sample.previous = report.Previous(
        "the run before",
        {"links": {"wall_s": 7.5, "cpu_s": 9.0}},
        {100: {"build": 71.0}, 2000: {"build": 228.0}},
    )
    text = report.markdown(sample)
    growth = "| Time per page at 2,000 pages over 100 pages, "
    assert f"{growth}HTML build, wall | at most 1.3× | 1.20× | 3.21× | met |" in text
    assert f"{growth}HTML build, CPU | at most 1.3× | 1.20× | – | met |" in text
    assert f"{growth}versioned site, wall | at most 1.3× | 2.00× | – | **missed** |" in text
    assert "versioned site, CPU" not in text, "a measure not taken has no row"
    assert "| 2,000 | 240.0 s | 120 ms |" in text and "| 400 ms | – | 228 ms |" in text
    assert "| Internal links | 1.00 s |" in text and "| 7.50 s (9.00 s) |" in text
    assert "Before: the run before." in text
    again = report.from_json(json.loads(json.dumps(sample.as_json())))
    assert report.markdown(again) == text


def test_every_goal_has_a_row_with_its_figure_before_and_verdict():
    sample = sample_report()
    sample.previous = report.Previous("before", {"site": {"wall_s": 90.0, "cpu_s": 120.0}}, {})
    text = report.markdown(sample)
    goals = text.split("## Goals", 1)[1].split("## Figures", 1)[0]
    assert "| Internal links | under 2.00 s | 1.00 s (1.00 s) | – | met |" in goals
    site = "| Whole site | under 60.0 s | 70.0 s (70.0 s) | 90.0 s (120.0 s) | **missed** |"
    assert site in goals
    assert "LinkChecker" not in goals, "a figure without a goal has no row"


def test_a_kept_report_is_the_next_runs_previous(tmp_path):
    kept = tmp_path / "previous.json"
    report.keep(sample_report(), kept)
    previous = report.load_previous(kept)
    assert previous.figures["links"] == {"wall_s": 1.0, "cpu_s": 1.0}
    assert previous.scaling[500]["build"] == pytest.approx(120.0)
    assert "2026-11-25" in previous.source
    assert report.load_previous(tmp_path / "none.json") is None


def test_the_committed_previous_figures_load():
    previous = report.load_previous(ROOT / "benchmarks" / "previous.json")
    # The run of 26 November 2026 (benchmarks/RESULTS.md): 2.39 s, and 0.80x per page.
    assert previous.figures["rebuild-guide"]["wall_s"] == pytest.approx(2.39, abs=0.005)
    assert previous.scaling[2000]["build"] / previous.scaling[100]["build"] == pytest.approx(
        0.80, abs=0.005
    )


def test_the_committed_results_name_no_folder_of_one_machine():
    text = (ROOT / "benchmarks" / "RESULTS.md").read_text()
    found = re.findall(r"(?<![\w.])/(?:work|tmp|home|root|usr|opt|Users)/\S*", text)
    assert not found, f"RESULTS.md names paths of one machine, not of the repository: {found}"
