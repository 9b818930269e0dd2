"""Check a ``python`` example: it compiles, its DIRAC imports exist, and, if safe, it runs.

Run rule: a block runs (in a separate, isolated interpreter, from an empty temporary folder)
only when it imports nothing but standard-library modules and none of those that reach the
network or start other programs (:data:`UNSAFE_MODULES`).  A block that imports DIRAC or any
other third-party package is compiled and import-checked but not run: DIRAC code needs a
configured installation and usually a server.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tempfile
from dataclasses import dataclass

from kb.examples.inventory import Inventory
from kb.problems import suggestion

UNSAFE_MODULES = {
    "socket",
    "ssl",
    "http",
    "urllib",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "xmlrpc",
    "subprocess",
    "multiprocessing",
    "asyncio",
    "webbrowser",
    "shutil",
    "ctypes",
}
# A safety net against a block that never ends, not a performance check.
RUN_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class ImportedName:
    line: int
    module: str
    name: str | None
    """The name of a ``from module import name``; None for ``import module``."""


def compile_block(source: str, filename: str) -> ast.Module:
    """Parse the block; a SyntaxError keeps its ``lineno`` relative to the block."""
    return ast.parse(source, filename=filename)


def imports(tree: ast.Module) -> list[ImportedName]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [ImportedName(node.lineno, alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [ImportedName(node.lineno, node.module, alias.name) for alias in node.names]
    return found


def is_dirac(module: str) -> bool:
    return module == "DIRAC" or module.startswith("DIRAC.")


def import_problems(tree: ast.Module, inventory: Inventory) -> list[tuple[int, str]]:
    """(line in block, message) for each DIRAC import the release does not provide."""
    problems = []
    for imported in imports(tree):
        if not is_dirac(imported.module) or imported.module == "DIRAC" and not imported.name:
            continue
        names = inventory.modules.get(imported.module)
        if names is None:
            problems.append(
                (
                    imported.line,
                    f"module {imported.module} does not exist in DIRAC "
                    f"{inventory.version}{suggestion(imported.module, inventory.modules)}",
                )
            )
        elif (
            imported.name
            and imported.name != "*"
            and imported.name not in names
            and (f"{imported.module}.{imported.name}" not in inventory.modules)
        ):
            problems.append(
                (
                    imported.line,
                    f"{imported.module} has no name {imported.name!r} in DIRAC "
                    f"{inventory.version}{suggestion(imported.name, names)}",
                )
            )
    return problems


def runnable(tree: ast.Module) -> bool:
    """True when every import is a standard-library module outside UNSAFE_MODULES."""
    for imported in imports(tree):
        top = imported.module.split(".")[0]
        if top not in sys.stdlib_module_names or top in UNSAFE_MODULES:
            return False
    return True


def run(source: str) -> str | None:
    """Run the block in a fresh isolated interpreter; the error text, or None on success."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            result = subprocess.run(
                [sys.executable, "-I", "-c", source],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=RUN_TIMEOUT_SECONDS,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            return f"the block did not finish within {RUN_TIMEOUT_SECONDS} s"
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        return f"running the block failed: {lines[-1] if lines else f'exit {result.returncode}'}"
    return None
