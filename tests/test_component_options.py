"""Component options: read from a wheel, and checked option by option in cfg examples.

The pages are tests/fixtures/options/*.md, checked against the hand-made inventories in
tests/fixtures/options/inventory/; the extraction runs on the small wheel built from
tests/fixtures/options/wheel/.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from kb.examples.check import Context
from kb.examples.inventory import DEFAULT_DIRECTORY, load
from kb.examples.summary import Tally
from kb.inventory.components import components, kind_options
from kb.inventory.sources import SourceIndex
from kb.inventory.wheel import Wheel
from kb.problems import InventoryError
from test_example_checker import failures as example_failures

FIXTURES = Path(__file__).parent / "fixtures" / "options"
VERSIONS = {"8.0": ("8.0.86",), "9.0": ("9.0.28",), "9.1": ("9.1.22",), "7.3": ()}


def fixture_context(tally: Tally | None = None) -> Context:
    return Context(FIXTURES / "inventory", lambda line: VERSIONS[line], tally or Tally())


def failures(page: str, context: Context | None = None) -> list[str]:
    return example_failures(page, context or fixture_context(), FIXTURES)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "removed-option.md",
            "removed-option.md:13: AddPilotsToEmptySites is not an option of SiteDirector in "
            "DIRAC 9.0.28 (last seen in 8.0.86)",
        ),
        (
            "later-option.md",
            "later-option.md:13: MaxPilotsPerQueue is not an option of SiteDirector in "
            "DIRAC 9.0.28 (first seen in 9.1.22)",
        ),
        (
            "misspelt-option.md",
            "misspelt-option.md:13: MaxPilotToSubmit is not an option of SiteDirector in "
            "DIRAC 9.0.28, 9.1.22; did you mean 'MaxPilotsToSubmit'?",
        ),
        (
            "unknown-component.md",
            "unknown-component.md:11: SiteDirektor is not an agent of the WorkloadManagement "
            "system in DIRAC 9.0.28; did you mean 'SiteDirector'?",
        ),
        (
            "unknown-subsection.md",
            "unknown-subsection.md:13: Authorisation is not a sub-section of JobManager in "
            "DIRAC 9.0.28; did you mean 'Authorization'?",
        ),
    ],
)
def test_wrong_option_fails_with_its_message(page, expected):
    (failure,) = failures(page)
    assert expected in failure, failure
    assert failure.count("\n") == 0, f"one problem expected, got:\n{failure}"


def test_option_passes_in_the_line_that_has_it_and_open_components_are_listed():
    tally = Tally()
    assert failures("right-line.md", fixture_context(tally)) == ["", ""]
    ((location, name),) = tally.open_components
    assert location.endswith("options/right-line.md:28")  # the block, not the option
    assert name == "DataManagement/FileCatalog in DIRAC 9.0.28"
    summary = "\n".join(tally.lines())
    assert "components whose options were not checked" in summary
    assert "DataManagement/FileCatalog in DIRAC 9.0.28" in summary


# ---------------------------------------------------------- extraction from a wheel


def zip_folder(source: Path, target: Path, replace: dict[str, str] | None = None) -> Path:
    """A wheel-shaped archive of ``source``; ``replace`` gives other text for some members."""
    replace = replace or {}
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(source.rglob("*")):
            member = path.relative_to(source).as_posix()
            if path.is_file() and "__pycache__" not in path.parts:
                archive.writestr(member, replace.get(member, path.read_text()))
    return target


@pytest.fixture(scope="module")
def wheel_index(tmp_path_factory):
    target = tmp_path_factory.mktemp("wheel") / "DIRAC-1.0.0-py3-none-any.whl"
    with Wheel(zip_folder(FIXTURES / "wheel", target)) as wheel:
        yield SourceIndex(wheel)


def test_a_template_diraccfg_cannot_read_names_the_file(tmp_path):
    template = "DIRAC/WorkloadManagementSystem/ConfigTemplate.cfg"
    broken = zip_folder(
        FIXTURES / "wheel", tmp_path / "DIRAC-1.0.0-py3-none-any.whl", {template: "Agents\n{\n"}
    )
    with Wheel(broken) as wheel, pytest.raises(InventoryError) as error:
        components(SourceIndex(wheel))
    assert f"{broken}!{template}: diraccfg cannot read this template" in str(error.value)


def test_component_options_come_from_template_code_and_base_classes(wheel_index):
    agents = components(wheel_index)["WorkloadManagement"]["Agents"]
    assert sorted(agents) == ["MiniAgent", "OpenAgent"]  # helpers.py defines no agent
    assert agents["MiniAgent"] == {
        "options": {
            "Extra": ["5", ""],
            "Flag": ["yes", "Whether the agent does its work (a second line of the comment)"],
            "Inherited": ["True", ""],
            "Limit": ["1, 2", ""],
            "PollingTime": ["60", ""],
        },
        "sections": ["Nested", "Sub"],
    }
    assert agents["OpenAgent"] == {
        "options": {},
        "open": ["DIRAC/WorkloadManagementSystem/Agent/OpenAgent.py:7"],
    }
    services = components(wheel_index)["WorkloadManagement"]["Services"]
    assert services == {"Mini": {"options": {"Depth": ["3", ""]}}}


def test_every_component_of_a_kind_accepts_its_base_class_options(wheel_index):
    kinds = kind_options(wheel_index)
    assert kinds["Agents"] == {
        "options": {
            "LogBackends": ["stdout", ""],
            "LogColor": ["False", ""],
            "LogLevel": [None, ""],
            "PollingTime": ["120", ""],
        },
        "sections": [],
    }
    assert kinds["Services"] == {
        "options": {"Protocol": [None, ""]},
        "sections": ["Authorization", "ThreadLimit"],
    }


# ---------------------------------------------------------- the committed inventory


def test_committed_inventory_knows_the_options_the_guides_rely_on():
    old, new = load("8.0.86", DEFAULT_DIRECTORY), load("9.0.28", DEFAULT_DIRECTORY)
    site_director = ("WorkloadManagement", "Agents", "SiteDirector")
    assert "AddPilotsToEmptySites" in component(old, *site_director).options
    assert "AddPilotsToEmptySites" not in component(new, *site_director).options
    assert {"PollingTime", "Module", "LogLevel"} <= new.component_kinds["Agents"].options.keys()
    assert {"Port", "Protocol"} <= new.component_kinds["Services"].options.keys()
    assert "Authorization" in new.component_kinds["Services"].sections


def component(inventory, system, category, name):
    return inventory.components[system][category][name]
