"""Fetch DIRAC (and DiracX) wheels from the package index with pip, keeping them in a cache folder.

This is the only part of the inventory that uses the network.
"""

import subprocess
import sys
from pathlib import Path

from kb.problems import InventoryError


def cached_wheel(cache: Path, version: str, package: str = "DIRAC") -> Path | None:
    """The cached wheel of `package` `version`; wheel names differ in case between releases."""
    prefix = f"{package.replace('-', '_')}-{version}-".lower()
    matches = (
        sorted(p for p in cache.glob("*.whl") if p.name.lower().startswith(prefix))
        if cache.is_dir()
        else []
    )
    return matches[0] if matches else None


def fetch_wheel(cache: Path, version: str, package: str = "DIRAC") -> Path:
    wheel = cached_wheel(cache, version, package)
    if wheel is not None:
        return wheel
    cache.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "--quiet",
        f"{package}=={version}",
        "-d",
        str(cache),
    ]
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
