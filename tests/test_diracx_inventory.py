"""The DiracX inventory (kb.inventory.diracx): the ``dirac`` command read from Typer
definitions, and the configuration keys read from pydantic models, both with ``ast`` on
self-built wheels (tests/fixtures/inventory/diracx-mini/); and the committed 0.7.0 file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kb.inventory import diracx
from kb.inventory.build import render
from kb.problems import InventoryError
from test_inventory import build_wheel

MINI = Path(__file__).resolve().parent / "fixtures" / "inventory" / "diracx-mini"
DATA = Path(__file__).resolve().parent.parent / "conf" / "data" / "inventory"


@pytest.fixture
def record(tmp_path: Path) -> dict:
    cli = build_wheel(MINI / "cli", tmp_path / "diracx_cli-9.9.9-py3-none-any.whl")
    core = build_wheel(MINI / "core", tmp_path / "diracx_core-9.9.9-py3-none-any.whl")
    return diracx.inventory(cli, core, "9.9.9")


def option(names, value=True, required=False, multiple=False, type="text", **extra):
    return {
        "names": names,
        "value": value,
        "required": required,
        "multiple": multiple,
        "type": type,
        **extra,
    }


def argument(name, required=True, multiple=False, type="text", **extra):
    return {"name": name, "required": required, "multiple": multiple, "type": type, **extra}


def test_root_options_and_commands(record):
    cli = record["cli"]
    assert cli["description"] == "Set the output format."
    assert [o["names"] for o in cli["options"]] == [
        ["--output-format"],
        ["--install-completion"],
        ["--show-completion"],
    ]
    assert sorted(cli["commands"]) == ["internal", "jobs", "login"]
    assert cli["commands"]["internal"]["hidden"] is True  # from diracx.cli.hidden


def test_annotated_parameters(record):
    login = record["cli"]["commands"]["login"]
    assert login["description"] == "Log in with the device flow."
    assert login["arguments"] == [argument("vo", required=False, help="Virtual Organization name")]
    assert login["options"] == [option(["--property"], multiple=True, help="Extra properties")]


def test_plain_and_old_style_parameters(record):
    jobs = record["cli"]["commands"]["jobs"]["commands"]
    assert jobs["search"]["options"] == [
        option(["--parameter"], multiple=True),
        option(["--all/--no-all"], value=False, type="flag"),
        option(["--page"], type="int"),
    ]
    assert jobs["submit"]["arguments"] == [argument("jdl", multiple=True)]
    remove = jobs["remove"]  # @app.command("remove", hidden=True) on def kill
    assert remove["hidden"] is True
    assert remove["arguments"] == [argument("job", type="int")]
    assert remove["options"] == [option(["--force", "-f"], value=False, type="flag")]


def test_nested_add_typer_and_keyword_only_options(record):
    internal = record["cli"]["commands"]["internal"]["commands"]
    assert internal["add-vo"]["options"] == [
        option(["--vo"], required=True),
        option(["--default-group"]),
    ]
    assert internal["legacy"]["commands"]["cs-sync"]["arguments"] == [
        argument("old_file"),
        argument("new_file"),
    ]


def test_config_schema_keys(record):
    definitions = record["config_schema"]["$defs"]
    assert record["config_schema"]["$ref"] == "#/$defs/Config"
    assert sorted(definitions) == ["Config", "LooseConfig", "RegistryConfig", "UserConfig"]
    config = definitions["Config"]
    assert config["x-keys"] == ["Registry", "Loose", "Systems"]
    assert config["additionalProperties"] is False
    assert config["properties"]["Registry"] == {
        "type": "object",
        "additionalProperties": {"$ref": "#/$defs/RegistryConfig"},
    }
    assert config["properties"]["registry"] == config["properties"]["Registry"]  # by name too
    assert config["properties"]["Systems"] == {}  # Any: not described
    assert "additionalProperties" not in definitions["LooseConfig"]  # extra="ignore"


def test_the_record_is_deterministic(tmp_path, record):
    again = diracx.inventory(
        build_wheel(MINI / "cli", tmp_path / "again_cli-9.9.9-py3-none-any.whl"),
        build_wheel(MINI / "core", tmp_path / "again_core-9.9.9-py3-none-any.whl"),
        "9.9.9",
    )
    assert render(again) == render(record)


def test_a_wheel_without_the_dirac_script_is_refused(tmp_path):
    core = build_wheel(MINI / "core", tmp_path / "diracx_core-9.9.9-py3-none-any.whl")
    with pytest.raises(InventoryError, match="expected one .*entry_points.txt"):
        diracx.inventory(core, core, "9.9.9")


def test_the_committed_070_inventory_has_the_documented_commands():
    """The commands of diracx-cli 0.7.0 as the fact sheet lists them (its section 4)."""
    cli = json.loads((DATA / "diracx-0.7.0.json").read_text())["cli"]
    groups = cli["commands"]
    assert sorted(groups) == ["config", "internal", "jobs", "login", "logout", "whoami"]
    assert sorted(groups["jobs"]["commands"]) == ["search", "submit"]
    assert sorted(groups["internal"]["commands"]["legacy"]["commands"]) == [
        "cs-sync",
        "generate-helm-values",
    ]
    search = {n for o in groups["jobs"]["commands"]["search"]["options"] for n in o["names"]}
    assert search == {"--parameter", "--condition", "--all/--no-all", "--page", "--per-page"}
