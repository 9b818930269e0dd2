"""Per-line configuration pages generated from the release inventory (conf/data/inventory/).

``{config-reference}`` lists every server component of the build's release line with its
options, their default and description; ``{option-changes}`` lists the components and options
added and removed, and the defaults changed, since the previous line. Both read the newest
version checked for a line, as the command reference does.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from kb import releases
from kb.command_reference import InventoryDirective
from kb.examples.inventory import Component, Inventory
from kb.reference_cells import codes, prose, table

NO_VALUE = "–"
OPTIONS = ("kb-generated", "kb-options")
KINDS = {"Agents": "agent", "Services": "service", "Executors": "executor", "Databases": "database"}


def describe(text: str, names) -> list[nodes.Node]:
    """A template comment as text, with its switches (``--x``), its `quoted` words and the
    option names it mentions as code, so that no smart quote turns ``--`` into a dash."""
    words = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    pattern = r"`+([^`]+)`+|(?<![\w-])(--?[A-Za-z][\w=.-]*)" + (rf"|\b({words})\b" if words else "")
    return prose(text, pattern)


def sub_sections(component: Component) -> list[nodes.Node]:
    """The paragraph that names a component's sub-sections, if it has any."""
    if not component.sections:
        return []
    return [nodes.paragraph("", "Sub-sections: ", *codes(sorted(component.sections), NO_VALUE))]


def option_rows(component: Component) -> list[list[list[nodes.Node]]]:
    rows = []
    for name, (default, description) in sorted(component.options.items()):
        value = [nodes.literal(text=default)] if default else [nodes.Text(NO_VALUE)]
        text = describe(description or "", component.options)
        rows.append([[nodes.literal(text=name)], value, text])
    return rows


def options_table(component: Component) -> nodes.Node:
    if not component.options:
        return nodes.paragraph(text="No options of its own.")
    return table(
        ("Option", "Default", "Description"), option_rows(component), (30, 20, 50), OPTIONS
    )


class ConfigReferenceDirective(InventoryDirective):
    """Every server component of this build's release line, with its options."""

    def run(self) -> list[nodes.Node]:
        inventory = self.inventory_of(self.config.kb_line)
        if not inventory.components:
            raise self.error(
                f"{self.name}: the inventory of DIRAC {inventory.version} has no components; "
                "run 'make inventory' to read them from the wheel"
            )
        count = sum(len(names) for cats in inventory.components.values() for names in cats.values())
        intro = nodes.paragraph(
            text=f"The {count} server components of DIRAC {inventory.version}, the newest "
            f"release of the {self.config.kb_line} line checked here, by system. The default "
            "is the value in the system's template, else the one written in the code; "
            f"{NO_VALUE} means that neither gives one. The description is the comment "
            "above the option in the template, where it has one."
        )
        title = nodes.title(text="Options of every component of a kind")
        kinds = nodes.section("", title, *self.kinds(inventory), ids=["every-component-of-a-kind"])
        systems = sorted(inventory.components.items())
        return [intro, kinds, *(self.system(system, categories) for system, categories in systems)]

    def kinds(self, inventory: Inventory) -> list[nodes.Node]:
        """The options every component of a kind accepts, read from DIRAC's base classes."""
        result: list[nodes.Node] = []
        for category, kind in sorted(inventory.component_kinds.items()):
            result.append(nodes.rubric(text=f"Every {KINDS.get(category, category)}"))
            result += sub_sections(kind)
            rows = [row[:2] for row in option_rows(kind)]
            result.append(table(("Option", "Default"), rows, (50, 50), OPTIONS))
        return result

    def system(self, system: str, categories: dict[str, dict[str, Component]]) -> nodes.section:
        section = nodes.section("", nodes.title(text=f"{system} system"))
        section["ids"] = [nodes.make_id(f"system-{system}")]
        for category, components in sorted(categories.items()):
            for name, component in sorted(components.items()):
                section += self.component(system, category, name, component)
        return section

    def component(self, system: str, category: str, name: str, component: Component):
        kind = KINDS.get(category, category)
        target_id = nodes.make_id(f"{system}-{category}-{name}")
        index = addnodes.index(
            entries=[("single", f"{name} ({system} {kind})", target_id, "", None)]
        )
        title = nodes.rubric(ids=[target_id])
        title += nodes.literal(text=f"/Systems/{system}/{category}/{name}")
        result = [index, title]
        if component.open:
            result.append(
                nodes.paragraph(
                    text="Open: its code also builds option names at run time ("
                    + ", ".join(component.open)
                    + "), so it may read options not listed here, and examples are not "
                    "checked against this list."
                )
            )
        result += sub_sections(component)
        result.append(options_table(component))
        return result


def option_changes(old: Inventory, new: Inventory) -> dict[str, list]:
    """Components added and removed; options added, removed and defaults changed in the rest,
    and in the options that every component of a kind accepts (named ``every agent``...)."""

    def components(inventory) -> dict[str, Component]:
        found = {
            f"{system}/{category}/{name}": component
            for system, categories in inventory.components.items()
            for category, names in categories.items()
            for name, component in names.items()
        }
        for category, kind in inventory.component_kinds.items():
            found[f"every {KINDS.get(category, category)}"] = kind
        return found

    before, after = components(old), components(new)
    changed = []
    for key in sorted(before.keys() & after.keys()):
        was, now = before[key].options, after[key].options
        defaults = [
            f"{option}: {was[option][0] or NO_VALUE} → {now[option][0] or NO_VALUE}"
            for option in sorted(was.keys() & now.keys())
            if (was[option][0] or "") != (now[option][0] or "")
        ]
        added, removed = sorted(now.keys() - was.keys()), sorted(was.keys() - now.keys())
        if added or removed or defaults:
            changed.append((key, added, removed, defaults))
    return {
        "added": sorted(after.keys() - before.keys()),
        "removed": sorted(before.keys() - after.keys()),
        "changed": changed,
    }


def label(name: str) -> nodes.Node:
    """A component's path as code; ``every agent`` and the like as text."""
    return nodes.literal(text=name) if "/" in name else nodes.Text(name)


class OptionChangesDirective(InventoryDirective):
    """What changed in the components' options between the previous release line and this one."""

    def run(self) -> list[nodes.Node]:
        previous = releases.previous(self.config.kb_line)
        if previous is None:
            return [nodes.paragraph(text="There is no earlier line to compare with.")]
        old, new = self.inventory_of(previous), self.inventory_of(self.config.kb_line)
        if not old.components or not new.components:
            raise self.error(
                f"{self.name}: the inventory of DIRAC {old.version} or {new.version} has no "
                "components; run 'make inventory' to read them from the wheels"
            )
        found = option_changes(old, new)
        result: list[nodes.Node] = []
        for title, key in (("Components added", "added"), ("Components removed", "removed")):
            result.append(nodes.rubric(text=f"{title} ({len(found[key])})"))
            result.append(nodes.paragraph("", "", *codes(found[key], NO_VALUE)))
        result.append(nodes.rubric(text=f"Options changed ({len(found['changed'])} components)"))
        rows = [
            [[label(name)], *(codes(names, NO_VALUE) for names in (added, removed, defaults))]
            for name, added, removed, defaults in found["changed"]
        ]
        header = ("Component", "Options added", "Options removed", "Defaults changed")
        result.append(table(header, rows, (28, 24, 24, 24), OPTIONS, empty="None."))
        return result


def setup(app: Sphinx) -> dict:
    app.add_directive("config-reference", ConfigReferenceDirective)
    app.add_directive("option-changes", OptionChangesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
