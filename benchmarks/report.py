"""Turn measured runs into the benchmark report: statistics, goals, ratios, JSON and Markdown.

Everything here is pure: it takes numbers and returns numbers or text, so the tests can check
it without timing anything.
"""

from __future__ import annotations

import json
import statistics
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

GIB_MIB = 1024.0


@dataclass(frozen=True)
class Stats:
    median: float
    low: float
    high: float

    @property
    def spread(self) -> float:
        """Half the range, relative to the median: 0.05 means the runs lie within ±5 %."""
        return (self.high - self.low) / 2 / self.median if self.median else 0.0


def stats(values: list[float]) -> Stats:
    if not values:
        raise ValueError("no runs to summarize: measure at least one")
    return Stats(statistics.median(values), min(values), max(values))


@dataclass(frozen=True)
class Goal:
    """A figure meets its goal when its median wall time stays under ``limit`` seconds."""

    limit: float

    def met(self, value: float) -> bool:
        return value < self.limit


@dataclass
class Figure:
    key: str
    title: str
    command: str
    runs: list[dict]
    """One entry per run: wall_s, cpu_s, peak_rss_mib, peak_tree_rss_mib."""
    goal: Goal | None = None
    work: dict[str, int] = field(default_factory=dict)
    """How much the command did, such as {"pages": 80, "links": 9000}: gives the rates."""
    note: str = ""
    ours: bool = True
    """False for another tool measured for comparison: the memory goal is not its."""

    def stats(self, measure: str = "wall_s") -> Stats:
        return stats([run[measure] for run in self.runs])

    def peak_process_mib(self) -> float:
        """The largest resident set of any one process: exact, and what the goal judges."""
        return max(run["peak_rss_mib"] for run in self.runs)

    def peak_tree_mib(self) -> float:
        """The largest sum over the processes alive at once: an upper bound, since pages
        shared between processes (forked workers, libraries) count once per process."""
        return max(run["peak_tree_rss_mib"] for run in self.runs)

    def rates(self) -> dict[str, float]:
        """Work done per second of median wall time, such as {"pages/s": 40.1}."""
        seconds = self.stats().median
        return {f"{name}/s": amount / seconds for name, amount in self.work.items() if seconds}

    def goal_met(self) -> bool | None:
        return None if self.goal is None else self.goal.met(self.stats().median)

    def as_json(self) -> dict:
        wall = self.stats()
        return {
            "key": self.key,
            "title": self.title,
            "command": self.command,
            "runs": self.runs,
            "wall_s": {**asdict(wall), "spread": wall.spread},
            "cpu_s": asdict(self.stats("cpu_s")),
            "peak_tree_rss_mib": self.peak_tree_mib(),
            "peak_rss_mib": self.peak_process_mib(),
            "work": self.work,
            "rates": self.rates(),
            "goal": asdict(self.goal) if self.goal else None,
            "goal_met": self.goal_met(),
            "note": self.note,
            "ours": self.ours,
        }


@dataclass(frozen=True)
class Comparison:
    """Two figures measured on the same input in the same run; ``ratio`` = other / ours."""

    title: str
    ours: str
    other: str
    comparable: str
    """What the two tools do alike, and what differs."""


SCALING_GOAL = 1.3
"""A linear build: time per page at the largest size at most this many times the smallest's."""


@dataclass(frozen=True)
class ScalePoint:
    pages: int
    build_s: float
    links_s: float
    examples_s: float
    blocks: int
    site_s: float | None = None
    """The whole versioned site (make site); None where it was not measured."""
    build_cpu_s: float | None = None
    site_cpu_s: float | None = None

    def per_page_ms(self) -> dict[str, float]:
        seconds = {
            "build": self.build_s,
            "links": self.links_s,
            "examples": self.examples_s,
            "site": self.site_s,
            "build_cpu": self.build_cpu_s,
            "site_cpu": self.site_cpu_s,
        }
        return {name: 1000 * value / self.pages for name, value in seconds.items() if value}


def growth(points: list[ScalePoint], measure: str) -> tuple[int, int, float] | None:
    """(smallest size, largest size, ratio of their times per page) for ``measure``."""
    measured = sorted((p for p in points if measure in p.per_page_ms()), key=lambda p: p.pages)
    if len(measured) < 2:
        return None
    small, large = measured[0], measured[-1]
    return small.pages, large.pages, large.per_page_ms()[measure] / small.per_page_ms()[measure]


@dataclass(frozen=True)
class Previous:
    """The figures of an earlier run, shown beside the new ones (benchmarks/previous.json)."""

    source: str
    """Which run they come from: date, commit, report."""
    figures: dict[str, dict[str, float]]
    """By figure key: the median wall_s and cpu_s."""
    scaling: dict[int, dict[str, float]]
    """By number of pages: the times per page in ms, as ScalePoint.per_page_ms names them."""

    def as_json(self) -> dict:
        return {"source": self.source, "figures": self.figures, "scaling": self.scaling}


def previous_from_json(data: dict) -> Previous:
    scaling = {int(pages): per_page for pages, per_page in data["scaling"].items()}
    return Previous(data["source"], data["figures"], scaling)


def previous_from_report(report: Report, source: str) -> Previous:
    """What a report keeps for the next run to compare with (python -m benchmarks.report --keep)."""
    figures = {
        f.key: {"wall_s": f.stats().median, "cpu_s": f.stats("cpu_s").median}
        for f in report.figures
    }
    scaling = {p.pages: p.per_page_ms() for p in report.scaling}
    return Previous(source, figures, scaling)


@dataclass
class Report:
    machine: dict
    settings: dict
    figures: list[Figure]
    comparisons: list[Comparison] = field(default_factory=list)
    scaling: list[ScalePoint] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    memory_goal_mib: float = GIB_MIB
    previous: Previous | None = None

    def figure(self, key: str) -> Figure:
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(f"no figure {key!r} in the report; known: {[f.key for f in self.figures]}")

    def ratio(self, comparison: Comparison) -> float:
        other, ours = self.figure(comparison.other), self.figure(comparison.ours)
        return other.stats().median / ours.stats().median

    def memory_met(self) -> bool:
        return all(f.peak_process_mib() < self.memory_goal_mib for f in self.figures if f.ours)

    def as_json(self) -> dict:
        return {
            "machine": self.machine,
            "settings": self.settings,
            "figures": [figure.as_json() for figure in self.figures],
            "comparisons": [{**asdict(c), "ratio": self.ratio(c)} for c in self.comparisons],
            "scaling": [{**asdict(p), "per_page_ms": p.per_page_ms()} for p in self.scaling],
            "memory_goal_mib": self.memory_goal_mib,
            "memory_goal_met": self.memory_met(),
            "scaling_goal": SCALING_GOAL,
            "notes": self.notes,
            "previous": self.previous.as_json() if self.previous else None,
        }


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _spread(summary: Stats, figure: Figure) -> str:
    return f"±{summary.spread:.0%}" if len(figure.runs) > 1 else "one run"


def _verdict(met: bool | None, limit: str) -> str:
    if met is None:
        return "–"
    return f"met (< {limit})" if met else f"**missed** (< {limit})"


def _before(previous: Previous | None, key: str) -> str:
    figure = previous.figures.get(key) if previous else None
    if not figure:
        return "–"
    return f"{_seconds(figure['wall_s'])} ({_seconds(figure['cpu_s'])})"


def _ms(per_page: dict[str, float], measure: str) -> str:
    return f"{per_page[measure]:.0f} ms" if measure in per_page else "–"


GROWTHS = (
    ("build", "HTML build, wall"),
    ("build_cpu", "HTML build, CPU"),
    ("site", "versioned site, wall"),
    ("site_cpu", "versioned site, CPU"),
)
"""The scaling measures judged against :data:`SCALING_GOAL`, with their titles."""


def _growth_before(report: Report, measure: str, small: int, large: int) -> str:
    old = report.previous.scaling if report.previous else {}
    if measure in old.get(small, {}) and measure in old.get(large, {}):
        return f"{old[large][measure] / old[small][measure]:.2f}×"
    return "–"


def _goal_rows(report: Report) -> list[str]:
    """One table row per goal: each timed figure that has one, then each scaling measure."""
    rows = []
    for figure in report.figures:
        if figure.goal is None:
            continue
        rows.append(
            f"| {figure.title} | under {_seconds(figure.goal.limit)} | "
            f"{_seconds(figure.stats().median)} ({_seconds(figure.stats('cpu_s').median)}) | "
            f"{_before(report.previous, figure.key)} | "
            f"{'met' if figure.goal_met() else '**missed**'} |"
        )
    for measure, title in GROWTHS:
        found = growth(report.scaling, measure)
        if found is None:
            continue
        small, large, ratio = found
        rows.append(
            f"| Time per page at {large:,} pages over {small:,} pages, {title} | "
            f"at most {SCALING_GOAL}× | {ratio:.2f}× | "
            f"{_growth_before(report, measure, small, large)} | "
            f"{'met' if ratio <= SCALING_GOAL else '**missed**'} |"
        )
    return rows


def markdown(report: Report) -> str:
    """The report as Markdown, for benchmarks/RESULTS.md and the README."""
    machine = report.machine
    out = [
        "# Benchmark results",
        "",
        f"Measured {machine.get('date', '?')} on {machine.get('cpu', '?')}, "
        f"{machine.get('cores', '?')} cores, {machine.get('memory_gib', '?')} GiB, "
        f"{machine.get('system', '?')}; Python {machine.get('python', '?')}, "
        f"Sphinx {machine.get('sphinx', '?')}; commit {machine.get('commit', '?')}.",
        f"Each figure is the median of {report.settings.get('runs', '?')} runs; the spread is "
        "half the range of the runs, relative to the median. Peak memory is the largest "
        "resident set of one process, then of all the command's processes together (an upper "
        "bound: memory they share counts once for each). CPU is user and system time of all "
        "the processes: on a machine shared with other work its spread stays small where the "
        "wall time's grows.",
        "",
        "## Goals",
        "",
        "Each goal beside the run before's figure (median wall time, CPU in brackets; for "
        "scaling, the time per page at the largest size over the smallest's).",
        "",
        "| Figure | Goal | Now | Before | Verdict |",
        "| --- | --- | --- | --- | --- |",
        *_goal_rows(report),
        "",
        "## Figures",
        "",
        "| Figure | Median | Spread | CPU (spread) | Rate | Peak memory (one / all) | Goal | "
        "Before: median (CPU) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for figure in report.figures:
        wall, cpu = figure.stats(), figure.stats("cpu_s")
        rates = ", ".join(f"{value:,.0f} {name}" for name, value in figure.rates().items())
        limit = _seconds(figure.goal.limit) if figure.goal else ""
        out.append(
            f"| {figure.title} | {_seconds(wall.median)} | {_spread(wall, figure)} | "
            f"{_seconds(cpu.median)} ({_spread(cpu, figure)}) | {rates or '–'} | "
            f"{figure.peak_process_mib():,.0f} / {figure.peak_tree_mib():,.0f} MiB | "
            f"{_verdict(figure.goal_met(), limit)} | {_before(report.previous, figure.key)} |"
        )
    if report.previous:
        out += ["", f"Before: {report.previous.source}."]
    out += [
        "",
        "Peak memory goal (no process of the knowledge base's own tools over "
        f"{report.memory_goal_mib:,.0f} MiB): "
        f"{'met' if report.memory_met() else '**missed**'}.",
        "",
        "Commands:",
        "",
        *[f"- {figure.title}: `{figure.command}`" for figure in report.figures],
    ]
    if report.comparisons:
        out += [
            "",
            "## Side by side",
            "",
            "Same run, same input. The ratio is the median time of the first tool named over "
            "the second's.",
            "",
            "| Comparison | Time ratio | What is compared |",
            "| --- | --- | --- |",
        ]
        for comparison in report.comparisons:
            out.append(
                f"| {comparison.title} | {report.ratio(comparison):.1f}× | "
                f"{comparison.comparable} |"
            )
    if report.scaling:
        out += [
            "",
            "## Scaling",
            "",
            "Synthetic knowledge bases (benchmarks/synthetic.py): the real pages plus generated "
            "guides and event records. Time per page should stay flat; a rise shows "
            "superlinear growth.",
            "",
            "| Pages | Build | per page | Link check | per page | Examples (blocks) | per page | "
            "Build CPU per page | Site | per page | Site CPU per page | Build per page before |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for point in report.scaling:
            per = point.per_page_ms()
            before = (report.previous.scaling if report.previous else {}).get(point.pages, {})
            out.append(
                f"| {point.pages:,} | {_seconds(point.build_s)} | {per['build']:.0f} ms | "
                f"{_seconds(point.links_s)} | {per['links']:.1f} ms | "
                f"{_seconds(point.examples_s)} ({point.blocks:,}) | {per['examples']:.1f} ms | "
                f"{_ms(per, 'build_cpu')} | {_seconds(point.site_s) if point.site_s else '–'} | "
                f"{_ms(per, 'site')} | {_ms(per, 'site_cpu')} | {_ms(before, 'build')} |"
            )
    notes = report.notes + [
        f"{figure.title}: {figure.note}" for figure in report.figures if figure.note
    ]
    if notes:
        out += ["", "## Notes", "", *[f"- {note}" for note in notes]]
    return "\n".join(out) + "\n"


def write(report: Report, folder: Path) -> tuple[Path, Path]:
    """Write ``report.json`` and ``report.md`` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    as_json = folder / "report.json"
    as_md = folder / "report.md"
    as_json.write_text(json.dumps(report.as_json(), indent=1) + "\n", encoding="utf-8")
    as_md.write_text(markdown(report), encoding="utf-8")
    return as_json, as_md


def from_json(data: dict) -> Report:
    """The report that :meth:`Report.as_json` wrote, to render it again."""
    figures = [
        Figure(
            f["key"],
            f["title"],
            f["command"],
            f["runs"],
            Goal(f["goal"]["limit"]) if f["goal"] else None,
            f["work"],
            f["note"],
            f["ours"],
        )
        for f in data["figures"]
    ]
    comparisons = [
        Comparison(c["title"], c["ours"], c["other"], c["comparable"]) for c in data["comparisons"]
    ]
    scaling = [
        ScalePoint(**{k: v for k, v in p.items() if k != "per_page_ms"}) for p in data["scaling"]
    ]
    previous = data.get("previous")
    return Report(
        data["machine"],
        data["settings"],
        figures,
        comparisons,
        scaling,
        data["notes"],
        data["memory_goal_mib"],
        previous_from_json(previous) if previous else None,
    )


def load_previous(path: Path) -> Previous | None:
    """The figures kept from an earlier run, or None where there are none."""
    if not path.is_file():
        return None
    return previous_from_json(json.loads(path.read_text(encoding="utf-8")))


def keep(report: Report, path: Path) -> None:
    """Keep ``report``'s figures in ``path`` (benchmarks/previous.json) for the next run."""
    machine = report.machine
    source = f"the run of {machine.get('date', '?')}, commit {machine.get('commit', '?')}"
    data = previous_from_report(report, source).as_json()
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    # python -m benchmarks.report _build/bench/report.json: render report.md again;
    # with --keep, also keep its figures in benchmarks/previous.json for the next run.
    source = Path(sys.argv[1])
    measured = from_json(json.loads(source.read_text(encoding="utf-8")))
    write(measured, source.parent)
    if "--keep" in sys.argv[2:]:
        keep(measured, Path(__file__).with_name("previous.json"))
