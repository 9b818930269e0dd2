"""The scheduled external link check: a valid workflow, outside the per-change gate."""

from __future__ import annotations

import subprocess
import sys

import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "linkcheck.yml"


def test_the_workflow_matches_the_github_actions_schema():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOW),
        ],
        text=True,
        capture_output=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_runs_on_a_schedule_and_on_demand_only_and_keeps_the_cache():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key 'on' as True
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    steps = workflow["jobs"]["external-links"]["steps"]
    assert any(step.get("run") == "make linkcheck" for step in steps)
    cached = [
        step["with"]["path"] for step in steps if step.get("uses", "").startswith("actions/cache")
    ]
    assert cached == ["_build/.lycheecache"]  # lychee writes its cache where it runs: _build
