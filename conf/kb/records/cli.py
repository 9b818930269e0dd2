"""``python -m kb.records check DOCS`` and ``python -m kb.records new KIND ...``.

``check`` runs the same checks as the Sphinx build, without Sphinx, and prints one
``file:line: problem; fix`` line per problem (exit 1 when there is any).  ``new`` writes a
record from its template (exit 2 when it cannot, for example because the file exists).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.records import schema
from kb.records.crosscheck import crosscheck
from kb.records.load import load_tree
from kb.records.scaffold import ScaffoldError, create

ALIASES = {"meeting": "minutes"}


def check(docs: Path) -> int:
    if not (docs / "records").is_dir():
        print(
            f"{docs}: has no records/ folder; give the documentation root, such as docs",
            file=sys.stderr,
        )
        return 2
    records, problems = load_tree(docs)
    problems += crosscheck(records)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in the records under {docs}", file=sys.stderr)
        return 1
    print(f"{len(records)} records checked, no problems")
    return 0


def new(args: argparse.Namespace) -> int:
    kind = ALIASES.get(args.kind, args.kind)
    try:
        path = create(kind, args.docs, date=args.date, body=args.body, name=args.name)
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"{path}: written; replace every TODO, then run 'python -m kb.records check {args.docs}'")
    return 0


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="python -m kb.records",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = main_parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="check every record under DOCS/records")
    check_parser.add_argument("docs", type=Path, help="the documentation root, such as docs")
    new_parser = commands.add_parser("new", help="write a new record from its template")
    new_parser.add_argument("kind", choices=[*schema.KINDS, *ALIASES])
    new_parser.add_argument(
        "--docs", type=Path, default=Path("docs"), help="the documentation root (default: docs)"
    )
    new_parser.add_argument(
        "--date",
        help="minutes and decisions: YYYY-MM-DD; events and funding: a day, a month or a year",
    )
    new_parser.add_argument("--body", help=f"minutes: one of {', '.join(schema.BODIES)}")
    new_parser.add_argument("--name", help="file-name slug (minutes: defaults to the body)")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return check(args.docs) if args.command == "check" else new(args)
