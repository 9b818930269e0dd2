"""DiracX inventory: python -m kb.inventory.diracx [--versions X.Y.Z ...] [--out DIR] [--cache DIR].

For each DiracX version (default: the ``diracx`` versions in conf/data/releases.toml) it reads
the ``dirac`` command of the diracx-cli wheel and the configuration models of the diracx-core
wheel of that version, and writes conf/data/inventory/diracx-<version>.json.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb import paths, releases
from kb.examples.inventory import inventory_file
from kb.problems import InventoryError

from .build import render
from .config_schema import config_schema
from .download import fetch_wheel
from .typer_cli import dirac_command
from .versions import check_version, sort_key
from .wheel import Wheel

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


def checked_versions() -> list[str]:
    """The DiracX versions of every release line (releases.toml's schema makes each X.Y.Z)."""
    return sorted({version for line in releases.lines() for version in line.diracx}, key=sort_key)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.inventory.diracx", description=__doc__)
    parser.add_argument("--versions", nargs="+", metavar="X.Y.Z")
    parser.add_argument("--out", type=Path, default=paths.DATA / "inventory")
    parser.add_argument("--cache", type=Path, default=paths.ROOT / "_build" / "wheels")
    args = parser.parse_args(argv)
    try:
        versions = [check_version(v) for v in args.versions or checked_versions()]
        for version in versions:
            record = inventory(
                fetch_wheel(args.cache, version, CLI_PACKAGE),
                fetch_wheel(args.cache, version, CORE_PACKAGE),
                version,
            )
            path = inventory_file(version, args.out, "diracx")
            args.out.mkdir(parents=True, exist_ok=True)
            path.write_text(render(record), encoding="utf-8")
            print(f"DiracX {version}: {path}")
    except InventoryError as exc:
        print(f"kb.inventory.diracx: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
