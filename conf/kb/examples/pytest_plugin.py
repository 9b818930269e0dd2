"""pytest plugin of the example checks: the end-of-run summary of what was checked.

tests/test_examples.py loads it with ``pytest_plugins``; the checks record into
:data:`kb.examples.summary.RUN_TALLY`.
"""

from __future__ import annotations

from kb.examples.summary import RUN_TALLY


def pytest_terminal_summary(terminalreporter) -> None:
    lines = RUN_TALLY.lines()
    if lines:
        terminalreporter.section("code examples")
        for line in lines:
            terminalreporter.write_line(line)
