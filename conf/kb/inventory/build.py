"""Assemble the inventory record of one DIRAC wheel, and write any inventory record as
deterministic JSON."""

import json
from pathlib import Path

from kb.examples.inventory import inventory_file

from .commandline import common_switches, script_description, script_interface
from .components import components, kind_options
from .names import ce_types, cloudce_keys, module_names
from .sources import SourceIndex
from .wheel import Wheel


def inventory(wheel_path: Path, version: str) -> dict:
    with Wheel(wheel_path) as wheel:
        index = SourceIndex(wheel)
        scripts = {}
        for name, target in sorted(wheel.console_scripts().items()):
            scripts[name] = (
                target
                | {"description": script_description(index, target["module"])}
                | script_interface(index, target["module"], target["function"])
            )
        record = {
            "version": version,
            "scripts": scripts,
            "common_switches": common_switches(index),
            "modules": module_names(index),
            "ce_types": ce_types(index),
            "cloudce_keys": cloudce_keys(index),
            "components": components(index),
            "component_kinds": kind_options(index),
        }
        # modules left out of "modules" (and scripts marked incomplete) because Python 3.11
        # cannot parse them
        record["unparsable_modules"] = dict(sorted(index.unparsable.items()))
        return record


def render(record: dict) -> str:
    return json.dumps(record, sort_keys=True, indent=1) + "\n"


def write(record: dict, out_dir: Path, product: str = "DIRAC") -> Path:
    """Write the record of one version of ``product`` into ``out_dir``; return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = inventory_file(record["version"], out_dir, product)
    path.write_text(render(record), encoding="utf-8")
    return path
