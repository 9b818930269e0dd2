"""A detect-secrets filter: what the house style writes in place of a secret is not one.

The pre-commit hook ``detect-secrets`` (.pre-commit-config.yaml) runs detect-secrets' own rule
set on every file of a commit and calls :func:`is_documented_placeholder` on each finding.  A
finding is dropped when it is a placeholder of docs/about/house-style.md (``<password>``,
``$TOKEN``, ``***``, ``xxxx``, a PEM block whose body is ``...``) or when
conf/data/secrets-allowed.toml lists its exact text for that file; the rules of both are those
of :mod:`kb.secrets`, which scans the built site's sources in the tests.
"""

from __future__ import annotations

from detect_secrets.util.code_snippet import CodeSnippet

from kb import allowlists, secrets


def is_documented_placeholder(secret: str, filename: str, context: CodeSnippet) -> bool:
    if secrets.PEM_BEGIN.search(context.target_line):
        body = " ".join(context.lines[context.target_index + 1 : context.target_index + 4])
        return not secrets.BASE64_RUN.search(body)
    if secrets.is_placeholder(secret):
        return True
    allowed = allowlists.load(secrets.ALLOWED)
    return any(entry.path == filename and entry.text == secret for entry in allowed)
