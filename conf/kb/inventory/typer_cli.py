"""Read the ``dirac`` command of a diracx-cli wheel from its Typer definitions, with ``ast``.

Nothing is imported: the command tree is rebuilt from the source the way Typer builds it.

* The ``dirac`` console script names the root app; the entry-point groups ``diracx.cli`` and
  ``diracx.cli.hidden`` add one sub-app each (``diracx/cli/__init__.py`` loads them in a loop),
  and ``<app>.add_typer(<module>.app, name="...")`` calls add nested ones.
* A function decorated with ``@app.command()`` or ``@app.async_command()`` is a command, named
  after the function with ``_`` turned into ``-`` unless the decorator names it; its
  docstring's first line is its description. ``@app.callback()`` gives the app's own options.
* A parameter is an argument or an option as Typer decides: ``typer.Argument`` /
  ``typer.Option`` in ``Annotated[...]`` or as the default; otherwise a parameter without a
  default is an argument and one with a default an option. An option is ``--name`` (``_`` as
  ``-``) unless the ``Option`` call names it; a ``bool`` option is a flag with a ``--no-``
  form; a ``list[...]`` option may be repeated and a ``list[...]`` argument takes several
  values. A parameter without a default is required.
"""

from __future__ import annotations

import ast
import importlib.util

from kb.problems import InventoryError

from . import syntax
from .wheel import Wheel

ROOT_SCRIPT = "dirac"
SUB_APP_GROUPS = {"diracx.cli": False, "diracx.cli.hidden": True}  # group -> hidden
APP_CLASSES = {"Typer", "AsyncTyper"}
COMMAND_DECORATORS = {"command", "async_command"}
MARKERS = {"Option", "Argument"}
SCALAR_TYPES = {"bool": "flag", "int": "int", "float": "float"}
# What Typer adds to the root command of an app created with the default add_completion=True.
COMPLETION_OPTIONS = tuple(
    {
        "names": [f"--{verb}-completion"],
        "value": False,
        "required": False,
        "multiple": False,
        "type": "flag",
        "help": f"{verb.capitalize()} completion for the current shell (added by Typer).",
    }
    for verb in ("install", "show")
)


class CliReader:
    def __init__(self, wheel: Wheel):
        self.wheel = wheel
        self.trees: dict[str, ast.Module] = {}

    def tree(self, module: str) -> ast.Module:
        if module not in self.trees:
            member = self.wheel.module_path(module)
            if member is None:
                raise InventoryError(f"{self.wheel.path}: module {module} is not in the wheel")
            self.trees[module] = ast.parse(self.wheel.read_text(member), filename=member)
        return self.trees[module]

    def resolve(self, module: str, name: str) -> tuple[str, str]:
        """Follow ``from .x import name`` until the module that assigns ``name = Typer()``: that
        module, and the app's name there."""
        for node in self.tree(module).body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets
            ):
                call = node.value
                if isinstance(call, ast.Call) and syntax.called(call) in APP_CLASSES:
                    return module, name
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if (alias.asname or alias.name) == name:
                        return self.resolve(_absolute(self.wheel, module, node), alias.name)
        raise InventoryError(
            f"{self.wheel.path}: no Typer app {name!r} found in {module}; has diracx-cli "
            "changed how it builds its command line?"
        )

    def module_alias(self, module: str, alias: str) -> str:
        """The module that ``alias`` names in ``module`` (``from . import legacy``)."""
        for node in self.tree(module).body:
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for imported in node.names:
                if (imported.asname or imported.name) == alias:
                    if isinstance(node, ast.Import):
                        return imported.name
                    return f"{_absolute(self.wheel, module, node)}.{imported.name}".strip(".")
        raise InventoryError(
            f"{self.wheel.path}: cannot tell which module {alias!r} is in {module}"
        )

    def app(self, entry_module: str, name: str, hidden: bool = False) -> dict:
        """The command group of one app: its options, commands and sub-groups."""
        source_module, app_name = self.resolve(entry_module, name)
        group = {
            "hidden": hidden,
            "description": "",
            "options": [],
            "arguments": [],
            "commands": {},
        }
        for node in self.tree(source_module).body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for decorator in node.decorator_list:
                kind = _decorator_kind(decorator, app_name)
                if kind == "command":
                    group["commands"][_command_name(decorator, node)] = command(node, decorator)
                elif kind == "callback":
                    parameters = read_parameters(node, f"{source_module}.{node.name}")
                    group["options"] = parameters["options"]
                    group["description"] = syntax.first_paragraph(ast.get_docstring(node))
        for module in dict.fromkeys((entry_module, source_module)):
            for sub_name, sub_module, sub_app, sub_hidden in self.add_typer_calls(module, name):
                group["commands"][sub_name] = self.app(sub_module, sub_app, sub_hidden)
        group["commands"] = dict(sorted(group["commands"].items()))
        return group

    def add_typer_calls(self, module: str, app_name: str):
        """``app.add_typer(legacy.app, name="legacy")`` calls with a literal name."""
        for node in ast.walk(self.tree(module)):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "add_typer"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == app_name
                and node.args
            ):
                continue
            name = syntax.keyword(node, "name")
            target = node.args[0]
            if name is None or not isinstance(target, ast.Attribute):
                continue  # a name computed at run time: the entry points give those
            assert isinstance(target.value, ast.Name)
            hidden = syntax.keyword(node, "hidden") is True
            yield name, self.module_alias(module, target.value.id), target.attr, hidden


def command(node: ast.FunctionDef | ast.AsyncFunctionDef, decorator: ast.expr) -> dict:
    return {
        "hidden": syntax.keyword(decorator, "hidden") is True,
        "description": syntax.keyword(decorator, "help")
        or syntax.first_paragraph(ast.get_docstring(node)),
        **read_parameters(node, node.name),
    }


def read_parameters(node: ast.FunctionDef | ast.AsyncFunctionDef, where: str) -> dict:
    arguments = node.args
    positional = arguments.posonlyargs + arguments.args
    defaults = [None] * (len(positional) - len(arguments.defaults)) + arguments.defaults
    options, positionals = [], []
    for argument, default in [
        *zip(positional, defaults, strict=True),
        *zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True),
    ]:
        kind, entry = parameter(argument, default, where)
        (options if kind == "option" else positionals).append(entry)
    return {"options": options, "arguments": positionals}


def parameter(argument: ast.arg, default: ast.expr | None, where: str) -> tuple[str, dict]:
    annotation = argument.annotation
    marker = None
    if (
        isinstance(annotation, ast.Subscript)
        and syntax.name(annotation.value) == "Annotated"
        and isinstance(annotation.slice, ast.Tuple)
    ):
        annotation, *extras = annotation.slice.elts
        marker = next((e for e in extras if syntax.called(e) in MARKERS), None)
    if marker is None and syntax.called(default) in MARKERS:
        marker, default = default, _marker_default(default)
    required = default is None
    value_type, multiple = annotation_type(annotation, where, argument.arg)
    is_argument = syntax.called(marker) == "Argument" if marker is not None else required
    help_text = syntax.keyword(marker, "help")
    entry: dict = {"required": required, "multiple": multiple, "type": value_type}
    if help_text:
        entry["help"] = " ".join(str(help_text).split())
    if is_argument:
        return "argument", {"name": argument.arg, **entry}
    names = [a.value for a in getattr(marker, "args", []) if (syntax.text(a) or "").startswith("-")]
    long_name = "--" + argument.arg.replace("_", "-")
    if not names:
        names = [f"{long_name}/--no-{long_name[2:]}"] if value_type == "flag" else [long_name]
    return "option", {"names": names, "value": value_type != "flag", **entry}


def _marker_default(call: ast.Call) -> ast.expr | None:
    """The default of an old-style ``x: str = typer.Option(default, "--name")``; None: required."""
    given = [a for a in call.args if not (isinstance(a, ast.Constant) and str(a.value)[:1] == "-")]
    default = next((k.value for k in call.keywords if k.arg == "default"), None)
    default = given[0] if given else default
    is_required = isinstance(default, ast.Constant) and default.value is Ellipsis
    return None if is_required else default


def annotation_type(annotation: ast.expr | None, where: str, name: str) -> tuple[str, bool]:
    """(``flag``, ``int``, ``float`` or ``text``; whether it takes a list) of an annotation."""
    if annotation is None:
        return "text", False
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        annotation = ast.parse(annotation.value, mode="eval").body  # a string annotation
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        parts = [p for p in (annotation.left, annotation.right) if syntax.name(p) != "None"]
        return annotation_type(parts[0], where, name)
    if isinstance(annotation, ast.Subscript):
        outer = syntax.name(annotation.value)
        if outer == "Optional":
            return annotation_type(annotation.slice, where, name)
        if outer in {"list", "List"}:
            return annotation_type(annotation.slice, where, name)[0], True
        raise InventoryError(
            f"{where}: parameter {name!r} has a type the inventory does not "
            f"know ({ast.unparse(annotation)}); extend annotation_type"
        )
    return SCALAR_TYPES.get(syntax.name(annotation), "text"), False


def _absolute(wheel: Wheel, module: str, node: ast.ImportFrom) -> str:
    """The module an ``ImportFrom`` in ``module`` names, as Python resolves a relative import."""
    is_package = (wheel.module_path(module) or "").endswith("/__init__.py")
    package = module if is_package else module.rpartition(".")[0]
    return importlib.util.resolve_name("." * node.level + (node.module or ""), package)


def _command_name(decorator: ast.expr, node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """``@app.command("name")`` or ``(name="name")``, else the function's name, ``_`` as ``-``."""
    first = decorator.args[0] if isinstance(decorator, ast.Call) and decorator.args else None
    return syntax.keyword(decorator, "name") or syntax.text(first) or node.name.replace("_", "-")


def _decorator_kind(decorator: ast.expr, app_name: str) -> str | None:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if not (isinstance(target, ast.Attribute) and syntax.name(target.value) == app_name):
        return None
    if target.attr in COMMAND_DECORATORS:
        return "command"
    return "callback" if target.attr == "callback" else None


def dirac_command(wheel: Wheel) -> dict:
    """The whole ``dirac`` command tree of a diracx-cli wheel."""
    entry_points = wheel.entry_points()
    if not entry_points.has_option("console_scripts", ROOT_SCRIPT):
        raise InventoryError(
            f"{wheel.path}: no '{ROOT_SCRIPT}' console script; is this diracx-cli?"
        )
    module, name = entry_points.get("console_scripts", ROOT_SCRIPT).strip().split(":")
    reader = CliReader(wheel)
    root = reader.app(module, name)
    root["options"] = root["options"] + [dict(option) for option in COMPLETION_OPTIONS]
    for group, hidden in SUB_APP_GROUPS.items():
        if entry_points.has_section(group):
            for sub_name, target in entry_points.items(group):
                sub_module, sub_app = target.strip().split(":")
                root["commands"][sub_name] = reader.app(sub_module, sub_app, hidden)
    root["commands"] = dict(sorted(root["commands"].items()))
    return root
