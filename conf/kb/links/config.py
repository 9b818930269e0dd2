"""Read conf/data/linkcheck.toml into typed settings, naming the file and line of a bad value."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kb import paths

DEFAULT_PATH = paths.DATA / "linkcheck.toml"
DURATION = re.compile(r"(\d+)([smhd])")
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class ConfigError(ValueError):
    """A setting that cannot be used; ``str()`` gives ``path:line: what is wrong; how to fix``."""


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
    """Seconds in a duration such as ``7d``, ``12h``, ``30m`` or ``0s``."""
    match = DURATION.fullmatch(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a duration: write a number and s, m, h or d, as '7d'")
    return int(match.group(1)) * SECONDS[match.group(2)]


def load(path: Path | str = DEFAULT_PATH) -> Settings:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}; fix the TOML syntax there") from None
    return _Reader(path, text).settings(data)


class _Reader:
    """Turns the parsed TOML into :class:`Settings`; every complaint names the line."""

    def __init__(self, path: Path, text: str):
        self.path, self.lines = path, text.splitlines()

    def fail(self, needle: str, message: str) -> ConfigError:
        line = next((n for n, text in enumerate(self.lines, 1) if needle in text), 1)
        return ConfigError(f"{self.path}:{line}: {message}")

    def settings(self, data: dict) -> Settings:
        internal, external = data.get("internal", {}), data.get("external", {})
        try:
            max_age = parse_duration(str(external.get("cache_max_age", "7d")))
        except ValueError as error:
            raise self.fail("cache_max_age", str(error)) from None
        hosts = {name: self.host(name, value) for name, value in data.get("hosts", {}).items()}
        if "default" not in hosts:
            raise self.fail(
                "[hosts",
                "no [hosts.default] table: add one with concurrency and "
                "interval, the limits of every host not named",
            )
        return Settings(
            navigation=tuple(internal.get("navigation", ())),
            skip_dirs=tuple(internal.get("skip_dirs", ("_static", "_sources"))),
            timeout=float(self.number(external, "timeout", 15)),
            retries=int(self.number(external, "retries", 2)),
            max_redirects=int(self.number(external, "max_redirects", 5)),
            workers=max(1, int(self.number(external, "workers", 8))),
            cache_max_age=max_age,
            user_agent=str(external.get("user_agent", "dirac-kb-linkcheck/1")),
            hosts=hosts,
            ignore=tuple(self.ignore_rule(entry) for entry in data.get("ignore", [])),
            anchors=tuple(self.anchor_rule(entry) for entry in data.get("anchors", [])),
        )

    def number(self, table: dict, key: str, default: float) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise self.fail(f"{key} =", f"'{key}' must be a number of 0 or more, not {value!r}")
        return value

    def host(self, name: str, table: dict) -> HostLimits:
        concurrency = int(self.number(table, "concurrency", 1))
        if concurrency < 1:
            raise self.fail(
                f'"{name}"' if name != "default" else "hosts.default",
                f"host '{name}' needs a concurrency of at least 1",
            )
        return HostLimits(concurrency, float(self.number(table, "interval", 0)))

    def regex(self, source: str) -> re.Pattern:
        try:
            return re.compile(source)
        except re.error as error:
            raise self.fail(source, f"'{source}' is not a regular expression ({error})") from None

    def ignore_rule(self, entry: dict) -> IgnoreRule:
        pattern = str(entry.get("pattern", ""))
        if not pattern:
            raise self.fail("[[ignore]]", "an [[ignore]] entry has no 'pattern'")
        if not str(entry.get("reason", "")).strip():
            raise self.fail(
                pattern,
                f"the ignored pattern '{pattern}' gives no reason: add "
                'reason = "why this URL is not checked"',
            )
        return IgnoreRule(self.regex(pattern), entry["reason"])

    def anchor_rule(self, entry: dict) -> AnchorRule:
        host = str(entry.get("host", ""))
        if not host or not str(entry.get("reason", "")).strip():
            raise self.fail(
                "[[anchors]]",
                "every [[anchors]] entry needs a 'host' and a "
                "'reason' saying how that host makes its anchors",
            )
        unchecked = tuple(self.regex(source) for source in entry.get("unchecked", []))
        return AnchorRule(host, str(entry.get("id_prefix", "")), unchecked)
