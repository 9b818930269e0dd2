"""kb as an installed package: every distribution it imports is declared, the command-line tools
load no Sphinx, and the build loads no test tool."""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
import time
import tomllib
from functools import cache
from importlib.metadata import distribution, packages_distributions
from pathlib import Path

import pytest
from conftest import ROOT, run_make
from kb import paths
from kb.extension import PARTS
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = {canonicalize_name(Requirement(r).name) for r in PROJECT["dependencies"]}
TEST = {canonicalize_name(Requirement(r).name) for r in PROJECT["optional-dependencies"]["test"]}

#: Modules that only the tests import, so they may use the test extra: the example checks run
#: under pytest (make check-examples). The build imports none of them (checked below).
TEST_ONLY = {
    "kb.examples.blocks": "finds code blocks with Sybil, for tests/test_examples.py",
    "kb.examples.check": "Sybil's evaluator of tests/test_examples.py",
    "kb.examples.diracx": "parses dirac commands with Click, for the example checks",
}

#: The command-line tools of [project.scripts]: none but kb-site builds, and it starts Sphinx
#: in processes of its own.
SCRIPTS = PROJECT["scripts"]


def module_name(path: Path) -> str:
    parts = path.relative_to(paths.CONF).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) in {
        "TYPE_CHECKING",
        "typing.TYPE_CHECKING",
    }


def imported(tree: ast.AST) -> set[str]:
    """The absolute imports of a module, anywhere but under ``if TYPE_CHECKING:``."""
    found: set[str] = set()
    for node in ast.iter_child_nodes(tree):
        if type_checking_only(node):
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        found |= imported(node)
    return found


@cache
def installed_packages() -> dict[str, list[str]]:
    """The distributions that install each top-level module: importlib.metadata reads every
    installed distribution's file list to say (0.1 to 0.3 s), so it is asked once."""
    return packages_distributions()


@cache
def distributions_of(module: str) -> frozenset[str]:
    """The distributions that install ``module`` (one, unless its top is a namespace package
    that several share, like sphinxcontrib: then the one holding ``module``'s file)."""
    top = module.split(".")[0]
    names = installed_packages().get(top, [])
    if len(names) <= 1:
        return frozenset(canonicalize_name(name) for name in names)
    origin = Path(importlib.util.find_spec(module).origin).resolve()
    return frozenset(
        canonicalize_name(name)
        for name in names
        if any(distribution(name).locate_file(f).resolve() == origin for f in files_of(name))
    )


def files_of(name: str) -> list:
    return distribution(name).files or []


def third_party(module: str) -> bool:
    top = module.split(".")[0]
    return top != "kb" and top not in sys.stdlib_module_names


KB_MODULES = sorted(paths.KB.rglob("*.py"))


def test_the_walk_sees_every_module_and_its_imports():
    names = {module_name(path) for path in KB_MODULES}
    assert {"kb", "kb.extension", "kb.records.cli", "kb.links.html", "kb.paths"} <= names
    navigation = ast.parse((paths.KB / "links" / "navigation.py").read_text(encoding="utf-8"))
    assert "lxml.cssselect" in imported(navigation)
    guarded = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import sphinx\n")
    assert "sphinx" not in imported(guarded)
    assert distributions_of("sphinxcontrib.bibtex") == {"sphinxcontrib-bibtex"}


@pytest.mark.parametrize("path", KB_MODULES, ids=lambda path: module_name(path))
def test_every_import_is_a_declared_dependency(path: Path):
    module = module_name(path)
    allowed = RUNTIME | TEST if module in TEST_ONLY else RUNTIME
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    missing = {
        name: sorted(distributions_of(name))
        for name in sorted(filter(third_party, imported(tree)))
        if not distributions_of(name) & allowed
    }
    where = "[project] dependencies" + (" or the test extra" if module in TEST_ONLY else "")
    assert not missing, f"{path}: imports of distributions not in {where}: {missing}"


def modules_loaded(code: str) -> set[str]:
    """The top-level modules loaded after running ``code`` in a new interpreter."""
    probe = f"import sys\n{code}\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(done.stdout.split())


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_a_command_line_tool_loads_no_sphinx(script):
    target, function = SCRIPTS[script].split(":")
    loaded = modules_loaded(f"from {target} import {function}")
    assert not {"sphinx", "docutils"} & loaded, f"{script} ({target}) loads Sphinx"


def test_the_probe_sees_sphinx_where_it_is_loaded():
    assert "sphinx" in modules_loaded("import kb.extension")


def test_importing_kb_loads_nothing_heavy():
    assert not {"sphinx", "docutils", "pygments", "yaml"} & modules_loaded("import kb")


def test_the_build_loads_no_test_tool():
    """Every part of the extension, imported as the build sets it up, without a test extra."""
    code = "\n".join(f"import {part}" for part in PARTS)
    test_tools = {top for top, names in installed_packages().items() if set(names) & TEST}
    needed_by_build = {
        top
        for top, names in installed_packages().items()
        if {canonicalize_name(n) for n in names} & RUNTIME
    }
    assert not (modules_loaded(code) & test_tools) - needed_by_build


def test_make_never_installs_kb_into_a_venv_linked_from_another_checkout(project_copy):
    """A .venv that links to this run's virtualenv: installing the copy's kb there would re-point
    every checkout that shares it, so make refuses, says why, and this checkout's kb stays."""
    (project_copy / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    later = time.time() + 60  # a pyproject.toml newer than the virtualenv's mark: make installs
    os.utime(project_copy / "pyproject.toml", (later, later))
    result = run_make(project_copy, "venv")
    assert result.returncode != 0, result.stdout
    assert "links to a virtualenv whose kb is not this checkout's" in result.stdout
    assert f"({ROOT})" in result.stdout
    assert "pip install" not in result.stdout, "the shared virtualenv was changed before the check"
    probe = "from kb import paths; print(paths.ROOT)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd="/")
    assert done.stdout.strip() == str(ROOT)
