"""Nothing unsafe gets published: no real secret, no unlisted raw HTML, no external script.

The secret-looking samples below are put together at run time, so that this file itself holds
nothing a secret scanner (this one or another) would take for real.
"""

from __future__ import annotations

import base64
import re
import subprocess

import pytest
from conftest import run_make
from kb import allowlists, markdown_checks, published, secrets
from kb.links import external
from kb.scratch_venv import scratch_venv
from myst_parser.config.main import MdParserConfig
from small_site import project_around, small_site

DASHES = "-" * 5
BODY = base64.b64encode(bytes(range(7, 55))).decode()


def pem(label: str, body: str = BODY) -> str:
    return f"{DASHES}BEGIN {label}{DASHES}\n{body}\n{DASHES}END {label}{DASHES}\n"


REAL_LOOKING = {
    "private key": (pem("RSA " + "PRIVATE KEY"), "rsa private key"),
    "certificate": (pem("CERTIFICATE"), "certificate"),
    "JSON web token": (
        "eyJhbGciOiJSUzI1NiJ9" + ".eyJzdWIiOiJhbGljZSJ9" + ".c2lnbmF0dXJlLXBhcnQ",
        "JSON web token",
    ),
    "GitHub token": ("export GH=" + "ghp_" + "aB3dE5gH7jK9" * 3, "GitHub token"),
    "AWS key": ("key = " + "AKIA" + "Q3EXAMPLE7Z2ABCD", "AWS access key"),
    "cfg password": ("Password = " + "Tr0ub4dor3x", "value of 'Password'"),
    "YAML client secret": (
        'client_secret: "' + "kept-in-a-vault" + '"',
        "value of 'client_secret'",
    ),
    "command-line password": ("dirac-admin-x --password " + "hunter2Go!", "value of 'password'"),
    "password in a URL": (
        "https://alice:" + "S3cretPass" + "@db.example.org/",
        "password in a URL",
    ),
}

PLACEHOLDERS = [
    pem("RSA " + "PRIVATE KEY", "..."),
    pem("CERTIFICATE", "<the certificate>"),
    "Password = <password>",
    "Password = ",
    "client_secret: ***",
    'client_secret: "xxxx"',
    "dirac-login --token $DIRAC_TOKEN",
    "token: ${ACCESS_TOKEN}",
    "https://<user>:<password>@db.example.org/",
    "export DIRAC_USE_ACCESS_TOKEN=true",
    "the value of `Password`: see the table",
]


@pytest.mark.parametrize("name", REAL_LOOKING)
def test_the_scanner_finds_what_looks_real(name):
    text, kind = REAL_LOOKING[name]
    found = secrets.scan_text("A line before.\n" + text)
    assert [(line, found_kind) for line, found_kind, _ in found] == [(2, kind)]


@pytest.mark.parametrize("text", PLACEHOLDERS)
def test_documented_placeholders_pass(text):
    assert secrets.scan_text(text) == []


def test_the_project_holds_no_secret():
    findings = secrets.scan(secrets.project_files(), allowed=allowlists.load(secrets.ALLOWED))
    assert not findings, "\n".join(map(str, findings))


def test_a_secret_in_an_example_fails_the_scan_at_its_line(project_copy):
    page = project_copy / "docs" / "reference" / "glossary.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    page.write_text(text + "```cfg\nPassword = " + "Tr0ub4dor3x\n```\n", encoding="utf-8")
    line = text.count("\n") + 2
    result = subprocess.run(
        [scratch_venv(project_copy, with_kb=True) / "bin" / "python", "-m", "kb.secrets"],
        cwd=project_copy,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"docs/reference/glossary.md:{line}: value of 'Password'" in result.stderr
    assert "placeholder such as <password>" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_allow_listed_finding_passes_and_only_in_its_file(tmp_path):
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "page.md"
    page.write_text("Password = " + "Tr0ub4dor3x\n")
    other = tmp_path / "docs" / "other.md"
    other.write_text("Password = " + "Tr0ub4dor3x\n")
    allowed = [allowlists.Allowed("docs/page.md", "a test value", "Tr0ub4dor3x")]
    findings = secrets.scan([page, other], root=tmp_path, allowed=allowed)
    assert [finding.path for finding in findings] == ["docs/other.md"]


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ('path = "docs/page.md"\n', "list.toml:1: the key 'reason' is missing"),
        (
            'path = "docs/gone.md"\nreason = "was safe"\n',
            "list.toml:2: path 'docs/gone.md' is not a file",
        ),
    ],
)
def test_an_allow_list_entry_needs_a_reason_and_an_existing_file(tmp_path, entry, words):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text("# Page\n")
    (tmp_path / "list.toml").write_text("[[allow]]\n" + entry)
    with pytest.raises(allowlists.AllowListError, match=words):
        allowlists.load("list.toml", root=tmp_path, data=tmp_path)


def test_the_project_allow_lists_load():
    for name in (markdown_checks.RAW_HTML_ALLOWED, secrets.ALLOWED):
        assert all(entry.reason.strip() for entry in allowlists.load(name))


MYST = MdParserConfig(enable_extensions={"colon_fence", "deflist", "fieldlist"})


@pytest.mark.parametrize(
    "markdown",
    [
        "Run `dirac-login` as <group>.\n",
        "<div class='note'>x</div>\n",
        "<!-- a note to editors -->\n",
        "```{raw} html\n<b>x</b>\n```\n",
        "````{note}\n<script>alert(1)</script>\n````\n",
    ],
)
def test_raw_html_needs_the_allow_list(markdown, tmp_path):
    """That the build stops at raw HTML, at its line, is one of test_author_errors' mistakes."""
    text = "# Page\n\n" + markdown
    page = markdown_checks.Page(tmp_path / "page.md", tmp_path)
    found = markdown_checks.problems(text, MYST, page)
    assert [problem.line for problem in found] and all(
        markdown_checks.RAW_HTML_ALLOWED in problem.message for problem in found
    )
    allowed = markdown_checks.Page(tmp_path / "page.md", tmp_path, raw_html_allowed=True)
    assert markdown_checks.problems(text, MYST, allowed) == []


def test_external_scripts_are_found_in_built_pages(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.html").write_text(
        '<html><head>\n<script src="_static/local.js"></script>\n'
        '<script defer src="https://cdn.example.org/x.js"></script>\n'
        '<script src="//cdn.example.org/y.js"></script>\n<script>var inline = 1;</script>\n'
    )
    found = published.external_scripts(tmp_path)
    assert [(s.page, s.line, s.src) for s in found] == [
        ("a/page.html", 3, "https://cdn.example.org/x.js"),
        ("a/page.html", 4, "//cdn.example.org/y.js"),
    ]


@pytest.mark.slow
def test_an_allow_listed_page_still_cannot_load_an_external_script(tmp_path):
    project = project_around(small_site(tmp_path))
    page = project / "docs" / "page.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + '\n<script src="https://cdn.example.org/x.js"></script>\n'
    )
    (project / "conf" / "data" / markdown_checks.RAW_HTML_ALLOWED).write_text(
        '[[allow]]\npath = "docs/page.md"\nreason = "a test of the allow-list"\n'
    )
    result = run_make(project, "html")
    assert result.returncode != 0
    assert "raw HTML" not in result.stdout
    assert re.search(
        r"page\.html:\d+: the page loads a script from another host "
        r"\(https://cdn\.example\.org/x\.js\)",
        result.stdout,
    ), result.stdout[-3000:]


def test_the_built_site_loads_no_external_script(html_build):
    assert published.external_scripts(html_build.out / "html") == []
    assert any((html_build.out / "html").rglob("*.html"))


@pytest.mark.parametrize(
    "target",
    ["http://user:pw@example.org/", "file:///etc/passwd", "javascript:alert(1)", "data:,x"],
)
def test_the_link_checker_follows_no_redirect_outside_http_or_with_credentials(target):
    assert external.redirect_refusal("https://example.org/a", target)
