"""Check one code block against every DIRAC version it claims to work with.

:class:`Evaluator` is the Sybil evaluator: it returns None when the block is correct, else the
text of all problems, one per line, each starting with ``path:line:``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version
from sybil import Document, Example

from kb import paths, releases
from kb.examples import cfg, commands, diracx, formats, options, python_check, shell
from kb.examples.blocks import Block, CodeBlockParser
from kb.examples.inventory import COMMAND, all_script_names, all_versions, load, load_diracx
from kb.examples.summary import Tally
from kb.problems import InventoryError, ProblemError

SHELL_LANGUAGES = {"console": True, "shell": False}
UNCHECKED_LANGUAGES = {"text", "markdown"}
CHECKED_LANGUAGES = {*SHELL_LANGUAGES, "cfg", "python", *formats.CHECKERS}
LANGUAGES = ", ".join(sorted(CHECKED_LANGUAGES | UNCHECKED_LANGUAGES))
EXACT_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
VERSION_IN_SPEC = re.compile(r"\d+\.\d+\.\d+")


@dataclass
class Context:
    """Where the checks read their data; tests point it at fixtures."""

    inventory_directory: Path = paths.INVENTORY
    checked_versions: Callable[[str], tuple[str, ...]] = lambda name: releases.get(name).checked
    tally: Tally = field(default_factory=Tally)
    diracx_versions: Callable[[str], tuple[str, ...]] = lambda name: releases.get(name).diracx


def targets(block: Block, context: Context) -> list[str]:
    """The DIRAC versions a block is checked against.

    ``8.0.54`` is that version; a specifier naming full versions (``>=8.0.14``) admits the
    checked versions of every line it matches; any other specifier names release lines.
    """
    spec = block.releases.strip()
    if EXACT_VERSION.match(spec):
        return [spec]
    if not VERSION_IN_SPEC.search(spec):
        return [v for name in releases.resolve(spec) for v in context.checked_versions(name)]
    return admitted(
        spec,
        [v for name in releases.line_names() for v in context.checked_versions(name)],
        f"{spec!r} is neither a release line, a version nor a specifier such as '>=8.0.14'",
        f"{spec!r} admits none of the checked versions listed in conf/data/releases.toml",
    )


@dataclass(frozen=True)
class DiracxTargets:
    """The DiracX versions a block is checked against, newest first."""

    versions: tuple[str, ...]
    lines_without: tuple[str, ...] = ()
    """DIRAC lines of the block that install no DiracX (before 9.0): ``dirac`` is not there."""


def diracx_targets(block: Block, versions: list[str], context: Context) -> DiracxTargets:
    """The DiracX versions of a block: its ``diracx`` specifier, else those of its DIRAC lines.

    ``0.7.0`` is that version; a specifier (``>=0.4.1``) admits the DiracX versions recorded for
    any line in conf/data/releases.toml.
    """
    if block.diracx is None:
        per_line = {line: context.diracx_versions(line) for line in map(line_of, versions)}
        known = sorted(set().union(*per_line.values()), key=Version, reverse=True)
        without = tuple(line for line, found in per_line.items() if not found)
        return DiracxTargets(tuple(known), without)
    spec = block.diracx.strip()
    if EXACT_VERSION.match(spec):
        return DiracxTargets((spec,))
    known = {v for line in releases.line_names() for v in context.diracx_versions(line)}
    known_text = ", ".join(sorted(known, key=Version)) or "none"
    found = admitted(
        spec,
        sorted(known, key=Version, reverse=True),
        f"diracx: {spec!r} is neither a DiracX version (0.7.0) nor a specifier (>=0.4.1)",
        f"diracx: {spec!r} admits none of the DiracX versions listed in "
        f"conf/data/releases.toml ({known_text})",
    )
    return DiracxTargets(tuple(found))


def admitted(spec: str, versions: list[str], invalid: str, none: str) -> list[str]:
    """The ``versions`` the specifier ``spec`` admits, in their order; ``invalid`` and ``none``
    are the errors for a text that is not a specifier and for a specifier that admits none."""
    try:
        specifier = SpecifierSet(spec)
    except InvalidSpecifier:
        raise releases.ReleaseSpecError(invalid) from None
    found = [version for version in versions if Version(version) in specifier]
    if not found:
        raise releases.ReleaseSpecError(none)
    return found


class Evaluator:
    """The Sybil evaluator of code blocks, bound to a :class:`Context`."""

    def __init__(self, context: Context):
        self.context = context
        self.checks = {
            **dict.fromkeys(SHELL_LANGUAGES, self.check_shell),
            "cfg": self.check_cfg,
            "python": self.check_python,
            diracx.CONFIG_SCHEMA: self.check_config,
        }

    def __call__(self, example) -> str | None:
        return "\n".join(self.problems(example.parsed)) or None

    def problems(self, block: Block) -> list[str]:
        tally = self.context.tally
        if block.skip is not None:
            if not block.skip:
                return [
                    f"{block.location}: '% skip:' needs a reason, e.g. '% skip: needs a "
                    "running DIRAC server'"
                ]
            tally.skips.append((block.location, block.skip))
            return []
        if not block.language:
            return [
                f"{block.location}: the code block has no language; write one after the "
                f"fence (one of {LANGUAGES}) or add '% skip: <reason>' above it"
            ]
        if block.language in UNCHECKED_LANGUAGES:
            tally.checked(block.language, [])
            return []
        if block.language not in CHECKED_LANGUAGES:
            return [
                f"{block.location}: language {block.language!r} is not checked; use one of "
                f"{LANGUAGES} or add '% skip: <reason>' above the block"
            ]
        if block.schema is not None:
            if block.schema != diracx.CONFIG_SCHEMA or block.language != "yaml":
                return [
                    f"{block.location}: '% schema: {block.schema}' is not known; the one schema "
                    f"is '% schema: {diracx.CONFIG_SCHEMA}', above a yaml block of DiracX "
                    "configuration"
                ]
            if syntax := self.located(block, formats.check_yaml(block.source)):
                return syntax
        elif block.language in formats.CHECKERS:
            tally.checked(block.language, [])
            return self.located(block, formats.CHECKERS[block.language](block.source))
        if block.problem:
            return [block.problem]
        try:
            versions = targets(block, self.context)
            problems = self.checks[block.schema or block.language](block, versions)
        except (InventoryError, releases.ReleaseSpecError) as error:
            return [f"{block.location}: {error}"]
        tally.checked(block.language, versions)
        return problems

    @staticmethod
    def located(block: Block, problem: tuple[int, str] | None) -> list[str]:
        """Turn a (line in block, message) into ``path:line: message``."""
        if problem is None:
            return []
        line, message = problem
        return [f"{block.path}:{block.first_line + line - 1}: {message}"]

    def check_shell(self, block: Block, versions: list[str]) -> list[str]:
        allow = commands.allowed()
        dirac_names = all_script_names(self.context.inventory_directory)
        known = dirac_names | allow.commands | allow.wrappers | {COMMAND}
        try:
            parsed = shell.parse(
                block.source,
                block.first_line,
                console=SHELL_LANGUAGES[block.language],
                is_command=known.__contains__,
            )
        except ProblemError as error:
            return [f"{block.path}:{error.line}: {error.message}"]
        problems, diracx_problems, plain = [], [], []
        diracx_checked: set[str] = set()
        for command in parsed:
            argv = commands.unwrap(command.argv, allow.wrappers)
            if argv[0].rsplit("/", 1)[-1] != COMMAND:
                for version in versions:
                    inventory = load(version, self.context.inventory_directory)
                    for problem in commands.check_command(argv, inventory, dirac_names, allow):
                        problems.append((version, f"{block.path}:{command.line}: {problem}"))
                continue
            found = diracx_targets(block, versions, self.context)
            if found.lines_without:
                plain.append(
                    f"{block.path}:{command.line}: 'dirac' is the DiracX command, which DIRAC "
                    f"{', '.join(found.lines_without)} does not install; mark the block "
                    "'% dirac: >=9.0' (or give the page dirac: \">=9.0\")"
                )
                continue
            diracx_checked.update(found.versions)
            for version in found.versions:
                inventory = load_diracx(version, self.context.inventory_directory)
                for problem in diracx.check_command(argv[1:], inventory):
                    diracx_problems.append((version, f"{block.path}:{command.line}: {problem}"))
        self.context.tally.diracx_versions.update(diracx_checked)
        return merge_versions(problems) + plain + merge_versions(diracx_problems, "DiracX")

    def check_config(self, block: Block, versions: list[str]) -> list[str]:
        """A ``% schema: diracx-config`` YAML block has only the keys of DiracX's configuration."""
        found = diracx_targets(block, versions, self.context)
        if found.lines_without:
            return [
                f"{block.location}: DIRAC {', '.join(found.lines_without)} has no DiracX "
                "configuration; mark the block '% dirac: >=9.0' or '% diracx: <version>'"
            ]
        problems = [
            (version, text)
            for version in found.versions
            for problem in diracx.check_config(
                block.source, load_diracx(version, self.context.inventory_directory)
            )
            for text in self.located(block, problem)
        ]
        self.context.tally.diracx_versions.update(found.versions)
        return merge_versions(problems, "DiracX")

    def check_cfg(self, block: Block, versions: list[str]) -> list[str]:
        try:
            root = cfg.parse(block.source, block.first_line)
        except ProblemError as error:
            return [f"{block.path}:{error.line}: invalid CFG: {error.message}"]
        history = all_versions(self.context.inventory_directory)
        problems = []
        for version in versions:
            inventory = load(version, self.context.inventory_directory)
            instances = Version(version) < cfg.NO_SETUP_SINCE
            found = [
                *cfg.check(root, inventory, line_of(version)),
                *options.check(root, inventory, instances, history),
            ]
            problems += [(version, f"{block.path}:{line}: {text}") for line, text in found]
            for name in options.open_components(root, inventory, instances):
                self.context.tally.open_components.append(
                    (block.location, f"{name} in DIRAC {version}")
                )
        return merge_versions(problems)

    def check_python(self, block: Block, versions: list[str]) -> list[str]:
        try:
            tree = ast.parse(block.source, block.location)
        except SyntaxError as error:
            return self.located(block, (error.lineno or 1, f"Python syntax error: {error.msg}"))
        problems = [
            (version, text)
            for version in versions
            for problem in python_check.import_problems(
                tree, load(version, self.context.inventory_directory)
            )
            for text in self.located(block, problem)
        ]
        if problems:
            return merge_versions(problems)
        failure = python_check.run(block.source) if python_check.runnable(tree) else None
        return [f"{block.location}: {failure}"] if failure else []


def line_of(version: str) -> str:
    """The release line of a version: ``8.0`` for ``8.0.54``."""
    return ".".join(version.split(".")[:2])


def merge_versions(problems: list[tuple[str, str]], product: str = "DIRAC") -> list[str]:
    """One message per problem, naming every version it occurs in.

    The checks word their messages with "DIRAC <version>" (or "DiracX <version>"); the same
    message for several versions becomes "DIRAC 8.0.86, 9.0.28" instead of one line per version.
    """
    versions_of: dict[str, set[str]] = {}
    for version, message in problems:
        template = message.replace(f"{product} {version}", f"{product} {{versions}}")
        versions_of.setdefault(template, set()).add(version)
    return [
        template.replace(
            f"{product} {{versions}}", f"{product} {', '.join(sorted(versions, key=Version))}"
        )
        for template, versions in versions_of.items()
    ]


def examples(directory: Path, context: Context) -> list[Example]:
    """One Sybil example per code block of ``directory/**/*.md``, in file and line order."""
    parser = CodeBlockParser(Evaluator(context))
    found: list[Example] = []
    for path in sorted(directory.rglob("*.md")):
        found += Document.parse(str(path), parser)
    return found
