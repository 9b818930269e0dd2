"""DiracX inventory: python -m kb.inventory.diracx [--versions X.Y.Z ...] [--out DIR] [--cache DIR].

For each DiracX version (default: the ``diracx`` versions in conf/data/releases.toml) it reads
the ``dirac`` command of the diracx-cli wheel and the configuration models of the diracx-core
wheel of that version, and writes conf/data/inventory/diracx-<version>.json.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .build import command_line, run, write
from .config_schema import config_schema
from .typer_cli import dirac_command
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
    args = command_line("kb.inventory.diracx", __doc__, "diracx").parse_args(argv)

    def read(versions: list[str]) -> None:
        for version in versions:
            cli = fetch_wheel(args.cache, version, CLI_PACKAGE)
            record = inventory(cli, fetch_wheel(args.cache, version, CORE_PACKAGE), version)
            print(f"DiracX {version}: {write(record, args.out, 'diracx')}")

    return run("kb.inventory.diracx", args.versions, "diracx", read)


if __name__ == "__main__":
    sys.exit(main())
