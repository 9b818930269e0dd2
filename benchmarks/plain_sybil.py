"""A plain Sybil run over the same pages as ``make check-examples``, for comparison.

Sybil's stock MyST code-block parser, one per language the pages use, collected and run
through pytest the same way as tests/test_examples.py; each block is only compiled (Python)
or accepted (any other language). Unlike the knowledge base's parser, it also counts a
block shown inside a Markdown sample as a block of its own. What ``make check-examples``
takes beyond this run is the cost of the knowledge base's own checks.

Run as ``KB_BENCH_DOCS=docs pytest -q benchmarks/plain_sybil.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sybil import Document
from sybil.parsers.myst import CodeBlockParser

DOCS = Path(os.environ.get("KB_BENCH_DOCS", Path(__file__).resolve().parents[1] / "docs"))
LANGUAGES = (
    "console",
    "shell",
    "cfg",
    "python",
    "yaml",
    "json",
    "toml",
    "ini",
    "bibtex",
    "text",
    "markdown",
)


def compile_only(example) -> None:
    if example.region.lexemes.get("arguments") == "python":
        compile(example.parsed, example.path, "exec")


def collect() -> list:
    parsers = [CodeBlockParser(language, compile_only) for language in LANGUAGES]
    found = []
    for path in sorted(DOCS.rglob("*.md")):
        # One parse per language: Sybil refuses overlapping regions, such as a console block
        # shown inside a markdown sample, when one parse holds both.
        for parser in parsers:
            found += Document.parse(str(path), parser)
    return found


EXAMPLES = collect()


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.path}:{e.line}" for e in EXAMPLES])
def test_block(example):
    example.evaluate()
