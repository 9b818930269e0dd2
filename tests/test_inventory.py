"""The DIRAC release inventory (kb.inventory): extractor, committed data, determinism, errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from kb.examples.inventory import inventory_file
from kb.inventory.build import checked_versions, inventory, render
from kb.problems import InventoryError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "conf" / "data" / "inventory"
MINI = Path(__file__).resolve().parent / "fixtures" / "inventory" / "mini"


def build_wheel(source: Path, target: Path) -> Path:
    """Zip a folder into a wheel-shaped archive, members in sorted order."""
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(source.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, path.relative_to(source).as_posix())
    return target


@pytest.fixture
def mini_wheel(tmp_path: Path) -> Path:
    return build_wheel(MINI, tmp_path / "DIRAC-1.0.0-py3-none-any.whl")


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "kb.inventory", *args],
        env=environment,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def switch(short, long, value, **extra):
    return {"short": short, "long": long, "value": value, **extra}


# ---------------------------------------------- (a) extractor on a self-built wheel


def test_scripts_of_the_mini_wheel(mini_wheel):
    scripts = inventory(mini_wheel, "1.0.0")["scripts"]
    assert scripts == {
        "mini-dyn": {
            "module": "DIRAC.Mini.scripts.mini_dyn",
            "description": "Switch names computed at run time cannot be read statically.",
            "function": "main",
            "extras": [],
            "parser": "dirac",
            "switches": [switch("k", "known", False)],
            "positional": [],
            "switches_complete": False,
            "problems": ["DIRAC.Mini.scripts.mini_dyn:10: switch names are not literal strings"],
        },
        "mini-legacy": {
            "module": "DIRAC.Mini.scripts.mini_legacy",
            "description": "A 7.3-style script: switches registered when the module is imported, "
            "the module Script API.",
            "function": "main",
            "extras": [],
            "parser": "dirac",
            "switches": [switch("v", "valid", True), switch("j", "noclockcheck", False)],
            "positional": [],
            "switches_complete": True,
        },
        "mini-proxy": {
            "module": "DIRAC.Mini.scripts.mini_proxy",
            "description": "A 8.0-style script: a helper class derived from a library class, "
            "imported inside main().",
            "function": "main",
            "extras": ["admin"],
            "parser": "dirac",
            "switches": [
                switch("g", "group", True),
                switch("u", "out", True),
                switch("l", "limited", False),
                switch(None, "nocs", False),
                switch("M", "VOMS", False),
            ],
            "positional": [
                {"name": "User|DN", "alternatives": ["User", "DN"], "optional": False},
                {"name": "scope", "optional": True, "repeatable": True},
            ],
            "switches_complete": True,
        },
        "mini-version": {
            "module": "DIRAC.Mini.scripts.mini_version",
            "description": "A script that parses its command line with argparse, not with "
            "DIRAC's Script.",
            "function": "main",
            "extras": [],
            "parser": "argparse",
            "switches": [
                switch("h", "help", False),
                switch("s", "short", False),
                switch(None, "format", True),
            ],
            "positional": [],
            "switches_complete": True,
        },
    }


def test_common_switches_ce_types_and_cloudce_keys_of_the_mini_wheel(mini_wheel):
    record = inventory(mini_wheel, "1.0.0")
    assert record["version"] == "1.0.0"
    assert record["common_switches"] == [
        switch("o", "option", True),
        switch(None, "cfg", True),
        switch(None, "autoreload", False, conditional=True),
        switch("h", "help", False),
    ]
    assert record["ce_types"] == ["Cloud", "Local"]
    assert record["cloudce_keys"] == ["CloudType", "Driver_*", "Instance_Image", "Instance_SSHKey"]
    assert record["unparsable_modules"] == {}


def test_module_names_of_the_mini_wheel(mini_wheel):
    modules = inventory(mini_wheel, "1.0.0")["modules"]
    assert modules["DIRAC"] == ["version"]
    assert modules["DIRAC.Mini.Client.Params"] == ["CLIParams", "OUT_SWITCH", "Script"]
    assert modules["DIRAC.Mini.scripts.mini_legacy"] == ["SWITCHES", "Script", "main", "switch"]
    assert modules["DIRAC.ConfigurationSystem.Client.LocalConfiguration"] == [
        "LocalConfiguration",
        "os",
    ]
    assert sorted(modules) == [
        "DIRAC",
        "DIRAC.ConfigurationSystem",
        "DIRAC.ConfigurationSystem.Client",
        "DIRAC.ConfigurationSystem.Client.LocalConfiguration",
        "DIRAC.Core",
        "DIRAC.Core.Base",
        "DIRAC.Core.Base.Script",
        "DIRAC.Mini",
        "DIRAC.Mini.Client",
        "DIRAC.Mini.Client.Params",
        "DIRAC.Mini.scripts",
        "DIRAC.Mini.scripts.mini_dyn",
        "DIRAC.Mini.scripts.mini_legacy",
        "DIRAC.Mini.scripts.mini_proxy",
        "DIRAC.Mini.scripts.mini_version",
        "DIRAC.Resources",
        "DIRAC.Resources.Computing",
        "DIRAC.Resources.Computing.CloudComputingElement",
        "DIRAC.Resources.Computing.ComputingElement",
        "DIRAC.Resources.Computing.LocalComputingElement",
    ]


def test_a_script_that_does_not_parse_is_reported_not_guessed(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(MINI, source)
    broken = source / "DIRAC" / "Mini" / "scripts" / "mini_dyn.py"
    broken.write_text("def main(:\n    pass\n", encoding="utf-8")
    record = inventory(build_wheel(source, tmp_path / "broken.whl"), "1.0.0")
    script = record["scripts"]["mini-dyn"]
    assert script["switches_complete"] is False
    assert script["switches"] == []
    assert script["problems"] == ["DIRAC/Mini/scripts/mini_dyn.py:1: invalid syntax"]
    assert "DIRAC.Mini.scripts.mini_dyn" not in record["modules"]
    assert record["unparsable_modules"] == {
        "DIRAC.Mini.scripts.mini_dyn": "DIRAC/Mini/scripts/mini_dyn.py:1: invalid syntax"
    }


# ---------------------------------------------- (b) committed data against known facts


def load(version: str) -> dict:
    return json.loads(inventory_file(version, DATA).read_text(encoding="utf-8"))


def switches_of(version: str, script: str) -> dict[str, dict]:
    """Switches of a script keyed by "-s/--long"."""
    return {f"-{s['short']}/--{s['long']}": s for s in load(version)["scripts"][script]["switches"]}


def shorts_of(version: str, script: str) -> set[str]:
    return {s["short"] for s in load(version)["scripts"][script]["switches"] if s["short"]}


def test_every_checked_version_has_committed_data():
    assert checked_versions(), "releases.toml lists no checked version"
    for version in checked_versions():
        assert inventory_file(version, DATA).is_file(), f"run `make inventory` to add {version}"
        assert load(version)["version"] == version


@pytest.mark.parametrize("version", ["8.0.7", "8.0.86", "9.0.28", "9.1.22"])
def test_dirac_login_has_lifetime_with_a_value_and_no_group_switch(version):
    login = load(version)["scripts"]["dirac-login"]
    assert login["switches_complete"]
    assert switches_of(version, "dirac-login")["-T/--lifetime"]["value"] is True
    assert "g" not in shorts_of(version, "dirac-login")
    assert [p["name"] for p in login["positional"]] == ["group", "scope"]


def test_dirac_login_is_absent_from_7_3():
    assert "dirac-login" not in load("7.3.38")["scripts"]
    assert "dirac-proxy-init" in load("7.3.38")["scripts"]


def test_proxy_init_noclockcheck_was_removed_in_8_0_8():
    # release notes v8.0.8: "(#6641) do not check for clock deviation when generating proxy"
    assert switches_of("8.0.7", "dirac-proxy-init")["-j/--noclockcheck"]["value"] is False
    assert "j" not in shorts_of("8.0.8", "dirac-proxy-init")
    assert load("8.0.8")["scripts"]["dirac-proxy-init"]["switches_complete"]


def test_proxy_init_legacy_switches_exist_only_in_7_3():
    assert {"r", "L", "U", "i"} <= shorts_of("7.3.38", "dirac-proxy-init")
    assert not {"r", "L", "U", "i"} & shorts_of("8.0.86", "dirac-proxy-init")


def test_vmdirac_scripts_exist_through_8_0_and_are_gone_in_9_0():
    # PR#5249 merged VMDIRAC into v7r3; PR#6380 removed it on the 8.1/9.0 line
    for version in ("7.3.38", "8.0.86"):
        assert "dirac-vm-cli" in load(version)["scripts"]
    for version in ("9.0.28", "9.1.22"):
        assert not [name for name in load(version)["scripts"] if name.startswith("dirac-vm-")]


def test_cloud_is_a_ce_type_in_every_line():
    for version in ("7.3.38", "8.0.86", "9.0.28", "9.1.22"):
        assert "Cloud" in load(version)["ce_types"]
    assert "CREAM" in load("8.0.86")["ce_types"] and "CREAM" not in load("9.0.28")["ce_types"]


def test_cloudce_proxy_lifetime_was_dropped_in_8_0_54():
    # release notes v8.0.54: "(#7823) Drop CloudCE proxy handling"
    assert "Context_ProxyLifetime" in load("8.0.14")["cloudce_keys"]
    for version in ("8.0.54", "8.0.86", "9.1.22"):
        keys = load(version)["cloudce_keys"]
        assert "Context_ProxyLifetime" not in keys
        assert {"CloudType", "Driver_*", "Instance_Image", "Instance_Flavor"} <= set(keys)


def test_comdirac_dinit_exists_in_8_0_only_from_8_0_14():
    assert "dinit" not in load("8.0.8")["scripts"]
    assert "dinit" in load("8.0.14")["scripts"]
    assert "dinit" not in load("9.0.28")["scripts"] and "dls" in load("9.0.28")["scripts"]


def test_common_switches_are_read_from_local_configuration():
    for version in checked_versions():
        common = {
            f"-{s['short']}/--{s['long']}": s["value"] for s in load(version)["common_switches"]
        }
        assert common["-o/--option"] is True and common["-h/--help"] is False
        assert common["-None/--cfg"] is True


def test_module_names_include_the_script_api():
    assert "Script" in load("9.0.28")["modules"]["DIRAC.Core.Base.Script"]
    assert "registerSwitch" in load("7.3.38")["modules"]["DIRAC.Core.Base.Script"]


# ---------------------------------------------- (c) determinism


def test_extractor_output_is_byte_identical_across_runs(mini_wheel, tmp_path):
    first = run_cli(
        "--versions", "1.0.0", "--wheel", str(mini_wheel), "--out", str(tmp_path / "one")
    )
    second = run_cli(
        "--versions", "1.0.0", "--wheel", str(mini_wheel), "--out", str(tmp_path / "two")
    )
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    one = (tmp_path / "one" / "DIRAC-1.0.0.json").read_bytes()
    assert one == (tmp_path / "two" / "DIRAC-1.0.0.json").read_bytes()
    assert one.endswith(b"}\n")


def test_committed_data_is_in_canonical_form():
    for path in sorted(DATA.glob("DIRAC-*.json")):
        text = path.read_text(encoding="utf-8")
        assert render(json.loads(text)) == text, (
            f"{path} is not in the extractor's canonical form (sorted keys, indent of one, a "
            "final newline): was it edited by hand? Regenerate it with `make inventory`"
        )


# ---------------------------------------------- bad input


def assert_clean_failure(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_corrupt_wheel_is_a_one_line_error(tmp_path):
    broken = tmp_path / "DIRAC-1.0.0-py3-none-any.whl"
    broken.write_bytes(b"this is not a zip archive")
    result = run_cli("--versions", "1.0.0", "--wheel", str(broken), "--out", str(tmp_path / "out"))
    assert_clean_failure(result, str(broken), "not a readable wheel", "delete the file")
    assert not (tmp_path / "out").exists()


def test_wheel_without_entry_points_is_a_one_line_error(tmp_path):
    wheel = tmp_path / "DIRAC-1.0.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("DIRAC/__init__.py", "")
    result = run_cli("--versions", "1.0.0", "--wheel", str(wheel), "--out", str(tmp_path / "out"))
    assert_clean_failure(result, str(wheel), "entry_points.txt")


def test_version_pip_cannot_find_is_a_one_line_error(tmp_path):
    empty_index = tmp_path / "empty-index"
    empty_index.mkdir()
    offline_pip = {
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(empty_index),
        "PIP_CONFIG_FILE": os.devnull,
    }
    result = run_cli(
        "--versions",
        "0.0.1",
        "--cache",
        str(tmp_path / "cache"),
        "--out",
        str(tmp_path / "out"),
        env=offline_pip,
    )
    assert_clean_failure(result, "DIRAC==0.0.1", "pip could not download")


def test_malformed_version_is_a_one_line_error(tmp_path):
    result = run_cli("--versions", "9.x", "--out", str(tmp_path / "out"))
    assert_clean_failure(result, "'9.x'", "X.Y.Z")


def test_broken_releases_toml_names_the_file(tmp_path):
    releases = tmp_path / "releases.toml"
    releases.write_text("[[line]]\nname = \n", encoding="utf-8")
    with pytest.raises(InventoryError, match="releases.toml"):
        checked_versions(releases)
