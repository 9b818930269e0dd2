"""The CI files validate against their published JSON schemas, offline, and broken ones do not.

check-jsonschema ships the GitHub Actions and Read the Docs schemas, so no network is needed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

CI_FILES = {
    ROOT / ".github" / "workflows" / "docs.yml": "vendor.github-workflows",
    ROOT / ".readthedocs.yaml": "vendor.readthedocs",
}


def validate(path: Path, schema: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        text=True,
        capture_output=True,
    )


@pytest.mark.parametrize("path", CI_FILES, ids=lambda p: p.name)
def test_ci_file_matches_its_schema(path):
    result = validate(path, CI_FILES[path])
    assert result.returncode == 0, result.stdout + result.stderr


#: One deliberate mistake per file, made on the text so that nothing else changes.
BREAKAGES = {
    "vendor.github-workflows": ("- uses: actions/checkout@v4", "- usez: actions/checkout@v4"),
    "vendor.readthedocs": ("version: 2", "version: 3"),
}


@pytest.mark.parametrize("path", CI_FILES, ids=lambda p: p.name)
def test_a_broken_ci_file_is_rejected(path, tmp_path):
    schema = CI_FILES[path]
    broken = tmp_path / path.name
    before, after = BREAKAGES[schema]
    text = path.read_text()
    assert before in text
    broken.write_text(text.replace(before, after, 1))
    result = validate(broken, schema)
    assert result.returncode != 0
    assert "Schema validation errors were encountered" in result.stdout + result.stderr


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert "make test" in readme and "make html" in readme
    commands = [line.strip() for line in ci if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1] == "make test"
