"""Parsed DIRAC modules of one wheel, and resolution of the names they use."""

import ast
from dataclasses import dataclass, field

from . import syntax
from .wheel import Wheel


@dataclass(eq=False)
class Module:
    """One parsed module: its top-level definitions, imports and assignments."""

    name: str
    tree: ast.Module
    # def/class name -> node
    definitions: dict[str, ast.AST] = field(default_factory=dict)
    # alias -> (module, attribute); attribute is None for `import module`
    imports: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    # name -> the last value assigned to it at top level
    assignments: dict[str, ast.expr] = field(default_factory=dict)
    # values bound while the interpreter runs this module
    globals: dict[str, object] = field(default_factory=dict)

    @classmethod
    def parse(cls, name: str, source: str, filename: str) -> "Module":
        module = cls(name, ast.parse(source, filename=filename))
        for node in top_level_statements(module.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                module.definitions[node.name] = node
            elif isinstance(node, ast.Import | ast.ImportFrom):
                module.imports.update(import_bindings(node))
            elif (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                module.assignments[node.targets[0].id] = node.value
        return module

    def constant(self, node: ast.expr) -> str | None:
        """A string literal, or a top-level name bound to one."""
        if isinstance(node, ast.Name):
            node = self.assignments.get(node.id)
        return syntax.text(node)


def import_bindings(node: ast.Import | ast.ImportFrom) -> dict[str, tuple[str, str | None]]:
    """Name bound -> (module, attribute) of an absolute import; attribute None for ``import x``."""
    bindings = {}
    for alias in node.names:
        if isinstance(node, ast.Import):
            # `import a.b` binds a to the module a; `import a.b as c` binds c to the module a.b
            module = alias.name if alias.asname else alias.name.split(".")[0]
            bindings[alias.asname or module] = (module, None)
        elif not node.level and node.module and alias.name != "*":
            bindings[alias.asname or alias.name] = (node.module, alias.name)
    return bindings


def top_level_statements(tree: ast.Module):
    """Statements run at import time, including those nested in if/try/with blocks (not in defs)."""
    pending = list(tree.body)
    while pending:
        node = pending.pop(0)
        yield node
        if isinstance(node, ast.If | ast.With | ast.For | ast.While):
            pending[:0] = node.body + getattr(node, "orelse", [])
        elif isinstance(node, ast.Try):
            handlers = [statement for handler in node.handlers for statement in handler.body]
            pending[:0] = node.body + handlers + node.orelse + node.finalbody


class SourceIndex:
    """Loads DIRAC modules from a wheel on demand; a module that is not in the wheel is None."""

    def __init__(self, wheel: Wheel):
        self.wheel = wheel
        self._modules: dict[str, Module | None] = {}
        self.unparsable: dict[str, str] = {}  # module -> syntax error message

    def module(self, dotted: str) -> Module | None:
        if dotted not in self._modules:
            self._modules[dotted] = None
            if member := self.wheel.module_path(dotted):
                try:
                    self._modules[dotted] = Module.parse(
                        dotted, self.wheel.read_text(member), member
                    )
                except SyntaxError as exc:
                    self.unparsable[dotted] = f"{member}:{exc.lineno}: {exc.msg}"
        return self._modules[dotted]
