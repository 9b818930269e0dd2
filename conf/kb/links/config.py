"""Read conf/data/linkcheck.toml into typed settings.

``conf/data/schemas/linkcheck.schema.json`` says what the file may hold, and ``kb.data``
validates it: a bad value is a ``ProblemError`` that names the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import kb.data
from kb import paths

DEFAULT_PATH = paths.DATA / "linkcheck.toml"
DURATION = re.compile(r"\s*(\d+)([smhd])\s*")
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class HostLimits:
    concurrency: int
    interval: float


@dataclass(frozen=True)
class IgnoreRule:
    pattern: re.Pattern
    reason: str


@dataclass(frozen=True)
class AnchorRule:
    """How to find the anchors of a host whose pages make some of them with JavaScript."""

    host: str
    id_prefix: str
    unchecked: tuple[re.Pattern, ...]

    def accepts_unseen(self, fragment: str) -> bool:
        return any(pattern.fullmatch(fragment) for pattern in self.unchecked)


@dataclass(frozen=True)
class Settings:
    navigation: tuple[str, ...]
    skip_dirs: tuple[str, ...]
    timeout: float
    retries: int
    max_redirects: int
    workers: int
    cache_max_age: float
    user_agent: str
    hosts: dict[str, HostLimits]
    ignore: tuple[IgnoreRule, ...]
    anchors: tuple[AnchorRule, ...] = field(default=())

    def limits(self, host: str) -> HostLimits:
        return self.hosts.get(host, self.hosts["default"])

    def ignored(self, url: str) -> IgnoreRule | None:
        return next((rule for rule in self.ignore if rule.pattern.match(url)), None)

    def anchor_rule(self, host: str) -> AnchorRule | None:
        return next((rule for rule in self.anchors if rule.host == host), None)


def parse_duration(text: str) -> float:
    """Seconds in a duration the schema admits, such as ``7d``, ``12h``, ``30m`` or ``0s``."""
    number, unit = DURATION.fullmatch(text).groups()
    return int(number) * SECONDS[unit]


def load(path: Path | str = DEFAULT_PATH) -> Settings:
    """The settings of ``path``; a ``kb.problems.ProblemError`` where it breaks its schema."""
    data, _ = kb.data.load(Path(path), "linkcheck")
    internal, external = data.get("internal", {}), data.get("external", {})
    return Settings(
        navigation=tuple(internal.get("navigation", ())),
        skip_dirs=tuple(internal.get("skip_dirs", ("_static", "_sources"))),
        timeout=float(external.get("timeout", 15)),
        retries=external.get("retries", 2),
        max_redirects=external.get("max_redirects", 5),
        workers=max(1, external.get("workers", 8)),
        cache_max_age=parse_duration(external.get("cache_max_age", "7d")),
        user_agent=external.get("user_agent", "dirac-kb-linkcheck/1"),
        hosts={
            name: HostLimits(table.get("concurrency", 1), float(table.get("interval", 0)))
            for name, table in data["hosts"].items()
        },
        ignore=tuple(
            IgnoreRule(re.compile(entry["pattern"]), entry["reason"])
            for entry in data.get("ignore", [])
        ),
        anchors=tuple(
            AnchorRule(
                entry["host"],
                entry.get("id_prefix", ""),
                tuple(re.compile(source) for source in entry.get("unchecked", [])),
            )
            for entry in data.get("anchors", [])
        ),
    )
