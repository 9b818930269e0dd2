"""What a real DIRAC 9.0.28 client accepts where the inventory once said otherwise.

Tried against the ``-h`` of every script of a DIRAC 9.0.28 client, the inventory differed on
three scripts: ``dirac-admin-add-group`` and ``dirac-admin-add-user`` register long switches
ending in ``:`` (getopt takes the ``:`` as part of the name, so only the short forms take a
value), and ``dirac-platform`` never parses its command line once DIRAC is installed.
These tests use the committed inventory of 9.0.28.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kb.examples.check import Context, examples
from kb.examples.summary import Tally
from kb.inventory.commandline import _dirac_switch
from kb.inventory.interpreter import Registration
from sybil.example import SybilFailure

INVENTORY = Path(__file__).resolve().parent.parent / "conf" / "data" / "inventory"


def check(tmp_path: Path, line: str) -> None:
    page = tmp_path / "page.md"
    page.write_text(f'---\ndirac: "9.0"\n---\n```console\n$ {line}\n```\n')
    (example,) = examples(tmp_path, Context(tally=Tally()))
    example.evaluate()


def registration(short: str, long: str) -> Registration:
    return Registration("switch", (short, long, "help"), {}, conditional=False, where="x.py:1")


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        (
            "G:",
            "GroupName:",
            {"short": "G", "long": "GroupName:", "value": True, "long_value": False},
        ),
        ("T:", "lifetime=", {"short": "T", "long": "lifetime", "value": True}),
        ("", "status", {"short": None, "long": "status", "value": False}),
        ("v", "valid=", {"short": "v", "long": "valid", "value": False, "long_value": True}),
    ],
)
def test_each_form_of_a_switch_takes_a_value_as_getopt_decides(short, long, expected):
    assert _dirac_switch(registration(short, long)) == ("switch", expected)


@pytest.mark.parametrize(
    "line", ["dirac-admin-add-group -G dirac_test", "dirac-admin-add-user -N alice -G user"]
)
def test_short_forms_take_their_value(tmp_path, line):
    check(tmp_path, line)


@pytest.mark.parametrize(
    "line",
    ["dirac-admin-add-group --GroupName=dirac_test", "dirac-admin-add-user --UserName=alice"],
)
def test_long_forms_ending_in_a_colon_take_no_value(tmp_path, line):
    with pytest.raises(SybilFailure, match=r"switch --\w+: takes no value in DIRAC 9.0.28"):
        check(tmp_path, line)


def test_dirac_platform_reads_no_command_line_once_installed(tmp_path):
    scripts = json.loads((INVENTORY / "DIRAC-9.0.28.json").read_text())["scripts"]
    assert scripts["dirac-platform"]["parser"] == "none"
    check(tmp_path, "dirac-platform --anything goes")
