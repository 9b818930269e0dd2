"""Check the options of the server components in a ``cfg`` example, one by one.

A component section is ``/Systems/<System>/[<Instance>/]<Category>/<Name>`` with a category of
``Agents``, ``Services``, ``Executors`` or ``Databases``. Its options must be options of that
component in the release (:mod:`kb.inventory.components` lists them), or options that every
component of the category accepts. A ``Module = <Component>`` option makes the section a
further instance of that component. Sub-sections the component reads are accepted with any
content; systems the release does not have (an extension's, or ``Tornado``) are not checked,
and neither are the options of an *open* component, whose code builds option names at run time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from packaging.version import Version

from kb.examples.cfg import Section
from kb.examples.inventory import Component, Inventory
from kb.problems import suggestion

CATEGORIES = {
    "Agents": "an agent",
    "Services": "a service",
    "Executors": "an executor",
    "Databases": "a database",
}


@dataclass(frozen=True)
class Found:
    """A component section of the example, and what the release knows of it."""

    section: Section
    system: str
    category: str
    name: str
    """The component it configures: its own name, or its ``Module`` option."""
    component: Component | None
    kind: Component


def component_sections(root: Section, inventory: Inventory, instances: bool) -> Iterator[Found]:
    """The component sections under /Systems of the systems the release has.

    With ``instances`` (release lines before 9.0) a level between system and category is an
    instance, and is looked through.
    """
    systems = root.children.get("Systems")
    for system in systems.children.values() if systems else []:
        if system.path[-1] not in inventory.components:
            continue
        levels = [system]
        if instances:
            levels += [
                child for child in system.children.values() if child.path[-1] not in CATEGORIES
            ]
        for level in levels:
            for category, holder in level.children.items():
                kind = inventory.component_kinds.get(category)
                if category not in CATEGORIES or kind is None:
                    continue
                for section in holder.children.values():
                    home, name = module_of(section, system.path[-1])
                    component = component_of(inventory, home, category, name)
                    yield Found(section, home, category, name, component, kind)


def module_of(section: Section, system: str) -> tuple[str, str]:
    """The system and name of the component a section configures: ``Module`` names it as
    ``<Component>`` or ``<System>/<Component>``, else the section's own name does."""
    module = section.options.get("Module", (section.path[-1], 0))[0]
    home, _, name = module.rpartition("/")
    return home or system, name


def check(root: Section, inventory: Inventory, instances: bool, history: Sequence[Inventory]):
    """Problems of the component sections, as (line, message)."""
    for found in component_sections(root, inventory, instances):
        if found.component is None:
            yield unknown_component(found, inventory)
        elif not found.component.open:
            yield from option_problems(found, inventory.version, history)


def open_components(root: Section, inventory: Inventory, instances: bool) -> list[str]:
    """``System/Name`` of the open components the example configures: left unchecked."""
    return [
        f"{found.system}/{found.name}"
        for found in component_sections(root, inventory, instances)
        if found.component is not None and found.component.open
    ]


def unknown_component(found: Found, inventory: Inventory) -> tuple[int, str]:
    names = inventory.components.get(found.system, {}).get(found.category, {})
    if "Module" in found.section.options:
        return found.section.options["Module"][1], (
            f"Module = {found.name}: the {found.system} system has no such component in "
            f"DIRAC {inventory.version}{suggestion(found.name, names)}"
        )
    return found.section.line, (
        f"{found.name} is not {CATEGORIES[found.category]} of the {found.system} system in DIRAC "
        f"{inventory.version}{suggestion(found.name, names)}; a further instance of a "
        "component names it with 'Module = <component>'"
    )


def option_problems(found: Found, version: str, history: Sequence[Inventory]):
    component, kind = found.component, found.kind
    valid = component.options.keys() | kind.options.keys()
    for name, (_, line) in found.section.options.items():
        if name not in valid:
            message = (
                f"{name} is not an option of {found.name} in DIRAC {version}"
                f"{elsewhere(found, name, version, history)}{suggestion(name, valid)}"
            )
            yield line, message
    sections = component.sections | kind.sections
    for name, child in found.section.children.items():
        if name not in sections:
            message = (
                f"{name} is not a sub-section of {found.name} in DIRAC {version}"
                f"{suggestion(name, sections)}"
            )
            yield child.line, message


def elsewhere(found: Found, option: str, version: str, history: Sequence[Inventory]) -> str:
    """`` (last seen in 8.0.86)`` or `` (first seen in 9.1.22)``: other releases that have it."""
    having = [Version(other.version) for other in history if option in options_of(other, found)]
    before = [v for v in having if v < Version(version)]
    after = [v for v in having if v > Version(version)]
    if before:
        return f" (last seen in {max(before)})"
    return f" (first seen in {min(after)})" if after else ""


def component_of(inventory: Inventory, system: str, category: str, name: str) -> Component | None:
    return inventory.components.get(system, {}).get(category, {}).get(name)


def options_of(inventory: Inventory, found: Found) -> set[str]:
    """The options of the component of ``found`` in another release."""
    component = component_of(inventory, found.system, found.category, found.name)
    kind = inventory.component_kinds.get(found.category)
    if component is None or kind is None:
        return set()
    return component.options.keys() | kind.options.keys()
