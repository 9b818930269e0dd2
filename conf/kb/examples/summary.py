"""What a run of the example checks covered, printed at its end.

This module is also the pytest plugin that prints it: tests/test_examples.py loads it with
``pytest_plugins``, and the checks record into :data:`RUN_TALLY`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from packaging.version import Version


@dataclass
class Tally:
    languages: Counter = field(default_factory=Counter)
    versions: Counter = field(default_factory=Counter)
    diracx_versions: Counter = field(default_factory=Counter)
    """Blocks with DiracX commands or configuration, per DiracX version checked."""
    skips: list[tuple[str, str]] = field(default_factory=list)
    open_components: list[tuple[str, str]] = field(default_factory=list)
    """(block, component) whose options were not checked: its code builds their names."""

    def checked(self, language: str, versions: list[str]) -> None:
        self.languages[language] += 1
        self.versions.update(versions)

    def lines(self) -> list[str]:
        """The summary as text lines; empty when nothing was checked."""
        if not self.languages and not self.skips:
            return []
        result = ["blocks checked per language:"]
        result += [f"  {language}: {count}" for language, count in sorted(self.languages.items())]
        result += per_version("DIRAC", self.versions)
        if self.diracx_versions:
            result += per_version("DiracX", self.diracx_versions)
        result.append(f"blocks skipped: {len(self.skips)}")
        result += [f"  {location}: {reason}" for location, reason in self.skips]
        if self.open_components:
            result.append(
                "components whose options were not checked (their code builds option names "
                f"at run time): {len(self.open_components)}"
            )
            result += [f"  {location}: {name}" for location, name in self.open_components]
        return result


def per_version(product: str, counts: Counter) -> list[str]:
    return [
        f"blocks checked per {product} version:",
        *(f"  {version}: {counts[version]}" for version in sorted(counts, key=Version)),
    ]


RUN_TALLY = Tally()
"""What this pytest run checked: filled by tests/test_examples.py, printed by the plugin."""


def pytest_terminal_summary(terminalreporter) -> None:
    if lines := RUN_TALLY.lines():
        terminalreporter.section("code examples")
        for line in lines:
            terminalreporter.write_line(line)
