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


@dataclass(frozen=True)
class ScalePoint:
    pages: int
    build_s: float
    links_s: float
    examples_s: float
    blocks: int

    def per_page_ms(self) -> dict[str, float]:
        return {
            name: 1000 * seconds / self.pages
            for name, seconds in (
                ("build", self.build_s),
                ("links", self.links_s),
                ("examples", self.examples_s),
            )
        }


@dataclass
class Report:
    machine: dict
    settings: dict
    figures: list[Figure]
    comparisons: list[Comparison] = field(default_factory=list)
    scaling: list[ScalePoint] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    memory_goal_mib: float = GIB_MIB

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
            "notes": self.notes,
        }


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _spread(summary: Stats, figure: Figure) -> str:
    return f"±{summary.spread:.0%}" if len(figure.runs) > 1 else "one run"


def _verdict(met: bool | None, limit: str) -> str:
    if met is None:
        return "–"
    return f"met (< {limit})" if met else f"**missed** (< {limit})"


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
        "## Figures",
        "",
        "| Figure | Median | Spread | CPU (spread) | Rate | Peak memory (one / all) | Goal |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for figure in report.figures:
        wall, cpu = figure.stats(), figure.stats("cpu_s")
        rates = ", ".join(f"{value:,.0f} {name}" for name, value in figure.rates().items())
        limit = _seconds(figure.goal.limit) if figure.goal else ""
        out.append(
            f"| {figure.title} | {_seconds(wall.median)} | {_spread(wall, figure)} | "
            f"{_seconds(cpu.median)} ({_spread(cpu, figure)}) | {rates or '–'} | "
            f"{figure.peak_process_mib():,.0f} / {figure.peak_tree_mib():,.0f} MiB | "
            f"{_verdict(figure.goal_met(), limit)} |"
        )
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
            "| Pages | Build | per page | Link check | per page | Examples (blocks) | per page |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for point in report.scaling:
            per = point.per_page_ms()
            out.append(
                f"| {point.pages:,} | {_seconds(point.build_s)} | {per['build']:.0f} ms | "
                f"{_seconds(point.links_s)} | {per['links']:.1f} ms | "
                f"{_seconds(point.examples_s)} ({point.blocks:,}) | {per['examples']:.1f} ms |"
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
        ScalePoint(p["pages"], p["build_s"], p["links_s"], p["examples_s"], p["blocks"])
        for p in data["scaling"]
    ]
    return Report(
        data["machine"],
        data["settings"],
        figures,
        comparisons,
        scaling,
        data["notes"],
        data["memory_goal_mib"],
    )


if __name__ == "__main__":
    # python -m benchmarks.report _build/bench/report.json: render report.md again.
    source = Path(sys.argv[1])
    write(from_json(json.loads(source.read_text(encoding="utf-8"))), source.parent)
