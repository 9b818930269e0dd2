"""Names that a DIRAC wheel defines: module top-level names, CE types, CloudCE options."""

import ast
import re

from .sources import Module, SourceIndex, top_level_statements

COMPUTING_DIR = "DIRAC/Resources/Computing/"
CLOUD_CE_MODULE = "DIRAC.Resources.Computing.CloudComputingElement"
_CE_FILE = re.compile(re.escape(COMPUTING_DIR) + r"(\w+)ComputingElement\.py")


def module_names(index: SourceIndex) -> dict[str, list[str]]:
    """Top-level names of every DIRAC module in the wheel (tests excluded), sorted."""
    result = {}
    for member in index.wheel.names():
        if not member.startswith("DIRAC/") or not member.endswith(".py") or _is_test(member):
            continue
        dotted = member[: -len(".py")].replace("/", ".").removesuffix(".__init__")
        module = index.module(dotted)
        if module is not None:
            result[dotted] = defined_names(module)
    return result


def _is_test(member: str) -> bool:
    *folders, file = member.split("/")
    return bool({"test", "tests"} & set(folders)) or file.startswith(("Test_", "test_"))


def defined_names(module: Module) -> list[str]:
    names = set()
    for node in top_level_statements(module.tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import):
            names.update(a.asname or a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names if a.name != "*")
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign | ast.For):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return sorted(names)


def ce_types(index: SourceIndex) -> list[str]:
    """CEType values: the factory loads Resources/Computing/<CEType>ComputingElement."""
    return sorted(m[1] for m in map(_CE_FILE.fullmatch, index.wheel.names()) if m)


def cloudce_keys(index: SourceIndex) -> list[str]:
    """CE parameters that CloudComputingElement reads; a family of keys shows as "Prefix_*"."""
    module = index.module(CLOUD_CE_MODULE)
    if module is None:
        return []
    keys = set()
    for node in ast.walk(module.tree):
        if (
            isinstance(node, ast.Call)
            and _is_parameters(getattr(node.func, "value", None))
            and node.args
        ):
            if getattr(node.func, "attr", "") in ("get", "pop", "setdefault"):
                keys.add(module.constant(node.args[0]))
        elif isinstance(node, ast.Subscript) and _is_parameters(node.value):
            keys.add(module.constant(node.slice))
        elif isinstance(node, ast.Compare) and any(_is_parameters(c) for c in node.comparators):
            keys.add(module.constant(node.left))
        elif isinstance(node, ast.comprehension) and _iterates_parameters(node.iter):
            for condition in node.ifs:
                keys.update(f"{prefix}*" for prefix in _startswith_prefixes(condition, module))
    keys.discard(None)
    return sorted(keys)


def _is_parameters(node) -> bool:
    """True for the expression self.ceParameters."""
    return isinstance(node, ast.Attribute) and node.attr == "ceParameters"


def _iterates_parameters(node) -> bool:
    """True for self.ceParameters and calls of its methods (self.ceParameters.items())."""
    method_call = isinstance(node, ast.Call) and _is_parameters(getattr(node.func, "value", None))
    return _is_parameters(node) or method_call


def _startswith_prefixes(condition, module: Module) -> list[str]:
    """The literal prefixes of the .startswith() calls in a condition."""
    calls = [
        n
        for n in ast.walk(condition)
        if getattr(getattr(n, "func", None), "attr", "") == "startswith"
    ]
    return [prefix for call in calls if call.args and (prefix := module.constant(call.args[0]))]
