"""Check DiracX examples against one DiracX version's inventory (conf/data/inventory/diracx-*.json).

``dirac ...`` command lines are parsed by Click, the library Typer builds the real ``dirac``
command on: the command tree of the inventory is rebuilt as Click groups and commands without
callbacks, so sub-commands, options (``--page 2``, ``--page=2``, repeated options, ``--all`` and
``--no-all``), their values and the arguments are accepted or refused as the real command would.

YAML blocks of DiracX configuration are validated with ``jsonschema`` against the keys of the
pydantic models of diracx-core; a key the models do not have fails, with its line.
"""

from __future__ import annotations

import contextlib
import io
from functools import cache

import click
import yaml

from kb.data import Where, line_of, yaml_lines
from kb.examples.inventory import COMMAND, DiracxInventory
from kb.problems import suggestion

CONFIG_SCHEMA = "diracx-config"
VALUE_TYPES = {"int": click.INT, "float": click.FLOAT, "text": click.STRING}


def click_parameter(entry: dict, kind: str) -> click.Parameter:
    value_type = VALUE_TYPES.get(entry["type"], click.STRING)
    if kind == "argument":
        return click.Argument(
            [entry["name"]],
            required=entry["required"],
            nargs=-1 if entry["multiple"] else 1,
            type=value_type,
        )
    return click.Option(
        entry["names"],
        is_flag=not entry["value"],
        required=entry["required"],
        multiple=entry["multiple"],
        type=None if not entry["value"] else value_type,
    )


def click_command(name: str, entry: dict) -> click.Command:
    params = [click_parameter(o, "option") for o in entry["options"]]
    params += [click_parameter(a, "argument") for a in entry["arguments"]]
    if "commands" not in entry:
        return click.Command(name, params=params, help=entry["description"])
    return click.Group(
        name,
        params=params,
        commands=[click_command(sub, sub_entry) for sub, sub_entry in entry["commands"].items()],
        help=entry["description"],
    )


@cache
def command_tree(inventory: DiracxInventory) -> click.Group:
    return click_command(COMMAND, inventory.cli)


def check_command(arguments: list[str], inventory: DiracxInventory) -> list[str]:
    """Problems of ``dirac <arguments>`` in one DiracX version; empty when it is valid."""
    version = f"DiracX {inventory.version}"
    quiet = io.StringIO()
    try:
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            command_tree(inventory).main(arguments, prog_name=COMMAND, standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError:
        return []  # "dirac jobs" alone prints the sub-commands, as "--help" would
    except click.exceptions.NoSuchCommand as error:
        names = sorted(error.ctx.command.commands)
        return [
            f"{error.ctx.command_path} has no sub-command {error.command_name!r} in {version}"
            f"{suggestion(error.command_name, names)} (it has: {', '.join(names)})"
        ]
    except click.exceptions.NoSuchOption as error:
        accepted = [
            name
            for param in error.ctx.command.params
            if isinstance(param, click.Option)
            for name in param.opts + param.secondary_opts
        ]
        return [
            f"{error.ctx.command_path} has no option {error.option_name} in {version}"
            f"{suggestion(error.option_name, accepted)} (it accepts: "
            f"{', '.join(accepted) or 'none'})"
        ]
    except click.exceptions.MissingParameter as error:
        param = error.param
        if isinstance(param, click.Argument):
            what = f"the argument {param.human_readable_name}"
        else:
            what = f"the option {param.opts[0]}"
        return [f"{error.ctx.command_path} needs {what} in {version}"]
    except click.ClickException as error:
        context = getattr(error, "ctx", None)
        path = context.command_path if context else COMMAND
        return [f"{path}: {error.format_message()} (in {version})"]
    return []


def check_config(text: str, inventory: DiracxInventory) -> list[tuple[int, str]]:
    """(line in block, message) for each key of a DiracX configuration the models do not have."""
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return []  # the YAML syntax check reports it
    if data is None:
        return []
    import jsonschema  # here, not at the top: it takes a fifth of a second to import

    validator = jsonschema.Draft202012Validator(inventory.config_schema)
    lines = dict(yaml_lines(root))
    return sorted(
        problem
        for error in validator.iter_errors(data)
        for problem in describe(error, lines, inventory)
    )


def describe(error, lines: dict[Where, int], inventory: DiracxInventory) -> list[tuple[int, str]]:
    path = list(error.path)
    where = "/" + "/".join(map(str, path)) if path else "the top level"
    if error.validator == "additionalProperties":
        model = error.schema.get("title", "this section")
        allowed = error.schema.get("x-keys", sorted(error.schema.get("properties", {})))
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})), key=str)
        return [
            (
                line_of(lines, (*path, key)),
                f"{where}: {key!r} is not a key of the DiracX {inventory.version} configuration"
                f"{suggestion(str(key), allowed)} ({model} has: {', '.join(allowed)})",
            )
            for key in unknown
        ]
    if error.validator == "type":
        kind = type(error.instance).__name__
        message = f"{where} must be a section (a mapping) in DiracX {inventory.version}, not {kind}"
        return [(line_of(lines, tuple(path)), message)]
    return [(line_of(lines, tuple(path)), f"{where}: {error.message} (DiracX {inventory.version})")]
