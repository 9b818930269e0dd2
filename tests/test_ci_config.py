"""The CI files validate against their published JSON schemas, offline, and broken ones do not.

check-jsonschema ships the GitHub Actions and Read the Docs schemas, so no network is needed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_make
from kb import releases

CI_FILES = {
    ROOT / ".github" / "workflows" / "docs.yml": "vendor.github-workflows",
    ROOT / ".github" / "workflows" / "pages.yml": "vendor.github-workflows",
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


#: What `make publish` leaves to publish: the versioned site, PDFs included.
PUBLISHED = "_build/site"


def test_read_the_docs_publishes_what_make_publish_builds():
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    html = config["build"]["jobs"]["build"]["html"]
    assert html[0] == "make publish BUILDDIR=_build"
    assert (
        html[1]
        == f"mkdir -p $READTHEDOCS_OUTPUT/html && cp -r {PUBLISHED}/. $READTHEDOCS_OUTPUT/html/"
    )
    assert "pdf" in config["formats"]


def test_github_pages_deploys_what_make_publish_builds_from_main():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads 'on' as true
    build = workflow["jobs"]["build"]["steps"]
    runs = [step for step in build if step.get("run") == "make publish"]
    assert len(runs) == 1 and runs[0]["env"]["KB_BASE_URL"].endswith("base_url }}/")
    [upload] = [step for step in build if "upload-pages-artifact" in step.get("uses", "")]
    assert upload["with"]["path"] == PUBLISHED
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert any("deploy-pages" in step.get("uses", "") for step in deploy["steps"])


def test_make_publish_puts_the_pdfs_in_the_site(project_copy):
    # -o pdf: the PDF recipe calls make itself, which runs even under -n
    plan = run_make(project_copy, "-n", "-o", "pdf", "publish", BUILDDIR="_build").stdout
    assert "-m kb.site --out _build/site" in plan
    assert "cp _build/pdf/*.pdf _build/site/pdf/" in plan


@pytest.mark.parametrize(
    ("environ", "base"),
    [
        ({}, "/"),
        (
            {"KB_BASE_URL": "https://diracgrid.github.io/dirac-knowledge-base"},
            "/dirac-knowledge-base/",
        ),
        (
            {"READTHEDOCS_CANONICAL_URL": "https://dirac-kb.readthedocs.io/en/latest/"},
            "/en/latest/",
        ),
        (
            {
                "KB_BASE_URL": "https://example.org/kb/",
                "READTHEDOCS_CANONICAL_URL": "https://x.io/en/",
            },
            "/kb/",
        ),
    ],
)
def test_the_site_base_url_follows_where_it_is_published(environ, base):
    assert releases.site_base_url(environ=environ) == base


def test_the_readme_says_where_the_site_lives_and_how_to_set_its_base_url():
    readme = (ROOT / "README.md").read_text()
    for needle in ("make publish", "KB_BASE_URL", "GitHub Pages", "Read the Docs", "base_url"):
        assert needle in readme, f"README.md does not mention {needle}"
