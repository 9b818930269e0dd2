"""Command line: python -m kb.inventory [--versions X.Y.Z ...] [--out DIR] [--cache DIR]."""

import sys
from pathlib import Path

from kb.problems import InventoryError

from . import db_schema
from .build import command_line, inventory, run, write
from .components import open_components
from .wheel import Wheel, fetch_wheel


def main(argv=None) -> int:
    parser = command_line("kb.inventory", __doc__, "checked")
    parser.add_argument(
        "--wheel",
        type=Path,
        help="read this wheel file instead of downloading (needs one --versions)",
    )
    args = parser.parse_args(argv)

    def read(versions: list[str]) -> None:
        if args.wheel and len(versions) != 1:
            raise InventoryError(
                "--wheel reads one wheel: give exactly one version with --versions"
            )
        for version in versions:
            wheel = args.wheel or fetch_wheel(args.cache, version)
            record = inventory(wheel, version)
            print(f"{version}: {write(record, args.out)}")
            if version in db_schema.versions():
                with Wheel(wheel) as opened:
                    schema = {"version": version, "databases": db_schema.schema(opened)}
                print(f"{version}: {write(schema, args.out, 'db-schema')}")
            unchecked = open_components(record)
            if unchecked:
                print(
                    f"  {len(unchecked)} open components, whose options are not checked (their "
                    f"code builds option names at run time): {', '.join(unchecked)}"
                )

    return run("kb.inventory", args.versions, "checked", read)


if __name__ == "__main__":
    sys.exit(main())
