"""Command line: python -m kb.inventory [--versions X.Y.Z ...] [--out DIR] [--cache DIR]."""

import argparse
import sys
from pathlib import Path

from kb import paths
from kb.problems import InventoryError

from . import db_schema
from .build import inventory, write
from .components import open_components
from .versions import check_version, checked_versions
from .wheel import Wheel, fetch_wheel


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m kb.inventory", description=__doc__)
    parser.add_argument(
        "--versions",
        nargs="+",
        metavar="X.Y.Z",
        help="DIRAC versions to read (default: the `checked` versions in conf/data/releases.toml)",
    )
    parser.add_argument("--out", type=Path, default=paths.INVENTORY, help="output folder")
    parser.add_argument(
        "--cache",
        type=Path,
        default=paths.ROOT / "_build" / "wheels",
        help="folder of downloaded wheels, reused when the wheel is already there",
    )
    parser.add_argument(
        "--wheel",
        type=Path,
        help="read this wheel file instead of downloading (needs one --versions)",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        versions = [check_version(v) for v in args.versions or checked_versions()]
        if args.wheel and len(versions) != 1:
            raise InventoryError(
                "--wheel reads one wheel: give exactly one version with --versions"
            )
        for version in versions:
            wheel = args.wheel or fetch_wheel(args.cache, version)
            record = inventory(wheel, version)
            path = write(record, args.out)
            print(f"{version}: {path}")
            if version in db_schema.versions():
                with Wheel(wheel) as opened:
                    tables = db_schema.schema(opened)
                print(f"{version}: {db_schema.write(version, tables, args.out)}")
            unchecked = open_components(record)
            if unchecked:
                print(
                    f"  {len(unchecked)} open components, whose options are not checked (their "
                    f"code builds option names at run time): {', '.join(unchecked)}"
                )
    except InventoryError as exc:
        print(f"kb.inventory: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
