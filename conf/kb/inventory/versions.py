"""Which DIRAC and DiracX versions the inventory covers by default."""

import re
from pathlib import Path

from packaging.version import Version

from kb import releases
from kb.problems import InventoryError, ProblemError

_VERSION = re.compile(r"\d+\.\d+\.\d+")


def check_version(version: str, origin: str = "command line") -> str:
    if not _VERSION.fullmatch(version):
        raise InventoryError(
            f"{origin}: {version!r} is not a DIRAC release version; write it as X.Y.Z, e.g. 9.0.28"
        )
    return version


def checked_versions(releases_toml: Path = releases.DATA, key: str = "checked") -> list[str]:
    """The DIRAC versions (``key="checked"``) or DiracX versions (``key="diracx"``) that the
    release lines check, oldest first (releases.toml's schema makes each one X.Y.Z)."""
    try:
        lines = releases.lines(releases_toml)
    except ProblemError as exc:
        raise InventoryError(str(exc)) from None
    return sorted({version for line in lines for version in getattr(line, key)}, key=Version)
