"""What one DIRAC or DiracX version offers, read from its inventory file in conf/data/inventory/.

``DIRAC-<version>.json`` is read from the wheel of that version (``make inventory``); its shape
is conf/data/schemas/inventory.schema.json.  A script's ``parser`` says what reads its command
line (``dirac``, ``argparse`` or ``none``) and ``switches_complete`` is false when the inventory
could not read every switch: such switches, and those of a script without a parser, are not
checked (the checks accept anything there rather than guess).  A positional may be
``repeatable`` (it takes a list) and list the ``values`` it accepts.  ``components`` maps a
system to its categories (``Agents``, ``Services``...) and each to its components (options,
sub-sections, and the ``open`` reads whose option name the code builds); ``component_kinds``
holds, per category, the options every component of it accepts.  Files written before
components were recorded have neither, and their components are not checked.

``diracx-<version>.json`` is written by ``python -m kb.inventory.diracx`` from the diracx-cli and
diracx-core wheels (conf/data/schemas/diracx-inventory.schema.json): ``cli`` is the ``dirac``
command tree (a group has ``commands``), ``config_schema`` a JSON Schema of the keys of the
configuration models.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from packaging.version import Version

from kb import paths
from kb.problems import InventoryError

DEFAULT_DIRECTORY = paths.INVENTORY


@dataclass(frozen=True)
class Switch:
    short: str
    long: str
    value: bool
    """Whether the switch takes a value: its short form, or its long form when it has no short."""
    long_value: bool | None = None
    """Whether the long form takes a value, where it differs from ``value``."""

    @property
    def long_takes_value(self) -> bool:
        return self.value if self.long_value is None else self.long_value

    def __str__(self) -> str:
        names = [f"-{self.short}" if self.short else "", f"--{self.long}" if self.long else ""]
        return "/".join(name for name in names if name)


@dataclass(frozen=True)
class Positional:
    name: str
    optional: bool
    repeatable: bool
    """True for an argument that takes a list of values (``registerArgument([...])``)."""
    values: tuple[str, ...] | None


@dataclass(frozen=True)
class Script:
    name: str
    module: str
    parser: str
    """What reads the command line: ``dirac`` (DIRAC's Script), ``argparse`` or ``none``."""
    switches: tuple[Switch, ...] | None
    """None when not known completely."""
    positional: tuple[Positional, ...] | None


@dataclass(frozen=True)
class Component:
    """A server component, or what every component of a category accepts."""

    options: dict[str, tuple[str | None, str]]
    """Option name → (default, description); either may be empty."""
    sections: frozenset[str]
    """Sub-sections it reads; their content is not known."""
    open: tuple[str, ...] = ()
    """``path:line`` of the reads whose option name the code builds at run time."""


@dataclass(frozen=True)
class Inventory:
    version: str
    scripts: dict[str, Script]
    common_switches: tuple[Switch, ...]
    modules: dict[str, frozenset[str]]
    descriptions: dict[str, str]
    """The first paragraph of each script's docstring, which DIRAC shows in its help."""
    ce_types: frozenset[str]
    cloudce_keys: frozenset[str]
    components: dict[str, dict[str, dict[str, Component]]] = field(default_factory=dict)
    """System → category → component name → component."""
    component_kinds: dict[str, Component] = field(default_factory=dict)
    """Category → the options every component of it accepts."""


def _switches(entries) -> tuple[Switch, ...] | None:
    if entries is None:
        return None
    return tuple(
        Switch(s.get("short") or "", s.get("long") or "", bool(s["value"]), s.get("long_value"))
        for s in entries
    )


def _positional(entries) -> tuple[Positional, ...] | None:
    if entries is None:
        return None
    return tuple(
        Positional(
            entry["name"],
            bool(entry.get("optional")),
            bool(entry.get("repeatable")),
            tuple(entry["values"]) if entry.get("values") else None,
        )
        for entry in entries
    )


def _script(name: str, entry: dict) -> Script:
    parser = entry.get("parser", "dirac")
    known = parser != "none" and entry.get("switches_complete", True)
    return Script(
        name,
        entry.get("module", ""),
        parser,
        _switches(entry.get("switches")) if known else None,
        _positional(entry.get("positional")) if parser != "none" else None,
    )


def _component(entry: dict) -> Component:
    return Component(
        {option: (value[0], value[1]) for option, value in entry["options"].items()},
        frozenset(entry.get("sections", [])),
        tuple(entry.get("open", [])),
    )


def parse(data: dict, where: str) -> Inventory:
    """Build an :class:`Inventory` from the decoded JSON of one file."""
    try:
        return Inventory(
            version=data["version"],
            scripts={name: _script(name, entry) for name, entry in data["scripts"].items()},
            common_switches=_switches(data.get("common_switches") or []),
            modules={module: frozenset(names) for module, names in data["modules"].items()},
            descriptions={
                name: entry.get("description", "") for name, entry in data["scripts"].items()
            },
            ce_types=frozenset(data.get("ce_types", [])),
            cloudce_keys=frozenset(data.get("cloudce_keys", [])),
            components={
                system: {
                    category: {name: _component(entry) for name, entry in names.items()}
                    for category, names in categories.items()
                }
                for system, categories in data.get("components", {}).items()
            },
            component_kinds={
                category: _component(entry)
                for category, entry in data.get("component_kinds", {}).items()
            },
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise InventoryError(f"{where}: not an inventory file (missing or bad {error})") from None


def read_json(path: Path, what: str, fix: str) -> dict:
    """The decoded JSON of the inventory of ``what``; ``fix`` says what to do when it is absent."""
    if not path.is_file():
        raise InventoryError(f"no inventory for {what}: {path} does not exist; {fix}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InventoryError(f"{path}:{error.lineno}: invalid JSON ({error.msg})") from None


def inventory_file(
    version: str,
    directory: Path = DEFAULT_DIRECTORY,
    product: Literal["DIRAC", "diracx", "db-schema"] = "DIRAC",
) -> Path:
    """The inventory file of one version of a DIRAC wheel, a DiracX version or DIRAC's database
    schema: the one place its name, ``<product>-<version>.json``, is written."""
    return directory / f"{product}-{version}.json"


@cache
def load(version: str, directory: Path = DEFAULT_DIRECTORY) -> Inventory:
    """The inventory of one DIRAC version, read once per run."""
    path = inventory_file(version, directory)
    data = read_json(
        path,
        f"DIRAC {version}",
        f"generate it with the release-inventory tool or remove {version} from 'checked' in "
        "conf/data/releases.toml",
    )
    return parse(data, str(path))


@cache
def all_versions(directory: Path = DEFAULT_DIRECTORY) -> tuple[Inventory, ...]:
    """Every inventoried version, oldest first: where an option was seen before or after."""
    versions = [
        path.stem.removeprefix("DIRAC-") for path in directory.glob(inventory_file("*").name)
    ]
    return tuple(load(v, directory) for v in sorted(versions, key=Version))


@cache
def all_script_names(directory: Path = DEFAULT_DIRECTORY) -> frozenset[str]:
    """Every console script any inventoried version ships: they count as DIRAC commands."""
    return frozenset(name for inventory in all_versions(directory) for name in inventory.scripts)


COMMAND = "dirac"


@dataclass(frozen=True, eq=False)  # one object per file (load is cached); hashed by identity
class DiracxInventory:
    version: str
    cli: dict
    config_schema: dict


@cache
def load_diracx(version: str, directory: Path = DEFAULT_DIRECTORY) -> DiracxInventory:
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
