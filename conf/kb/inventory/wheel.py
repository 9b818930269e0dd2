"""DIRAC and DiracX wheels: fetched from the package index with pip into a cache folder (the
only part of the inventory that uses the network), then read without being extracted.
"""

import configparser
import re
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

from kb.problems import InventoryError

# "DIRAC.Core.scripts.dirac_version:main [admin]" -> module, function, extras
_ENTRY_POINT = re.compile(
    r"^\s*(?P<module>[\w.]+)\s*:\s*(?P<function>[\w.]+)\s*(?:\[(?P<extras>[^\]]*)\])?\s*$"
)


class Wheel(zipfile.ZipFile):
    """A wheel opened as a zip archive; python sources are read as text."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            super().__init__(self.path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InventoryError(
                f"{self.path}: not a readable wheel ({exc}); "
                "delete the file and run the inventory again to download it anew"
            ) from None
        self._names = set(self.namelist())

    def names(self) -> list[str]:
        """All member paths, sorted."""
        return sorted(self._names)

    def read_text(self, member: str) -> str:
        try:
            return self.read(member).decode("utf-8")
        except (zipfile.BadZipFile, OSError, UnicodeDecodeError, zlib.error) as exc:
            raise InventoryError(
                f"{self.path}: cannot read {member} ({exc}); delete the wheel and download it again"
            ) from None

    def module_path(self, dotted: str) -> str | None:
        """The member holding module `dotted` (a .py file or a package __init__), if any."""
        base = dotted.replace(".", "/")
        return next((m for m in (f"{base}.py", f"{base}/__init__.py") if m in self._names), None)

    def entry_points(self) -> configparser.ConfigParser:
        """The dist-info entry_points.txt: one section per entry-point group."""
        members = [n for n in self._names if re.fullmatch(r"[^/]+\.dist-info/entry_points\.txt", n)]
        if len(members) != 1:
            raise InventoryError(
                f"{self.path}: expected one *.dist-info/entry_points.txt, "
                f"found {len(members)}; is this a DIRAC wheel?"
            )
        parser = configparser.ConfigParser(interpolation=None)
        parser.optionxform = str  # script names are case-sensitive
        try:
            parser.read_string(self.read_text(members[0]), source=f"{self.path}!{members[0]}")
        except configparser.Error as exc:
            raise InventoryError(
                f"{self.path}!{members[0]}: not a valid entry_points.txt ({exc})"
            ) from None
        return parser

    def console_scripts(self) -> dict[str, dict]:
        """The [console_scripts] section of the dist-info entry_points.txt."""
        parser = self.entry_points()
        scripts = {}
        section = "console_scripts"
        for name, value in parser.items(section) if parser.has_section(section) else []:
            match = _ENTRY_POINT.match(value)
            if not match:
                raise InventoryError(
                    f"{self.path}: entry_points.txt: console script {name!r} "
                    f"has an unreadable target {value!r}; "
                    "expected 'package.module:function [extras]'"
                )
            extras = sorted(e.strip() for e in (match["extras"] or "").split(",") if e.strip())
            scripts[name] = {
                "module": match["module"],
                "function": match["function"],
                "extras": extras,
            }
        return scripts


def cached_wheel(cache: Path, version: str, package: str = "DIRAC") -> Path | None:
    """The cached wheel of `package` `version`; wheel names differ in case between releases."""
    prefix = f"{package.replace('-', '_')}-{version}-".lower()
    # a missing cache folder globs to nothing
    return min((p for p in cache.glob("*.whl") if p.name.lower().startswith(prefix)), default=None)


def fetch_wheel(cache: Path, version: str, package: str = "DIRAC") -> Path:
    wheel = cached_wheel(cache, version, package)
    if wheel is not None:
        return wheel
    cache.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    command += ["--disable-pip-version-check", "--quiet", f"{package}=={version}", "-d", str(cache)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    wheel = cached_wheel(cache, version, package)
    if result.returncode != 0 or wheel is None:
        errors = [
            line.strip() for line in result.stderr.splitlines() if line.strip().startswith("ERROR")
        ]
        detail = errors[-1] if errors else f"pip exited with status {result.returncode}"
        raise InventoryError(
            f"{package}=={version}: pip could not download the wheel ({detail}); "
            "check the version number and the network"
        )
    return wheel
