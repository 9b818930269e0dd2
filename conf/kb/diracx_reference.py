"""The DiracX parts of the generated reference: the ``dirac`` command of a line's DiracX, and
what changed in it since the previous line. Read from conf/data/inventory/diracx-<version>.json.
"""

from __future__ import annotations

from docutils import nodes

from kb.examples.inventory import COMMAND, DiracxInventory
from kb.reference_cells import CODE_IN_TEXT, codes, joined, prose, table


def commands(
    entry: dict, path: str = COMMAND, hidden: bool = False
) -> list[tuple[str, dict, bool]]:
    """(``dirac jobs search``, its entry, whether it is hidden) for each command that runs."""
    found = []
    for name, sub in entry.get("commands", {}).items():
        sub_hidden = hidden or sub["hidden"]
        if "commands" in sub:
            found += commands(sub, f"{path} {name}", sub_hidden)
        else:
            found.append((f"{path} {name}", sub, sub_hidden))
    return found


def option_label(option: dict) -> str:
    return "/".join(option["names"]) + (" <value>" if option["value"] else "")


def argument_label(argument: dict) -> str:
    name = argument["name"].upper() + ("..." if argument["multiple"] else "")
    return name if argument["required"] else f"[{name}]"


def options_cell(entry: dict) -> list[nodes.Node]:
    cells = []
    for option in entry["options"]:
        flags = (("required", option["required"]), ("repeatable", option["multiple"]))
        notes = ", ".join(word for word, flag in flags if flag)
        cells.append([nodes.literal(text=option_label(option))])
        cells[-1] += [nodes.Text(f" ({notes})")] if notes else []
    return joined(cells) or [nodes.Text("none")]


def reference(inventory: DiracxInventory, line: str) -> list[nodes.Node]:
    """The ``dirac`` command of the line's DiracX: one row per command."""
    rows = []
    for path, entry, hidden in commands(inventory.cli):
        description = prose(entry["description"]) + (
            [nodes.Text(" Hidden from the help.")] if hidden else []
        )
        rows.append(
            (
                path,
                description,
                options_cell(entry),
                codes([argument_label(a) for a in entry["arguments"]]),
            )
        )
    options = ", ".join(f"`{option_label(o)}`" for o in inventory.cli["options"]) or "none"
    intro = (
        f"DIRAC of the {line} line installs DiracX {inventory.version}, whose diracx-cli package "
        f"provides the `{COMMAND}` command, with these sub-commands. Options go before or after "
        f"the arguments; before the sub-command, `{COMMAND}` itself takes {options}. Every "
        "command takes `--help`."
    )
    return [
        nodes.rubric(text=f"DiracX {inventory.version}"),
        nodes.paragraph("", "", *prose(intro, CODE_IN_TEXT)),
        table(("Command", "Description", "Options", "Arguments"), rows, (22, 38, 25, 15)),
    ]


def interface(entry: dict) -> set[str]:
    return {option_label(o) for o in entry["options"]} | {
        argument_label(a) for a in entry["arguments"]
    }


def changes(old: DiracxInventory | None, new: DiracxInventory, previous: str) -> list[nodes.Node]:
    """The ``dirac`` commands added and removed, and the options and arguments changed."""
    result: list[nodes.Node] = [nodes.rubric(text="The DiracX command")]
    if old is None:
        result.append(
            nodes.paragraph(
                text=f"The {previous} line installs no DiracX. This line installs "
                f"DiracX {new.version}: every one of its commands is new."
            )
        )
    elif old.version == new.version:
        result.append(
            nodes.paragraph(text=f"Both lines install DiracX {new.version}: nothing changed.")
        )
        return result
    else:
        result.append(
            nodes.paragraph(
                text=f"Compared: DiracX {old.version} (the {previous} "
                f"line) with DiracX {new.version}."
            )
        )
    before = {path: entry for path, entry, _ in commands(old.cli)} if old else {}
    after = {path: entry for path, entry, _ in commands(new.cli)}
    changed = [
        (
            path,
            codes(sorted(interface(after[path]) - interface(before[path]))),
            codes(sorted(interface(before[path]) - interface(after[path]))),
        )
        for path in sorted(set(before) & set(after))
        if interface(before[path]) != interface(after[path])
    ]
    rows = [(path, [nodes.Text("command added")], []) for path in sorted(set(after) - set(before))]
    rows += [
        (path, [], [nodes.Text("command removed")]) for path in sorted(set(before) - set(after))
    ]
    rows += changed
    none = "No command, option or argument changed."
    result.append(table(("Command", "Added", "Removed"), rows, (30, 35, 35), empty=none))
    return result
