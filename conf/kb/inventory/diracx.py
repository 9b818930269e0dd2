"""DiracX inventory: python -m kb.inventory.diracx [--versions X.Y.Z ...] [--out DIR] [--cache DIR].

For each DiracX version (default: the ``diracx`` versions in conf/data/releases.toml) it reads
the ``dirac`` command of the diracx-cli wheel and the configuration models of the diracx-core
wheel of that version, and writes conf/data/inventory/diracx-<version>.json.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb import paths
from kb.problems import InventoryError

from .build import write
from .config_schema import config_schema
from .typer_cli import dirac_command
from .versions import check_version, checked_versions
from .wheel import Wheel, fetch_wheel

CLI_PACKAGE = "diracx-cli"
CORE_PACKAGE = "diracx-core"


def inventory(cli_wheel: Path, core_wheel: Path, version: str) -> dict:
    with Wheel(cli_wheel) as cli, Wheel(core_wheel) as core:
        return {
            "version": version,
            "packages": {CLI_PACKAGE: version, CORE_PACKAGE: version},
            "cli": dirac_command(cli),
            "config_schema": config_schema(core),
        }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.inventory.diracx", description=__doc__)
    parser.add_argument("--versions", nargs="+", metavar="X.Y.Z")
    parser.add_argument("--out", type=Path, default=paths.INVENTORY)
    parser.add_argument("--cache", type=Path, default=paths.ROOT / "_build" / "wheels")
    args = parser.parse_args(argv)
    try:
        versions = [check_version(v) for v in args.versions or checked_versions(key="diracx")]
        for version in versions:
            record = inventory(
                fetch_wheel(args.cache, version, CLI_PACKAGE),
                fetch_wheel(args.cache, version, CORE_PACKAGE),
                version,
            )
            path = write(record, args.out, "diracx")
            print(f"DiracX {version}: {path}")
    except InventoryError as exc:
        print(f"kb.inventory.diracx: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
