"""Check a ``cfg`` example: DIRAC's CFG syntax, then release-specific rules.

The syntax is DIRAC's own parser, :mod:`diraccfg`.  It reports unbalanced braces without a
line and silently glues stray words into the next section name, so :func:`outline` walks the
text once more to give every section and option its line and to point at such mistakes.

The release rules (no Setups from 9.0 on, the ``CEType`` values of a release, the keys of a
CloudCE) and their sources are told in docs/about/checked-examples.md; the options of server
components are checked by :mod:`kb.examples.options`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import cache

from diraccfg import CFG
from packaging.version import Version

import kb.data
from kb import paths
from kb.examples.inventory import Inventory
from kb.problems import ProblemError, suggestion

NO_SETUP_SINCE = Version("9.0")
# The braces and words of a line without '=', spaces around the words left out: "Name {".
BRACE_OR_WORDS = re.compile(r"[{}]|[^{}\s](?:[^{}]*[^{}\s])?")
# The component categories of a system section (DIRAC 9.0 ConfigurationSystem/Client/PathFinder.py);
# a section holding one of them directly under /Systems/<System>/ is an old instance level.
SYSTEM_CATEGORIES = {"Services", "Agents", "Executors", "Databases", "APIs", "URLs", "FailoverURLs"}


@dataclass
class Section:
    path: tuple[str, ...]
    line: int
    options: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Option name → (value, line)."""
    children: dict[str, Section] = field(default_factory=dict)


def outline(text: str, first_line: int) -> Section:
    """Sections and options of a CFG text with their lines; raises ProblemError on mistakes."""
    root = Section((), first_line)
    stack = [root]
    pending: tuple[str, int] | None = None  # a word that must be a section name
    for number, raw in enumerate(text.splitlines(), start=first_line):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "=" in line and not line.startswith(("{", "}")):
            if pending:
                raise _stray(*pending)
            name, _, value = line.partition("=")
            appends = name.endswith("+")  # "Name += value" adds to an option set before
            name = name.rstrip("+").strip()
            if appends and name not in stack[-1].options:
                raise ProblemError.at(
                    "", number, f"'{name} +=' adds to an option not set before it"
                )
            stack[-1].options[name] = (value.strip(), number)
            continue
        for part in BRACE_OR_WORDS.findall(line):
            if part == "{":
                if pending is None:
                    raise ProblemError.at("", number, "'{' without a section name before it")
                name, name_line = pending
                section = Section(stack[-1].path + (name,), name_line)
                stack[-1].children[name] = section
                stack.append(section)
                pending = None
            elif pending:  # a word, or "}", after a word: it was not a section name
                raise _stray(*pending)
            elif part == "}":
                if len(stack) == 1:
                    raise ProblemError.at("", number, "'}' closes a section that was never opened")
                stack.pop()
            else:
                pending = (part, number)
    if pending:
        raise _stray(*pending)
    if len(stack) > 1:
        raise ProblemError.at(
            "", stack[-1].line, f"section {stack[-1].path[-1]!r} is opened here and never closed"
        )
    return root


def _stray(word: str, line: int) -> ProblemError:
    return ProblemError.at(
        "",
        line,
        f"{word!r} is neither an option ('Name = value') nor a section name followed by '{{'; "
        "to elide part of a CFG write a comment such as '# ...'",
    )


def parse(text: str, first_line: int) -> Section:
    """Parse with diraccfg (DIRAC's reader), then outline with lines.

    diraccfg raises ValueError for unbalanced braces and KeyError for ``+=`` on an unset option,
    both without a line: the outline, which refuses the same mistakes, supplies it.
    """
    try:
        CFG().loadFromBuffer(text)
    except (ValueError, KeyError) as error:
        reason = str(error).strip("'\"")
        try:
            outline(text, first_line)
        except ProblemError as located:
            raise ProblemError.at("", located.line, f"{reason} ({located.message})") from None
        raise ProblemError.at("", first_line, reason) from None
    return outline(text, first_line)


def walk(section: Section) -> Iterator[Section]:
    yield section
    for child in section.children.values():
        yield from walk(child)


@cache
def generic_ce_keys() -> tuple[frozenset[str], frozenset[str]]:
    """Options and sub-sections that any computing element may have."""
    data, _ = kb.data.load(paths.DATA / "ce-generic-keys.toml", "ce-generic-keys")
    keys = frozenset(key for group in data["keys"].values() for key in group)
    sections = frozenset(name for group in data["sections"].values() for name in group)
    return keys, sections


def check(root: Section, inventory: Inventory, release_line: str) -> Iterator[tuple[int, str]]:
    """Problems of a parsed CFG in one DIRAC version, as (line, message)."""
    version = inventory.version
    if Version(release_line) >= NO_SETUP_SINCE:
        yield from setup_problems(root, version)
    for section in walk(root):
        if "CEType" not in section.options or is_vmdirac_endpoint(section):
            continue
        value, line = section.options["CEType"]
        if value not in inventory.ce_types:
            hint = suggestion(value, inventory.ce_types)
            yield line, f"CEType {value!r} does not exist in DIRAC {version}{hint}"
        elif value == "Cloud":
            yield from cloud_problems(section, inventory)


def is_vmdirac_endpoint(section: Section) -> bool:
    """A section of a site's ``Cloud`` section, read by VMDIRAC, not by a computing element."""
    return len(section.path) >= 2 and section.path[-2] == "Cloud"


def setup_problems(root: Section, version: str) -> Iterator[tuple[int, str]]:
    dirac = root.children.get("DIRAC", Section((), 0))
    if "Setups" in dirac.children:
        line = dirac.children["Setups"].line
        yield line, f"/DIRAC/Setups: there are no Setups in DIRAC {version}; remove the section"
    if "Setup" in dirac.options:
        line = dirac.options["Setup"][1]
        yield line, f"/DIRAC/Setup: the option is not read by DIRAC {version}; remove it"
    systems = root.children.get("Systems", Section((), 0))
    for system in systems.children.values():
        for instance in system.children.values():
            if instance.children.keys() & SYSTEM_CATEGORIES or (
                system.path[-1] == "Tornado" and "Port" in instance.options
            ):
                message = (
                    f"/{'/'.join(instance.path)}: there are no system instances in "
                    f"DIRAC {version}; move its content up to /{'/'.join(system.path)}"
                )
                yield instance.line, message


def cloud_problems(ce: Section, inventory: Inventory) -> Iterator[tuple[int, str]]:
    """Options of a CloudCE and its queues that neither it nor a generic CE reads.

    The inventory's cloudce_keys may hold patterns: ``Driver_*`` stands for every option the
    CloudCE hands to the libcloud driver.
    """
    keys, sections = generic_ce_keys()
    known = inventory.cloudce_keys | keys
    queues = ce.children.get("Queues", Section((), 0))
    for section in [ce, *queues.children.values()]:
        for name, (_, line) in section.options.items():
            if not any(fnmatchcase(name, pattern) for pattern in known):
                message = (
                    f"{name!r} is not a CloudCE option in DIRAC {inventory.version}"
                    f"{suggestion(name, known)}"
                )
                yield line, message
    for name, child in ce.children.items():
        if name not in sections:
            yield child.line, f"a CloudCE section has no sub-section {name!r}"
