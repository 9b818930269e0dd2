"""The detect-secrets pre-commit hook: a secret is stopped before the commit, a placeholder is not.

The hook is run as .pre-commit-config.yaml spells it. The secret-looking samples are put
together at run time, so that this file holds nothing the hook would stop.
"""

from __future__ import annotations

import base64
import shlex
import subprocess
from pathlib import Path

import yaml
from conftest import ROOT
from detect_secrets.util.code_snippet import get_code_snippet
from kb import allowlists, secrets

DASHES = "-" * 5


def hook_command() -> list[str]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    return shlex.split(hooks["detect-secrets"]["entry"])


def run_hook(files: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*hook_command(), *map(str, files)], cwd=ROOT, capture_output=True, text=True
    )


def pem(body: str) -> str:
    label = "RSA " + "PRIVATE KEY"
    return f"{DASHES}BEGIN {label}{DASHES}\n{body}\n{DASHES}END {label}{DASHES}\n"


SECRETS = {
    "github.md": "export GH=" + "ghp_" + "aB3dE5gH7jK9" * 3,
    "key.md": pem(base64.b64encode(bytes(range(7, 55))).decode()),
    "settings.yaml": 'client_secret: "' + "kept-in-a-vault" + '"',
    "url.md": "git clone https://alice:" + "S3cretPass" + "@git.example.org/cfg.git",
}
PLACEHOLDERS = [
    pem("..."),
    'client_secret: "xxxx"',
    "client_secret: ***",
    "git clone https://<user>:<token>@git.example.org/cfg.git",
    "dirac-login --token $DIRAC_TOKEN",
    'token: "${ACCESS_TOKEN}"',
]


def test_a_committed_looking_secret_stops_the_hook_at_its_file_and_line(tmp_path):
    files = []
    for name, text in SECRETS.items():
        files.append(tmp_path / name)
        files[-1].write_text("A line before.\n" + text + "\n")
    done = run_hook(files)
    assert done.returncode == 1
    for path in files:
        assert f"{path}:2" in done.stdout


def test_documented_placeholders_pass_the_hook(tmp_path):
    """One run of the hook over a page a placeholder (the hook reads each file on its own)."""
    pages = {tmp_path / f"page-{number}.md": text for number, text in enumerate(PLACEHOLDERS)}
    for page, text in pages.items():
        page.write_text("A line before.\n" + text + "\n")
    done = run_hook(list(pages))
    stopped = {page.name: text for page, text in pages.items() if str(page) in done.stdout}
    assert done.returncode == 0, f"{stopped}\n{done.stdout}"


def test_a_value_listed_in_the_allow_list_passes(monkeypatch):
    value = "kept-in-a-" + "vault"
    listed = allowlists.Allowed("docs/page.md", "published by DIRAC", value)
    monkeypatch.setattr(allowlists, "load", lambda name: (listed,))
    line = f'client_secret: "{value}"'
    context = get_code_snippet([line], 1)
    assert secrets.is_documented_placeholder(value, "docs/page.md", context)
    assert not secrets.is_documented_placeholder(value, "docs/other.md", context)
