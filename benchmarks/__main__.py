"""``make bench``: time the real Makefile targets on a scratch copy and write the report.

Writes ``_build/bench/report.json`` and ``report.md``. ``--quick`` (``make bench QUICK=1``)
skips the 2,000-page knowledge base and runs ``make test`` once instead of in every round (it
takes five to six minutes on two cores).
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

from kb import releases

from benchmarks import machine, scratch, synthetic
from benchmarks.measure import CommandFailed, measure
from benchmarks.report import (
    Comparison,
    Figure,
    Goal,
    Report,
    ScalePoint,
    load_previous,
    write,
)

GUIDE = "docs/migration/proxy-init-to-login.md"
PREVIOUS = Path(__file__).with_name("previous.json")
"""The figures of the run before, shown beside the new ones."""
SKIP_DIRS = ("_static", "_sources", "_images", "_downloads")
SIZES = (100, 500, 2000)
LINKCHECKER_RC = "[AnchorCheck]\n"
"""LinkChecker checks #fragments only with this plugin switched on in its configuration."""
SPHINX_OFFLINE = ("-D", r"linkcheck_ignore=^(https?|mailto|ftp):")

COMPARISONS = (
    Comparison(
        "LinkChecker vs make check-links",
        "links",
        "linkchecker",
        "both read the same built pages offline and check every internal link and #fragment; "
        "LinkChecker (AnchorCheck plugin on, every http(s) and mailto URL only syntax-checked) "
        "crawls from index.html, lychee reads every page",
    ),
    Comparison(
        "Sphinx linkcheck vs make check-links",
        "links",
        "sphinx-linkcheck",
        "Sphinx's builder with every http(s) URL ignored, on the same sources with the doctrees "
        "of the HTML build; it checks only links to local files, not pages' #fragments, and "
        "reads its own doctrees rather than the HTML: a cost floor, not the same check",
    ),
    Comparison(
        "Each line built alone vs make site",
        "site",
        "lines-separately",
        "the same four release lines from clean; make site builds them in parallel, two at a "
        "time on two cores, each with its own doctrees so that a second run rebuilds nothing",
    ),
    Comparison(
        "make check-examples vs plain Sybil",
        "plain-sybil",
        "examples",
        "the same pages, collected and run through pytest; plain Sybil only compiles Python "
        "blocks, so the ratio is what the knowledge base's checks add",
    ),
)


class Bench:
    def __init__(self, work: Path, runs: int):
        self.work, self.runs = work, runs
        self.project = scratch.clone(work / "project")
        self.out = work / "out"
        self.logs = work / "logs"
        self.logs.mkdir()
        self.figures: dict[str, Figure] = {}

    def run(
        self,
        key: str,
        title: str,
        command: list[str],
        *,
        cwd: Path | None = None,
        goal: Goal | None = None,
        ours: bool = True,
        allow_failure: bool = False,
        **extra_env: str,
    ) -> Path:
        """Measure ``command`` once more as figure ``key``; return its log."""
        figure = self.figures.setdefault(
            key, Figure(key, title, self.shown(command), [], goal, ours=ours)
        )
        log = self.logs / f"{key}-{len(figure.runs) + 1}.log"
        env = scratch.environment(**extra_env)
        run = measure(command, cwd or self.project, log, env, allow_failure)
        figure.runs.append(vars(run))
        if run.code:
            figure.note = (
                f"exited with {run.code} (log: SCRATCH/{log.relative_to(self.work)}); "
                "its time is of a failing run"
            )
        print(f"  {title}: {run.wall_s:.1f} s, {run.peak_tree_rss_mib:.0f} MiB", flush=True)
        return log

    def shown(self, command: list[str]) -> str:
        """``command`` as the report prints it: scratch paths and make's plumbing left out."""
        text = " ".join(command).replace(f"-C {self.project} -o .venv/.installed ", "")
        for venv in (self.project / ".venv", scratch.VENV):
            text = text.replace(str(venv), ".venv")
        text = text.replace(str(self.work), "SCRATCH")
        return text.replace("--no-print-directory ", "")

    def one_round(self, with_test: bool) -> None:
        html = self.out / "html"
        shutil.rmtree(self.out, ignore_errors=True)
        self.out.mkdir()
        self.out.chmod(0o755)  # LinkChecker drops root privileges to 'nobody' and must read it
        make = lambda target, *o: scratch.make(self.project, target, self.out, *o)  # noqa: E731
        self.run("html", "Clean HTML build, preferred line", make("html"), goal=Goal(20))
        self.run(
            "links",
            "Internal link check, preferred line",
            scratch.python(self.project, "-m", "kb.links", "internal", str(html)),
        )
        rc = self.work / "linkcheckerrc"
        rc.write_text(LINKCHECKER_RC)
        rc.chmod(0o644)
        self.run(
            "linkchecker",
            "LinkChecker, same pages",
            [
                str(scratch.VENV / "bin" / "linkchecker"),
                "-f",
                str(rc),
                "--no-status",
                "--no-warnings",
                "--ignore-url",
                "^(https?|mailto|ftp):",
                str(html / "index.html"),
            ],
            ours=False,
        )
        self.run(
            "sphinx-linkcheck",
            "Sphinx linkcheck builder, offline",
            scratch.python(
                self.project,
                "-m",
                "sphinx",
                "-b",
                "linkcheck",
                "-q",
                *SPHINX_OFFLINE,
                "-d",
                str(html / ".doctrees"),
                "-c",
                "conf",
                "docs",
                str(self.out / "sphinx-linkcheck"),
            ),
            ours=False,
        )
        (self.project / GUIDE).touch()
        self.run("rebuild-guide", "Rebuild after touching one guide", make("html"), goal=Goal(2))
        (self.project / "refs.bib").touch()
        self.run("rebuild-bib", "Rebuild after touching refs.bib", make("html"))
        log = self.run(
            "examples", "Example checks (make check-examples)", make("check-examples"), goal=Goal(5)
        )
        self.figures["examples"].work = {"blocks": scratch.count_passed(log)}
        self.run(
            "plain-sybil",
            "Plain Sybil, same pages",
            scratch.python(
                self.project,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "benchmarks/plain_sybil.py",  # the clone's: the report names no machine's path
            ),
            ours=False,
            KB_BENCH_DOCS=str(self.project / "docs"),
        )
        self.run("site", "Clean build of the whole versioned site", make("site"), goal=Goal(60))
        self.run("site-again", "Versioned site built again, nothing changed", make("site"))
        self.run(
            "links-again",
            "make check-links, nothing changed (HTML and site built)",
            make("check-links"),
            goal=Goal(3),
        )
        self.run(
            "lines-separately",
            "Every line as a separate clean build, one after another",
            ["sh", "-c", self.separate_lines_script()],
            ours=False,
        )
        self.run(
            "links-site",
            "Internal link check, whole site",
            scratch.python(self.project, "-m", "kb.links", "internal", str(self.out / "site")),
            goal=Goal(2),
        )
        self.run("pdf", "PDF build (book and one PDF per guide)", make("pdf"))
        self.run(
            "test-fast",
            "make test-fast (the tests of the edit loop)",
            make("test-fast"),
            goal=Goal(30),
            allow_failure=True,
        )
        if with_test:
            self.run(
                "suite",
                "make test, end to end (lint, build, every test)",
                make("test"),
                goal=Goal(120),
                allow_failure=True,
            )
        self._count_links()

    def separate_lines_script(self) -> str:
        """What ``make site`` saves: each line built alone, as ``make html`` would."""
        builds = [
            " ".join(scratch.make(self.project, "html", self.out / "lines" / line))
            for line in releases.line_names()
        ]
        return " && ".join(
            f"KB_LINE={line} KB_SITE=1 {build}"
            for line, build in zip(releases.line_names(), builds, strict=True)
        )

    def _count_links(self) -> None:
        for key, folder in (("links", self.out / "html"), ("links-site", self.out / "site")):
            pages = scratch.html_pages(folder, SKIP_DIRS)
            self.figures[key].work = {"pages": len(pages), "links": scratch.count_links(pages)}
        self.figures["linkchecker"].work = dict(self.figures["links"].work)

    def scale(self, pages: int) -> ScalePoint:
        project = scratch.clone(self.work / f"scale-{pages}")
        synthetic.grow(project, pages)
        out = self.work / f"scale-{pages}-out"
        timed: dict[str, float] = {}
        blocks = 0
        env = scratch.environment()
        for key, command in (
            ("build", scratch.make(project, "html", out)),
            ("links", scratch.python(project, "-m", "kb.links", "internal", str(out / "html"))),
            ("examples", scratch.make(project, "check-examples", out)),
            ("site", scratch.make(project, "site", out)),
        ):
            log = self.logs / f"scale-{pages}-{key}.log"
            run = measure(command, project, log, env)
            timed[key], timed[f"{key}_cpu"] = run.wall_s, run.cpu_s
            if key == "examples":
                blocks = scratch.count_passed(log)
        shutil.rmtree(out, ignore_errors=True)
        print(f"  {pages} pages: {timed}", flush=True)
        return ScalePoint(
            pages,
            timed["build"],
            timed["links"],
            timed["examples"],
            blocks,
            site_s=timed["site"],
            build_cpu_s=timed["build_cpu"],
            site_cpu_s=timed["site_cpu"],
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (at least 3)")
    parser.add_argument("--quick", action="store_true", help="skip the 2,000-page size")
    parser.add_argument("--out", type=Path, default=scratch.ROOT / "_build" / "bench")
    args = parser.parse_args(argv)
    if args.runs < 3:
        parser.error("--runs must be at least 3: a median and a spread need three runs")
    missing = missing_tools()
    if missing:
        print(
            f"error: make bench needs {' and '.join(missing)}: run 'make lock' and "
            f"'make venv', or '.venv/bin/pip install {' '.join(missing)}'",
            file=sys.stderr,
        )
        return 2
    sizes = SIZES[:-1] if args.quick else SIZES
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as folder:
        work = Path(folder)
        work.chmod(0o755)
        try:
            report = collect(Bench(work, args.runs), sizes, args.quick)
        except (CommandFailed, synthetic.SyntheticError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    json_path, md_path = write(report, args.out)
    print(f"The report is in {json_path} and {md_path}.")
    return 0


def missing_tools() -> list[str]:
    """The PyPI packages of the dev tools that the benchmark uses and this .venv lacks."""
    found = {
        "psutil": importlib.util.find_spec("psutil") is not None,
        "linkchecker": (scratch.VENV / "bin" / "linkchecker").exists(),
    }
    return [name for name, there in found.items() if not there]


def collect(bench: Bench, sizes: tuple[int, ...], quick: bool) -> Report:
    for number in range(bench.runs):
        print(f"Round {number + 1} of {bench.runs}", flush=True)
        bench.one_round(with_test=number == 0 or not quick)
    print("Scaling", flush=True)
    points = [bench.scale(pages) for pages in sizes]
    settings = {"runs": bench.runs, "quick": quick, "sizes": list(sizes)}
    notes = [
        "make test runs lint inside its suite (in the fresh clone), so one run times it end "
        "to end. With --quick it runs once, in the first round, and its spread is not known.",
        "Scaling points are one run each, on a fresh clone grown by benchmarks/synthetic.py.",
    ]
    return Report(
        machine.describe(scratch.ROOT),
        settings,
        list(bench.figures.values()),
        list(COMPARISONS),
        points,
        notes,
        previous=load_previous(PREVIOUS),
    )


if __name__ == "__main__":
    sys.exit(main())
