"""Every code block of the documentation, checked against the DIRAC releases it claims.

One test per block, named after its place (``docs/page.md:LINE``); ``make check-examples``.
How blocks are annotated and what each language's check does: docs/about/checked-examples.md.
"""

from __future__ import annotations

import pytest
from conftest import DOCS
from kb.examples.check import Context, examples
from kb.examples.summary import RUN_TALLY
from sybil.example import SybilFailure

pytest_plugins = ["kb.examples.summary"]

EXAMPLES = examples(DOCS, Context(tally=RUN_TALLY))


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.parsed.location for e in EXAMPLES])
def test_example(example):
    try:
        example.evaluate()
    except SybilFailure as failure:
        pytest.fail(failure.result, pytrace=False)
