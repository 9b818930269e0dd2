"""What one DiracX version offers: its inventory file, conf/data/inventory/diracx-<version>.json.

Written by ``python -m kb.inventory.diracx`` from the diracx-cli and diracx-core wheels::

    {"version": "0.7.0",
     "packages": {"diracx-cli": "0.7.0", "diracx-core": "0.7.0"},
     "cli": {"description": "...", "hidden": false, "options": [...], "arguments": [...],
             "commands": {"login": {"description": "...", "options": [{"names": ["--group"],
                          "value": true, "required": false, "multiple": false,
                          "type": "text"}], "arguments": [{"name": "vo", ...}]}, ...}},
     "config_schema": {"$ref": "#/$defs/Config", "$defs": {...}}}

``cli`` is the ``dirac`` command: a group has ``commands``, a command that runs has none.
``config_schema`` is a JSON Schema of the keys of the configuration models.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.examples.inventory import DEFAULT_DIRECTORY, InventoryError, inventory_file, read_json

COMMAND = "dirac"


@dataclass(frozen=True, eq=False)  # one object per file (load is cached); hashed by identity
class DiracxInventory:
    version: str
    cli: dict
    config_schema: dict


@cache
def load(version: str, directory: Path = DEFAULT_DIRECTORY) -> DiracxInventory:
    """The inventory of one DiracX version, read once per run."""
    path = inventory_file(version, directory, "diracx")
    data = read_json(
        path,
        f"DiracX {version}",
        "generate it with 'python -m kb.inventory.diracx' or remove the version from 'diracx' "
        "in conf/data/releases.toml",
    )
    try:
        return DiracxInventory(data["version"], data["cli"], data["config_schema"])
    except (KeyError, TypeError) as error:
        raise InventoryError(f"{path}: not a DiracX inventory file (no {error})") from None
