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
from collections.abc import Iterator

from kb.examples.inventory import Inventory
from kb.problems import suggestion

UNSAFE_MODULES = {
    *("socket", "ssl", "http", "urllib", "ftplib", "smtplib", "poplib", "imaplib", "xmlrpc"),
    *("webbrowser", "subprocess", "multiprocessing", "asyncio", "shutil", "ctypes"),
}
# A safety net against a block that never ends, not a performance check.
RUN_TIMEOUT_SECONDS = 60


def imports(tree: ast.Module) -> Iterator[tuple[int, str, str | None]]:
    """(line, module, name) of each absolute import; name is None for ``import module``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield from ((node.lineno, node.module, alias.name) for alias in node.names)


def import_problems(tree: ast.Module, inventory: Inventory) -> Iterator[tuple[int, str]]:
    """(line in block, message) for each DIRAC import the release does not provide."""
    version = inventory.version
    for line, module, name in imports(tree):
        if module.split(".")[0] != "DIRAC" or module == "DIRAC" and not name:
            continue
        names = inventory.modules.get(module)
        if names is None:
            hint = suggestion(module, inventory.modules)
            yield line, f"module {module} does not exist in DIRAC {version}{hint}"
        elif name not in (None, "*", *names) and f"{module}.{name}" not in inventory.modules:
            yield line, f"{module} has no name {name!r} in DIRAC {version}{suggestion(name, names)}"


def runnable(tree: ast.Module) -> bool:
    """True when every import is a standard-library module outside UNSAFE_MODULES."""
    tops = {module.split(".")[0] for _, module, _ in imports(tree)}
    return tops <= sys.stdlib_module_names and not tops & UNSAFE_MODULES


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
