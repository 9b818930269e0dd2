"""Check the commands of a shell example against one DIRAC version's inventory.

DIRAC parses command lines with :func:`getopt.gnu_getopt` (DIRAC/ConfigurationSystem/Client/
LocalConfiguration.py, ``__parseCommandLine``), building the option strings from the switches
each script registers plus the common ones.  This module rebuilds the same option strings from
the inventory and calls the same function, so grouping (``-dd``), attached values (``-T12``),
``--lifetime=12``, unique long-option prefixes and switches after arguments are accepted or
refused exactly as DIRAC would.  Arguments ending in ``.cfg`` are taken as extra configuration
files, as DIRAC does, and do not count as positional arguments.
"""

from __future__ import annotations

import getopt
from dataclasses import dataclass
from functools import cache

import kb.data
from kb import paths
from kb.examples.inventory import Inventory, Script, Switch
from kb.examples.shell import ASSIGNMENT
from kb.problems import suggestion

HELP_SWITCHES = {"-h", "--help"}


@dataclass(frozen=True)
class Allowed:
    commands: frozenset[str]
    wrappers: frozenset[str]


@cache
def allowed() -> Allowed:
    """The tools other than DIRAC's that examples may run, and the wrappers such as ``sudo``."""
    data, _ = kb.data.load(paths.DATA / "allowed-commands.toml", "allowed-commands")
    return Allowed(frozenset(data["commands"]), frozenset(data["wrappers"]))


def unwrap(argv: list[str], wrappers: frozenset[str]) -> list[str]:
    """The command a wrapper such as ``sudo`` or ``env X=1`` runs, or ``argv`` itself."""
    while len(argv) > 1 and argv[0] in wrappers:
        argv = argv[1:]
        while len(argv) > 1 and ASSIGNMENT.match(argv[0]):
            argv = argv[1:]
    return argv


def option_strings(switches: tuple[Switch, ...]) -> tuple[str, list[str]]:
    """The ``shortopts`` and ``longopts`` arguments DIRAC hands to getopt for these switches."""
    short = "".join(s.short + (":" if s.value else "") for s in switches if s.short)
    long = [s.long + ("=" if s.long_takes_value else "") for s in switches if s.long]
    return short, long


def check_command(
    argv: list[str], inventory: Inventory, dirac_names: frozenset[str], allow: Allowed
) -> list[str]:
    """Problems of one simple command, wrappers removed, in one DIRAC version; empty if valid."""
    name = argv[0].rsplit("/", 1)[-1]
    if name.startswith("$"):
        return [f"the command name {argv[0]!r} is a variable; write the command itself"]
    if not name.startswith("dirac-") and name not in dirac_names:
        if name in allow.commands:
            return []
        return [
            f"{name!r} is neither a DIRAC command nor an allowed tool"
            f"{suggestion(name, dirac_names | allow.commands)} (standard tools are listed in "
            "conf/data/allowed-commands.toml)"
        ]
    script = inventory.scripts.get(name)
    if script is None:
        return [
            f"command {name!r} does not exist in DIRAC {inventory.version}"
            f"{suggestion(name, inventory.scripts)}"
        ]
    return check_arguments(script, argv[1:], inventory)


def check_arguments(script: Script, arguments: list[str], inventory: Inventory) -> list[str]:
    if script.switches is None:
        return []
    # DIRAC's common switches come with DIRAC's own parser, not with argparse scripts.
    common = inventory.common_switches if script.parser == "dirac" else ()
    switches = script.switches + common
    short, long = option_strings(switches)
    try:
        options, positional = getopt.gnu_getopt(arguments, short, long)
    except getopt.GetoptError as error:
        return [describe_getopt_error(script, error, switches, inventory.version)]
    if {option for option, _ in options} & HELP_SWITCHES:
        return []  # DIRAC prints the help and exits before it looks at arguments
    positional = [argument for argument in positional if not argument.endswith(".cfg")]
    return check_positional(script, positional)


def describe_getopt_error(
    script: Script, error: getopt.GetoptError, switches: tuple[Switch, ...], version: str
) -> str:
    written = ("--" if len(error.opt) > 1 else "-") + error.opt
    accepted = [str(s) for s in switches]  # "-T/--lifetime"
    if "not recognized" in error.msg:
        names = [name for forms in accepted for name in forms.split("/")]
        return (
            f"{script.name} has no switch {written} in DIRAC {version}"
            f"{suggestion(written, names)} (it accepts: {', '.join(accepted)})"
        )
    if "requires argument" in error.msg:
        return f"{script.name}: switch {written} needs a value in DIRAC {version}"
    if "must not have an argument" in error.msg:
        return f"{script.name}: switch {written} takes no value in DIRAC {version}"
    return f"{script.name}: {error.msg} in DIRAC {version}"  # e.g. an ambiguous long prefix


def check_positional(script: Script, positional: list[str]) -> list[str]:
    """Compare with ``Script.registerArgument`` declarations, when the inventory knows them.

    A script that registers none may still read raw arguments, so an empty declaration list
    is not checked.
    """
    declared = script.positional
    if not declared:
        return []
    names = " ".join(p.name if not p.optional else f"[{p.name}]" for p in declared)
    mandatory = sum(not p.optional for p in declared)
    if len(positional) < mandatory:
        return [
            f"{script.name} needs {mandatory} argument(s) ({names}), the example gives "
            f"{len(positional)}"
        ]
    if any(p.repeatable for p in declared):
        return []
    if len(positional) > len(declared):
        return [
            f"{script.name} takes at most {len(declared)} argument(s) ({names}), the example "
            f"gives {len(positional)}: {' '.join(positional)}"
        ]
    return [
        f"{script.name}: argument {given!r} is not one of the values {spec.name} accepts "
        f"({', '.join(spec.values)}){suggestion(given, spec.values)}"
        for given, spec in zip(positional, declared, strict=False)
        if spec.values and given not in spec.values and not given.startswith(("$", "<"))
    ]
