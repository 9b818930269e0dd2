"""The DiracX services data (conf/data/diracx-services.toml) and its directive."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, run_make
from kb.diracx_services import COLUMNS, DATA, load, source_list, table_row
from kb.problems import ProblemError
from small_site import project_around, small_site

GOOD = """\
# a comment line
[[service]]
system = "WorkloadManagement"
service = "JobStateUpdate"
status = "certified"
diracx = "0.0.1"
dirac = ">=9.0.0"
source = "embracing.md"

[[service]]
system = "WorkloadManagement"
service = "JobMonitoring"
status = "no-adaptor"
dirac = ">=9.0.0"
source = "JobMonitoringClient.py"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "diracx-services.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_project_data_reads_and_names_the_certified_adaptor():
    services = {s.option: s for s in load(DATA)}
    state = services["/DiracX/FutureClientEnabled/WorkloadManagement/JobStateUpdate"]
    assert (state.status, state.diracx) == ("certified", "0.0.1")
    assert all(s.source.strip() for s in services.values())


def test_a_good_file_gives_every_entry_in_order(tmp_path):
    services = load(write(tmp_path, GOOD))
    assert [s.service for s in services] == ["JobStateUpdate", "JobMonitoring"]
    assert services[1].diracx == ""


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('status = "no-adaptor"', 'status = "maybe"'), 13, "status 'maybe' is not one of"),
        (('diracx = "0.0.1"', 'diracx = "soon"'), 6, "'soon' is not a version"),
        (('diracx = "0.0.1"\n', ""), 2, "a certified service needs diracx"),
        (
            ('dirac = ">=9.0.0"\nsource = "Job', 'dirac = "nine"\nsource = "Job'),
            14,
            "not a specifier",
        ),
        (('source = "embracing.md"', 'source = ""'), 8, "'source' is missing or empty"),
        (
            ('service = "JobMonitoring"', 'service = "JobStateUpdate"'),
            10,
            "listed twice (first at line 2)",
        ),
        (
            ('status = "no-adaptor"', 'status = "no-adaptor"\nowner = "me"'),
            14,
            "unknown key 'owner'",
        ),
        (
            ('status = "no-adaptor"', 'status = "no-adaptor"\ndiracx = "0.1.0"'),
            14,
            "only for certified",
        ),
        (('service = "JobMonitoring"', "service = JobMonitoring"), 12, "not valid TOML"),
    ],
)
def test_a_wrong_entry_is_reported_at_its_line(tmp_path, change, line, words):
    assert change[0] in GOOD
    path = write(tmp_path, GOOD.replace(*change, 1))
    with pytest.raises(ProblemError) as caught:
        load(path)
    assert str(caught.value).startswith(f"{path}:{line}: "), str(caught.value)
    assert words in str(caught.value)


@pytest.mark.slow
def test_a_wrong_entry_stops_the_build_at_its_line(tmp_path):
    project = project_around(small_site(tmp_path))
    page = project / "docs" / "page.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n```{diracx-services}\n```\n")
    data = project / "conf" / "data" / "diracx-services.toml"
    data.write_text(data.read_text().replace('status = "certified"', 'status = "ok"'))
    result = run_make(project, "html", BUILDDIR=str(tmp_path / "out"))
    assert result.returncode != 0
    assert "diracx-services.toml:" in result.stdout
    assert "status 'ok' is not one of" in result.stdout


def test_each_service_gives_a_row_of_every_column_and_its_source_under_the_table(tmp_path):
    services = load(write(tmp_path, GOOD))
    rows = [table_row(service) for service in services]
    assert [len(row.children) for row in rows] == [len(COLUMNS)] * 2
    assert rows[0].astext().split() == [
        "WorkloadManagement",
        "JobStateUpdate",
        "certified",
        "0.0.1",
        ">=9.0.0",
    ]
    items = source_list(services).children
    assert [item.astext() for item in items] == [
        "WorkloadManagement/JobStateUpdate: embracing.md",
        "WorkloadManagement/JobMonitoring: JobMonitoringClient.py",
    ]


def test_the_services_guide_renders_the_table_from_the_data():
    guide = (ROOT / "docs" / "migration" / "services-to-diracx.md").read_text(encoding="utf-8")
    assert "```{diracx-services}" in guide
