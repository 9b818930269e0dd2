"""Per-line pages generated from the release inventory (conf/data/inventory/).

``{command-reference}`` lists every console script of the build's release line with its
switches; ``{line-changes}`` lists the commands and switches added and removed since the
previous line. Both read the newest version checked for a line (conf/data/releases.toml).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from kb import releases
from kb.examples.inventory import DEFAULT_DIRECTORY, Inventory, InventoryError, Script, load


def describe_switches(script: Script) -> str:
    if script.switches is None:
        return "(not read from the code: see the command's --help)"
    if not script.switches:
        return "none of its own"
    return ", ".join(f"{s}{' <value>' if s.value else ''}" for s in script.switches)


def switch_set(script: Script) -> set[str]:
    return {str(switch) for switch in script.switches or ()}


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[int, ...]):
    table = nodes.table(classes=["kb-generated"])
    group = nodes.tgroup(cols=len(header))
    table += group
    group.extend(nodes.colspec(colwidth=width) for width in widths)
    head, body = nodes.thead(), nodes.tbody()
    for target, cells in ((head, [header]), (body, rows)):
        for cells_of_row in cells:
            row = nodes.row()
            for index, text in enumerate(cells_of_row):
                content = nodes.literal(text=text) if index == 0 and target is body else text
                paragraph = nodes.paragraph()
                paragraph += content if isinstance(content, nodes.Node) else nodes.Text(content)
                row += nodes.entry("", paragraph)
            target += row
    group += head
    group += body
    return table


class InventoryDirective(SphinxDirective):
    def inventory_of(self, line: str) -> Inventory:
        version = releases.get(line).newest
        self.env.note_dependency(str(DEFAULT_DIRECTORY / f"DIRAC-{version}.json"))
        self.env.note_dependency(str(releases.DATA))
        try:
            return load(version)
        except InventoryError as error:
            raise self.error(f"{self.name}: {error}") from None


class CommandReferenceDirective(InventoryDirective):
    """Every console script of this build's release line, with its switches."""

    def run(self) -> list[nodes.Node]:
        line = self.config.kb_line
        inventory = self.inventory_of(line)
        intro = nodes.paragraph(
            text=f"The {len(inventory.scripts)} commands of DIRAC {inventory.version}, the "
            f"newest release of the {line} line checked here. Every command also accepts the "
            "switches common to all DIRAC scripts: "
            + ", ".join(str(s) for s in inventory.common_switches)
            + "."
        )
        rows = [
            (name, describe_switches(script)) for name, script in sorted(inventory.scripts.items())
        ]
        return [intro, _table(("Command", "Switches"), rows, (30, 70))]


def changes(old: Inventory, new: Inventory) -> dict[str, list]:
    """Commands added and removed, and switches added and removed in the commands kept."""
    kept = sorted(set(old.scripts) & set(new.scripts))
    switches = []
    for name in kept:
        before, after = old.scripts[name], new.scripts[name]
        if before.switches is None or after.switches is None:
            continue
        added, removed = (
            switch_set(after) - switch_set(before),
            switch_set(before) - switch_set(after),
        )
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
        names = releases.line_names()
        position = names.index(line)
        if position == 0:
            return [nodes.paragraph(text=f"{line} is the oldest line documented here.")]
        previous = names[position - 1]
        old, new = self.inventory_of(previous), self.inventory_of(line)
        found = changes(old, new)
        result = [
            nodes.paragraph(
                text=f"Compared: DIRAC {old.version} (the {previous} line) with DIRAC "
                f"{new.version} (the {line} line)."
            )
        ]
        for title, key in (("Commands added", "added"), ("Commands removed", "removed")):
            section = nodes.rubric(text=f"{title} ({len(found[key])})")
            listing = nodes.bullet_list()
            for name in found[key]:
                listing += nodes.list_item("", nodes.paragraph("", "", nodes.literal(text=name)))
            result += [section, listing if found[key] else nodes.paragraph(text="None.")]
        result.append(nodes.rubric(text=f"Switches changed ({len(found['switches'])} commands)"))
        rows = [
            (name, ", ".join(add) or "none", ", ".join(rem) or "none")
            for name, add, rem in found["switches"]
        ]
        result.append(
            _table(("Command", "Switches added", "Switches removed"), rows, (30, 35, 35))
            if rows
            else nodes.paragraph(text="None.")
        )
        return result


def setup(app: Sphinx) -> dict:
    app.add_directive("command-reference", CommandReferenceDirective)
    app.add_directive("line-changes", LineChangesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
