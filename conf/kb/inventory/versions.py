"""Which DIRAC versions the inventory covers by default."""

import re
from pathlib import Path

from kb import releases

from .errors import InventoryError

# Used only while conf/data/releases.toml does not exist.
FALLBACK_VERSIONS = ("7.3.38", "8.0.86", "8.0.54", "8.0.14", "8.0.8", "8.0.7", "9.0.28", "9.1.22")
_VERSION = re.compile(r"\d+\.\d+\.\d+")


def check_version(version: str, origin: str = "command line") -> str:
    if not _VERSION.fullmatch(version):
        raise InventoryError(
            f"{origin}: {version!r} is not a DIRAC release version; write it as X.Y.Z, e.g. 9.0.28"
        )
    return version


def sort_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def checked_versions(releases_toml: Path = releases.DATA) -> list[str]:
    """The `checked` versions of all release lines, oldest first (fallback: no releases.toml)."""
    if not releases_toml.exists():
        return sorted(FALLBACK_VERSIONS, key=sort_key)
    try:
        lines = releases.lines(releases_toml)
    except (ValueError, KeyError, TypeError) as exc:  # tomllib.TOMLDecodeError is a ValueError
        raise InventoryError(f"{releases_toml}: {exc}") from None
    versions = {
        check_version(v, f"{releases_toml}, line {line.name}")
        for line in lines
        for v in line.checked
    }
    return sorted(versions, key=sort_key)
