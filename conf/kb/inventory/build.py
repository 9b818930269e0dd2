"""Assemble the inventory record of one DIRAC wheel, write any inventory record as deterministic
JSON, and the command line that the DIRAC and DiracX inventories share."""

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from packaging.version import Version

from kb import paths, releases
from kb.examples.inventory import inventory_file
from kb.problems import InventoryError, ProblemError

from .commandline import common_switches, script_description, script_interface
from .components import components, kind_options
from .names import ce_types, cloudce_keys, module_names
from .sources import SourceIndex
from .wheel import Wheel

_VERSION = re.compile(r"\d+\.\d+\.\d+")


def inventory(wheel_path: Path, version: str) -> dict:
    with Wheel(wheel_path) as wheel:
        index = SourceIndex(wheel)
        scripts = {
            name: target
            | {"description": script_description(index, target["module"])}
            | script_interface(index, target["module"], target["function"])
            for name, target in sorted(wheel.console_scripts().items())
        }
        return {
            "version": version,
            "scripts": scripts,
            "common_switches": common_switches(index),
            "modules": module_names(index),
            "ce_types": ce_types(index),
            "cloudce_keys": cloudce_keys(index),
            "components": components(index),
            "component_kinds": kind_options(index),
            # last, once every module is read: those left out of "modules" (and scripts marked
            # incomplete) because Python 3.11 cannot parse them
            "unparsable_modules": dict(sorted(index.unparsable.items())),
        }


def render(record: dict) -> str:
    return json.dumps(record, sort_keys=True, indent=1) + "\n"


def write(record: dict, out_dir: Path, product: str = "DIRAC") -> Path:
    """Write the record of one version of ``product`` into ``out_dir``; return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = inventory_file(record["version"], out_dir, product)
    path.write_text(render(record), encoding="utf-8")
    return path


def checked_versions(releases_toml: Path = releases.DATA, key: str = "checked") -> list[str]:
    """The DIRAC versions (``key="checked"``) or DiracX versions (``key="diracx"``) that the
    release lines check, oldest first (releases.toml's schema makes each one X.Y.Z)."""
    try:
        lines = releases.lines(releases_toml)
    except ProblemError as exc:
        raise InventoryError(str(exc)) from None
    return sorted({version for line in lines for version in getattr(line, key)}, key=Version)


def command_line(module: str, description: str, key: str) -> argparse.ArgumentParser:
    """The options of both inventory commands (``python -m <module>``); ``key`` names their
    versions in releases.toml."""
    parser = argparse.ArgumentParser(prog=f"python -m {module}", description=description)
    parser.add_argument(
        "--versions",
        nargs="+",
        metavar="X.Y.Z",
        help=f"versions to read (default: the `{key}` versions in conf/data/releases.toml)",
    )
    parser.add_argument("--out", type=Path, default=paths.INVENTORY, help="output folder")
    parser.add_argument(
        "--cache",
        type=Path,
        default=paths.ROOT / "_build" / "wheels",
        help="folder of downloaded wheels, reused when the wheel is already there",
    )
    return parser


def run(module: str, asked: list[str] | None, key: str, read: Callable[[list[str]], None]) -> int:
    """``read`` the versions asked for (default: releases.toml's ``key`` versions); an
    InventoryError ends the command with a one-line message and status 2."""
    try:
        versions = asked or checked_versions(key=key)
        for version in versions:
            if not _VERSION.fullmatch(version):
                raise InventoryError(
                    f"command line: {version!r} is not a DIRAC release version; write it as "
                    "X.Y.Z, e.g. 9.0.28"
                )
        read(versions)
    except InventoryError as exc:
        print(f"{module}: error: {exc}", file=sys.stderr)
        return 2
    return 0
