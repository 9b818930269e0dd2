"""Per-line pages generated from the release inventory (conf/data/inventory/).

``{command-reference}`` lists every console script of the build's release line with its
description, switches and arguments, then the ``dirac`` command of the line's DiracX;
``{line-changes}`` lists the commands and switches added and removed since the previous line,
and the changes of the DiracX command. Both read the newest version checked for a line
(conf/data/releases.toml). Every switch is a literal node: see kb.reference_cells.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from kb import diracx_reference, releases
from kb.examples.inventory import (
    DiracxInventory,
    Inventory,
    InventoryError,
    Script,
    Switch,
    inventory_file,
    load,
    load_diracx,
)
from kb.reference_cells import CODE_IN_TEXT, code_list, codes, joined, prose, table


def switch_nodes(switch: Switch) -> list[nodes.Node]:
    """``-T/--lifetime <value>``; a long form that takes no value where the short form does
    (``--GroupName:`` of dirac-admin-add-group) is shown apart, as DIRAC's getopt reads it."""
    value = " <value>" if switch.value else ""
    if switch.long_value is None or not (switch.short and switch.long):
        return [nodes.literal(text=f"{switch}{value}")]
    long_value = " <value>" if switch.long_value else ""
    note = "" if switch.long_value else " (takes no value: give the value with the short form)"
    return [
        nodes.literal(text=f"-{switch.short}{value}"),
        nodes.Text(" or "),
        nodes.literal(text=f"--{switch.long}{long_value}"),
        nodes.Text(note),
    ]


def switches_cell(script: Script) -> list[nodes.Node]:
    if script.parser == "none":
        return [nodes.Text("reads no command line: switches are ignored")]
    if script.switches is None:
        return prose("not read from the code: see the command's --help")
    return joined(map(switch_nodes, script.switches)) or [nodes.Text("none of its own")]


def arguments_cell(script: Script) -> list[nodes.Node]:
    if script.parser == "none":
        return [nodes.Text("ignored")]
    if script.positional is None:
        return [nodes.Text("not read from the code")]
    labels = [
        (p.name if not p.optional else f"[{p.name}]") + (" ..." if p.repeatable else "")
        for p in script.positional
    ]
    return codes(labels, empty="none declared")


def switch_set(script: Script) -> set[str]:
    return {str(switch) for switch in script.switches or ()}


class InventoryDirective(SphinxDirective):
    def _read(self, load_version, version: str, product: str = "DIRAC"):
        self.env.note_dependency(str(inventory_file(version, product=product)))
        try:
            return load_version(version)
        except InventoryError as error:
            raise self.error(f"{self.name}: {error}") from None

    def diracx_inventory(self, version: str) -> DiracxInventory:
        return self._read(load_diracx, version, "diracx")

    def inventory_of(self, line: str) -> Inventory:
        self.env.note_dependency(str(releases.DATA))
        return self._read(load, releases.get(line).newest)


class CommandReferenceDirective(InventoryDirective):
    """Every console script of this build's release line, and the DiracX command if any."""

    def run(self) -> list[nodes.Node]:
        line = self.config.kb_line
        inventory = self.inventory_of(line)
        common = [f"`{s}{' <value>' if s.value else ''}`" for s in inventory.common_switches]
        intro = (
            f"The {len(inventory.scripts)} commands of DIRAC {inventory.version}, the newest "
            f"release of the {line} line checked here. Every command that reads its command "
            f"line also accepts the switches common to all DIRAC scripts: "
            f"{', '.join(common) or 'none'}."
        )
        rows = [
            (
                name,
                prose(inventory.descriptions.get(name, "")),
                switches_cell(script),
                arguments_cell(script),
            )
            for name, script in sorted(inventory.scripts.items())
        ]
        header = ("Command", "Description", "Switches", "Arguments")
        result = [
            nodes.paragraph("", "", *prose(intro, CODE_IN_TEXT)),
            table(header, rows, (22, 38, 25, 15)),
        ]
        for version in releases.get(line).diracx[:1]:
            result += diracx_reference.reference(self.diracx_inventory(version), line)
        return result


def changes(old: Inventory, new: Inventory) -> dict[str, list]:
    """Commands added and removed, and switches added and removed in the commands kept."""
    kept = sorted(set(old.scripts) & set(new.scripts))
    switches = []
    for name in kept:
        before, after = old.scripts[name], new.scripts[name]
        if before.switches is None or after.switches is None:
            continue
        added = switch_set(after) - switch_set(before)
        removed = switch_set(before) - switch_set(after)
        if added or removed:
            switches.append((name, sorted(added), sorted(removed)))
    return {
        "added": sorted(set(new.scripts) - set(old.scripts)),
        "removed": sorted(set(old.scripts) - set(new.scripts)),
        "switches": switches,
    }


class LineChangesDirective(InventoryDirective):
    """What changed in the commands between the previous release line and this one."""

    def run(self) -> list[nodes.Node]:
        line = self.config.kb_line
        previous = releases.previous(line)
        if previous is None:
            return [nodes.paragraph(text=f"{line} is the oldest line documented here.")]
        old, new = self.inventory_of(previous), self.inventory_of(line)
        found = changes(old, new)
        result = [
            nodes.paragraph(
                text=f"Compared: DIRAC {old.version} (the {previous} line) with DIRAC "
                f"{new.version} (the {line} line)."
            )
        ]
        for title, key in (("Commands added", "added"), ("Commands removed", "removed")):
            result += [nodes.rubric(text=f"{title} ({len(found[key])})"), code_list(found[key])]
        result.append(nodes.rubric(text=f"Switches changed ({len(found['switches'])} commands)"))
        rows = [(name, codes(add), codes(rem)) for name, add, rem in found["switches"]]
        header = ("Command", "Switches added", "Switches removed")
        result.append(table(header, rows, (30, 35, 35), empty="None."))
        new_diracx = releases.get(line).diracx[:1]
        if new_diracx:
            old_diracx = releases.get(previous).diracx[:1]
            result += diracx_reference.changes(
                self.diracx_inventory(old_diracx[0]) if old_diracx else None,
                self.diracx_inventory(new_diracx[0]),
                previous,
            )
        return result


def setup(app: Sphinx) -> dict:
    app.add_directive("command-reference", CommandReferenceDirective)
    app.add_directive("line-changes", LineChangesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
