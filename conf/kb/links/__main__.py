"""``python -m kb.links internal|external``: the checks of make check-links and make linkcheck."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from kb import paths
from kb.links import config, internal, navigation, outputs
from kb.problems import ProblemError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.links", description=__doc__)
    parser.add_argument("--config", type=Path, default=config.DEFAULT_PATH)
    parser.add_argument(
        "--docs",
        type=Path,
        default=paths.DOCS,
        help="the Markdown pages the site is built from",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    inside = commands.add_parser("internal", help="check the links inside the built site")
    inside.add_argument(
        "html",
        type=Path,
        nargs="+",
        help="the folders 'make html' and 'make site' build into",
    )
    outside = commands.add_parser("external", help="check every external URL")
    outside.add_argument("html", type=Path, help="the folder 'make html' builds into")
    outside.add_argument("--bib", type=Path, default=paths.ROOT / "refs.bib")
    outside.add_argument("--records", type=Path, help="default: DOCS/records")
    outside.add_argument(
        "--report",
        type=Path,
        help="folder of report.txt and report.json; default: HTML/../linkcheck",
    )
    args = parser.parse_args(argv)
    try:
        settings = config.load(args.config)
        sources = outputs.SourceMap(args.docs, args.docs.parent)
        if args.command == "internal":
            found = [out for html in args.html for out in outputs.find(html, settings.skip_dirs)]
            return run_internal(found, settings, sources)
        # The external check's network stack and bibliography reader load only for it.
        from kb.links import external

        found = outputs.find(args.html, settings.skip_dirs)
        return external.run(found, settings, sources, args)
    except (ProblemError, FileNotFoundError, internal.LycheeError, outputs.SourceError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def run_internal(
    found: list[outputs.Output], settings: config.Settings, sources: outputs.SourceMap
) -> int:
    started = time.perf_counter()
    failures, lost, pages = [], [], 0
    runs = [internal.start(output) for output in found]
    for output in found:
        pages += len(output.pages())
        lost += navigation.orphans(output, settings.navigation, sources)
    for run in runs:
        failures += run.failures(sources)
    # Each release line repeats the failures of the pages they share: name each once.
    failures = list({(f.source, f.target, f.problem): f for f in reversed(failures)}.values())
    lost = sorted(set(lost), key=str)
    for failure in reversed(failures):
        print(failure)
    for orphan in lost:
        print(f"{orphan}: add the page to the toctree of its section's index.md")
    elapsed = time.perf_counter() - started
    print(
        f"Checked the links of {pages} pages in {len(found)} output(s) in {elapsed:.1f} s: "
        f"{len(failures)} broken, {len(lost)} orphan page(s)."
    )
    return 1 if failures or lost else 0


if __name__ == "__main__":
    sys.exit(main())
