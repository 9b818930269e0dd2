"""Find what looks like a real secret in the files the site is built from.

Examples show private keys, certificates, tokens and passwords only as placeholders (the
house style lists them: ``<password>``, ``$TOKEN``, ``***``, a PEM block whose body is
``...``).  Anything that looks real is a finding, unless conf/data/secrets-allowed.toml lists
its exact text with the reason it is safe (a value published by DIRAC itself, for instance).

``python -m kb.secrets`` scans the project and exits non-zero on a finding; the tests do the same.
The pre-commit hook ``detect-secrets`` (.pre-commit-config.yaml) runs detect-secrets' own rule
set on every file of a commit, and drops with :func:`is_documented_placeholder` what these rules
and the allow-list let through.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kb import allowlists

if TYPE_CHECKING:  # the scanner runs without detect-secrets; its hook calls the filter below
    from detect_secrets.util.code_snippet import CodeSnippet

ALLOWED = "secrets-allowed.toml"
FIX = (
    "replace it with a placeholder such as <password>, $TOKEN or *** (docs/about/"
    f"house-style.md), or list it in conf/data/{ALLOWED} with the reason it is safe"
)

PEM_BEGIN = re.compile(r"-----BEGIN (?P<label>[A-Z0-9 ]+)-----")
BASE64_RUN = re.compile(r"[A-Za-z0-9+/=]{32,}")
TOKENS = {
    "JSON web token": re.compile(r"\beyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}"),
    "GitHub token": re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,})"),
    "GitLab token": re.compile(r"\bglpat-[\w-]{20,}"),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[\w-]{10,}"),
    "Google API key": re.compile(r"\bAIza[\w-]{35}\b"),
    "bearer token": re.compile(r"\bBearer\s+(?!<)[\w.~+/-]{20,}=*"),
}
SECRET_KEY = r"[\w.-]*?(?:password|passwd|passphrase|secret|token|api[_-]?key|private[_-]?key)"
QUOTED_OR_BARE = r"\"[^\"\n]*\"|'[^'\n]*'|[^\s,;]+"
ASSIGNMENT = re.compile(
    rf"(?i)(?<![\w-])(?P<key>{SECRET_KEY})[\"']?\s*(?:=|:)[ \t]*(?P<value>{QUOTED_OR_BARE})"
)
OPTION = re.compile(rf"(?i)(?<![\w-])--(?P<key>{SECRET_KEY})(?:=|[ \t]+)(?P<value>\S+)")
SECRET_VALUE = re.compile(r"^[A-Za-z0-9+/=_.~!@#%^&*-]{8,}$")
URL_CREDENTIALS = re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@]+:(?P<value>[^/\s@]+)@")
PLACEHOLDER = re.compile(
    r"""^(?:
        <[^<>]+>                 # <password>, <your token>
      | \$\{?[A-Za-z_]\w*\}?     # $TOKEN, ${TOKEN}
      | \$\(.*\)                 # $(cat token-file)
      | ([*xX.•#-])\1{2,}        # ***, xxxx, ...
      | \{\{[^}]*\}\}            # a MyST substitution
      | true|false|yes|no|none|null
    )$""",
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    kind: str
    text: str
    """The text that looks real: what an allow-list entry names."""

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 24 else self.text[:20] + "..."
        return f"{self.path}:{self.line}: {self.kind} {shown!r} looks real; {FIX}"


def is_placeholder(value: str) -> bool:
    value = value.strip().strip("\"'")
    return not value or bool(PLACEHOLDER.match(value))


def looks_like_secret(value: str) -> bool:
    """A value given to a secret-named key that could be a real password or token.

    Quoted, any text of four characters or more; bare, a run of eight or more password
    characters with a digit or mixed case (a bare word such as ``false`` or ``--status`` is
    the prose or the option list around a key, not a value).
    """
    if is_placeholder(value):
        return False
    if value[:1] in "\"'" and value[-1:] == value[:1]:
        return len(value.strip("\"'").strip()) >= 4
    if not SECRET_VALUE.match(value):
        return False
    return any(c.isdigit() for c in value) or (value.lower() != value != value.upper())


def _pem_body(lines: list[str], begin: int) -> str:
    """The base64 of the PEM block whose BEGIN line is ``lines[begin]``: a real key or
    certificate has some, a placeholder (a body of ...) none."""
    run = BASE64_RUN.search(" ".join(lines[begin + 1 : begin + 4]))
    return run.group() if run else ""


def _pem_findings(lines: list[str]) -> Iterator[tuple[int, str, str]]:
    for index, line in enumerate(lines):
        if (begin := PEM_BEGIN.search(line)) and (body := _pem_body(lines, index)):
            kind = "certificate" if "CERTIFICATE" in begin["label"] else begin["label"].lower()
            yield index + 1, kind, body


def scan_text(text: str) -> list[tuple[int, str, str]]:
    """(line, kind, text) of everything in ``text`` that looks like a real secret."""
    lines = text.splitlines()
    found = list(_pem_findings(lines))
    for number, line in enumerate(lines, start=1):
        for kind, pattern in TOKENS.items():
            found += [(number, kind, match.group()) for match in pattern.finditer(line)]
        for pattern in (ASSIGNMENT, OPTION):
            for match in pattern.finditer(line):
                if looks_like_secret(match["value"]):
                    found.append((number, f"value of {match['key']!r}", match["value"]))
        for match in URL_CREDENTIALS.finditer(line):
            if not is_placeholder(match["value"]):
                found.append((number, "password in a URL", match["value"]))
    return sorted(set(found))


def project_files(root: Path = allowlists.PROJECT_ROOT) -> list[Path]:
    """The sources of the site: the pages, refs.bib and the data of conf/data."""
    files = [*sorted((root / "docs").rglob("*.md")), root / "refs.bib"]
    # conf/data/inventory/ is written by `make inventory` from public wheels: its column types
    # and option defaults (`Token: "VARCHAR(64)"`) are DIRAC's published code, not secrets.
    inventory = root / "conf" / "data" / "inventory"
    files += sorted(
        p for p in (root / "conf" / "data").rglob("*") if p.is_file() and inventory not in p.parents
    )
    return [path for path in files if path.is_file()]


def scan(
    files: Iterable[Path],
    root: Path = allowlists.PROJECT_ROOT,
    allowed: Iterable[allowlists.Allowed] = (),
) -> list[Finding]:
    """Every finding in ``files`` that no allow-list entry names."""
    exceptions = {(entry.path, entry.text) for entry in allowed}
    findings = []
    for path in files:
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # not text: nothing a reader could copy
        findings += [
            Finding(name, line, kind, found)
            for line, kind, found in scan_text(text)
            if (name, found) not in exceptions
        ]
    return findings


def is_documented_placeholder(secret: str, filename: str, context: CodeSnippet) -> bool:
    """The detect-secrets filter: a finding of the hook that the house style allows."""
    if PEM_BEGIN.search(context.target_line):
        return not _pem_body(context.lines, context.target_index)
    if is_placeholder(secret):
        return True
    allowed = allowlists.load(ALLOWED)
    return any(entry.path == filename and entry.text == secret for entry in allowed)


def main() -> int:
    try:
        allowed = allowlists.load(ALLOWED)
    except allowlists.AllowListError as error:
        print(error, file=sys.stderr)
        return 2
    findings = scan(project_files(), allowed=allowed)
    for finding in findings:
        print(finding, file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
