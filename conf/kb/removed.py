"""What a release line removed: generated from the inventory, explained by conf/data.

The inventory (``conf/data/inventory/DIRAC-<version>.json``) says which CE types, commands and
modules the newest checked version of each line has; what one line has and the next does not was
removed.  ``conf/data/removed-in-9.toml`` adds, per component, the replacement and the pull
request.  The two must agree: an entry naming something that is not removed in its ``gone_in``
line, or a removed CE type or command that no entry covers, is an error with file and line.

The ``{removed-components}`` directive renders the joined table, and the removed modules that no
entry covers as a generated list.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from packaging.version import Version
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import kb.data
from kb import paths, releases
from kb.examples.inventory import InventoryError, inventory_file
from kb.examples.inventory import load as load_inventory
from kb.problems import ProblemError

logger = logging.getLogger(__name__)
DATA = paths.DATA / "removed-in-9.toml"
KINDS = {"ce_types": "ce_types", "commands": "scripts", "modules": "modules"}
"""The kinds of component an entry names, and the inventory's name for each."""


@dataclass(frozen=True)
class Entry:
    line: int
    what: str
    gone_in: str
    ce_types: tuple[str, ...]
    commands: tuple[str, ...]
    modules: tuple[str, ...]
    replacement: str
    prs: tuple[int, ...]
    source: str


@dataclass(frozen=True)
class Removed:
    """What the newest version of ``line`` lacks compared with the line before it."""

    line: str
    before: str
    after: str
    ce_types: frozenset[str]
    commands: frozenset[str]
    modules: frozenset[str]


def removed_by_line(
    lines: list[tuple[str, str]], directory: Path = paths.INVENTORY
) -> dict[str, Removed]:
    """For consecutive (line, version) pairs, what each line dropped; keyed by the later line."""
    result = {}
    for (_, old_version), (name, new_version) in pairwise(lines):
        old, new = (load_inventory(version, directory) for version in (old_version, new_version))
        gone = (frozenset(set(getattr(old, a)) - set(getattr(new, a))) for a in KINDS.values())
        result[name] = Removed(name, old_version, new_version, *gone)
    return result


def checked_lines(first: str = "8.0") -> list[tuple[str, str]]:
    """(line, newest checked version) from ``first`` on, oldest first."""
    return [
        (line.name, line.newest)
        for line in releases.lines()
        if Version(line.name) >= Version(first)
    ]


def load_entries(path: Path = DATA) -> list[Entry]:
    """The entries of the data file, validated by its schema."""
    data, lines = kb.data.load(path, "removed-in-9")
    return [
        Entry(
            line=lines[("removed", index)],
            what=table["what"],
            gone_in=table["gone_in"],
            replacement=table["replacement"],
            prs=tuple(table["prs"]),
            source=table["source"],
            **{kind: tuple(table.get(kind, ())) for kind in KINDS},
        )
        for index, table in enumerate(data.get("removed", []))
    ]


def _covers(prefixes: set[str], module: str) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


def validate(entries: list[Entry], removed: dict[str, Removed], path: Path = DATA) -> None:
    """Raise if the data and the inventory disagree (see the module docstring)."""
    for entry in entries:
        if entry.gone_in not in removed:
            raise ProblemError.at(
                path, entry.line, f"gone_in = {entry.gone_in!r}: use one of {', '.join(removed)}"
            )
        gone = removed[entry.gone_in]
        for kind in KINDS:
            for name in getattr(entry, kind):
                if name not in getattr(gone, kind):
                    raise ProblemError.at(
                        path,
                        entry.line,
                        f"{kind}: {name!r} is not removed in {entry.gone_in}: the inventory of "
                        f"{gone.before} does not have it or that of {gone.after} still has it; "
                        "correct the name or gone_in, or delete it",
                    )
    for line, gone in removed.items():
        for kind in ("ce_types", "commands"):
            covered = {
                name for entry in entries if entry.gone_in == line for name in getattr(entry, kind)
            }
            for name in sorted(getattr(gone, kind) - covered):
                raise ProblemError.at(
                    path,
                    1,
                    f"{kind}: {name!r} is in {gone.before} but not in {gone.after}, and no entry "
                    f'with gone_in = "{line}" names it; add one with its replacement and PR',
                )


def uncovered_modules(entries: list[Entry], gone: Removed, scripts: dict[str, str]) -> list[str]:
    """Removed modules that no entry names, neither directly nor through a command."""
    prefixes = {m for e in entries if e.gone_in == gone.line for m in e.modules}
    prefixes |= {
        scripts[c] for e in entries if e.gone_in == gone.line for c in e.commands if c in scripts
    }
    return sorted(module for module in gone.modules if not _covers(prefixes, module))


def _code_list(names) -> str:
    return ", ".join(f"`{name}`" for name in names)


def _prs(prs: tuple[int, ...]) -> str:
    if not prs:
        return "not traced"
    return ", ".join(f"[#{pr}](https://github.com/DIRACGrid/DIRAC/pull/{pr})" for pr in prs)


def markdown(entries: list[Entry], gone: Removed, scripts: dict[str, str]) -> list[str]:
    """The removals of one line as MyST: a table joined to the data, then the other modules."""
    chosen = [entry for entry in entries if entry.gone_in == gone.line]
    lines = [
        f"Generated from the packages of {gone.before} and {gone.after}.",
        "",
        "| Removed | CE types, commands or modules | Use instead | Removed by |",
        "|---|---|---|---|",
    ]
    for entry in chosen:
        names = _code_list(entry.ce_types + entry.commands or entry.modules)
        lines.append(f"| {entry.what} | {names} | {entry.replacement} | {_prs(entry.prs)} |")
    others = uncovered_modules(entries, gone, scripts)
    if others:
        lines += [
            "",
            f"Other modules in {gone.before} and not in {gone.after}, with no entry of their "
            f"own: {_code_list(others)}.",
        ]
    return lines + [""]


class RemovedComponentsDirective(SphinxDirective):
    """``{removed-components} 9.0``: what that line removed, with replacements and PRs."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(DATA))
        try:
            removed = removed_by_line(checked_lines())
            entries = load_entries()
            validate(entries, removed)
        except ProblemError as error:
            error.log(logger)
            return []
        except InventoryError as error:
            logger.error(f"removed-components: {error}", location=self.get_location())
            return []
        line = self.arguments[0]
        if line not in removed:
            logger.error(
                f"removed-components: {line!r} is not a line that removes anything; use one of "
                f"{', '.join(removed)}",
                location=self.get_location(),
            )
            return []
        gone = removed[line]
        for version in (gone.before, gone.after):
            self.env.note_dependency(str(inventory_file(version)))
        scripts = {
            name: script.module for name, script in load_inventory(gone.before).scripts.items()
        }
        container = nodes.container(classes=["removed-components"])
        source = StringList(markdown(entries, gone, scripts), source=self.env.docname)
        self.state.nested_parse(source, self.content_offset, container)
        return container.children


def setup(app: Sphinx) -> dict:
    app.add_directive("removed-components", RemovedComponentsDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
