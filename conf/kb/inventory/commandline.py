"""Command-line interface of DIRAC scripts: switches and positional arguments, found statically.

A switch is recorded as {"short": "T", "long": "lifetime", "value": true}; a
missing short or long form is null.  DIRAC's convention (from
LocalConfiguration.registerCmdOpt) is that a short form ending in ":" or a
long form ending in "=" takes a value.
"""

import ast
from dataclasses import replace

from kb.problems import InventoryError

from . import syntax
from .interpreter import UNKNOWN, ClassRef, FunctionRef, Instance, Interpreter, Registration
from .sources import SourceIndex

LOCAL_CONFIGURATION = "DIRAC.ConfigurationSystem.Client.LocalConfiguration"
# argparse actions that take no value on the command line
_FLAG_ACTIONS = frozenset(
    {"store_true", "store_false", "store_const", "append_const", "count", "help", "version"}
)


def script_interface(index: SourceIndex, module_name: str, function_name: str) -> dict:
    """Switches and positionals of one console script, and whether they are complete."""
    interpreter = Interpreter(index)
    module = index.module(module_name)
    if module is None:
        interpreter.problem(
            index.unparsable.get(module_name, f"module {module_name} is not in the wheel")
        )
    else:
        try:
            interpreter.run_module(module)
            entry = interpreter.resolve_global(module, function_name)
            if isinstance(entry, FunctionRef):
                interpreter.call(entry, [], {})
            else:
                interpreter.problem(
                    f"{module_name}: entry point function {function_name}() not found"
                )
        except RecursionError:
            interpreter.problem(f"{module_name}: too deep or too long to follow statically")
    switches, positional, problems = _convert(interpreter.registrations)
    problems = interpreter.problems + problems
    record = {
        "parser": next((p for p in ("dirac", "argparse") if p in interpreter.parsers), "none"),
        "switches": switches,
        "positional": positional,
        "switches_complete": not problems,
    }
    if problems:
        record["problems"] = problems
    return record


def script_description(index: SourceIndex, module_name: str) -> str:
    """The first paragraph of the script module's docstring: DIRAC's Script shows the module
    docstring as the script's help, and argparse scripts pass it as their description."""
    module = index.module(module_name)
    return syntax.first_paragraph(ast.get_docstring(module.tree) if module is not None else None)


def common_switches(index: SourceIndex) -> list[dict]:
    """Switches every DIRAC script accepts: LocalConfiguration.__registerBasicOptions."""
    interpreter = Interpreter(index)
    module = index.module(LOCAL_CONFIGURATION)
    cls = module and module.definitions.get("LocalConfiguration")
    if not isinstance(cls, ast.ClassDef):
        raise InventoryError(
            f"{index.wheel.path}: {LOCAL_CONFIGURATION}.LocalConfiguration not found; "
            "is this a DIRAC wheel?"
        )
    owner = ClassRef(module, cls)
    method = interpreter.find_method(owner, "__registerBasicOptions")
    if method is None:
        raise InventoryError(
            f"{index.wheel.path}: LocalConfiguration.__registerBasicOptions not found; "
            "kb.inventory needs updating for this DIRAC version"
        )
    interpreter.call(replace(method, bound_self=Instance(owner)), [], {})
    switches, _, problems = _convert(interpreter.registrations)
    if problems:
        raise InventoryError(
            f"{index.wheel.path}: cannot read the common switches: {'; '.join(problems)}"
        )
    return switches


def _convert(registrations: list[Registration]) -> tuple[list[dict], list[dict], list[str]]:
    switches, positional, problems = [], [], []
    for registration in registrations:
        try:
            kind, item = _CONVERTERS[registration.kind](registration)
        except ValueError as exc:
            problems.append(f"{registration.where}: {exc}")
            continue
        if kind is None:
            continue
        if registration.conditional:
            item["conditional"] = True
        target = switches if kind == "switch" else positional
        if item not in target:
            target.append(item)
    return switches, positional, problems


def _argument(registration: Registration, position: int, *names: str):
    if len(registration.args) > position:
        return registration.args[position]
    return next((registration.keywords[n] for n in names if n in registration.keywords), None)


def _dirac_switch(registration: Registration):
    short = _argument(registration, 0, "showKey", "shortOption")
    long = _argument(registration, 1, "longKey", "longOption")
    if not isinstance(short, str) or not isinstance(long, str):
        raise ValueError("switch names are not literal strings")
    short, long = short.strip(), long.strip()
    # getopt decides per form: "T:" and "lifetime=" take a value, "GroupName:" does not (its
    # ":" is part of the name). "value" is the short form's, else the long form's;
    # "long_value" is recorded only where the long form differs.
    short_value, long_value = short.endswith(":"), long.endswith("=")
    switch = {
        "short": short.rstrip(":") or None,
        "long": long.rstrip("=") or None,
        "value": short_value if short else long_value,
    }
    if short and long and long_value != short_value:
        switch["long_value"] = long_value
    return "switch", switch


def _dirac_argument(registration: Registration):
    description = _argument(registration, 0, "description")
    mandatory = _argument(registration, 1, "mandatory")
    values = _argument(registration, 2, "values")
    mandatory = True if mandatory is None else mandatory
    if not isinstance(mandatory, bool):
        raise ValueError("cannot tell whether the argument is mandatory")
    descriptions = [description] if isinstance(description, str) else description
    if (
        not isinstance(descriptions, tuple | list)
        or not descriptions
        or not all(isinstance(d, str) for d in descriptions)
    ):
        raise ValueError("argument description is not a literal string, tuple or list")
    names = [d.split(":")[0].strip() for d in descriptions]
    item = {
        "name": "|".join(names) if isinstance(description, tuple) else names[0],
        "optional": not mandatory,
    }
    if isinstance(description, tuple):
        item["alternatives"] = names
    if isinstance(description, list):
        item["repeatable"] = True
    if isinstance(values, list | tuple) and all(isinstance(v, str) for v in values):
        item["values"] = list(values)
    return "argument", item


def _argparse_argument(registration: Registration):
    flags = registration.args
    if not flags or not all(isinstance(f, str) for f in flags):
        raise ValueError("argparse option names are not literal strings")
    action = registration.keywords.get("action", "store")
    if action is UNKNOWN:
        raise ValueError("argparse action is not a literal")
    if not flags[0].startswith("-"):
        optional = registration.keywords.get("nargs") in ("?", "*")
        return "argument", {"name": flags[0], "optional": optional}
    return "switch", {
        "short": next((f[1:] for f in flags if len(f) == 2), None),
        "long": next((f[2:] for f in flags if f.startswith("--")), None),
        "value": action not in _FLAG_ACTIONS,
    }


def _argparse_parser(registration: Registration):
    if registration.keywords.get("add_help", True) is False:
        return None, None
    return "switch", {"short": "h", "long": "help", "value": False}


_CONVERTERS = {
    "switch": _dirac_switch,
    "argument": _dirac_argument,
    "argparse": _argparse_argument,
    "argparse-parser": _argparse_parser,
}
