"""The external check's memory of good answers: a JSON file, entries older than a maximum age
are dropped, and only successes are written, so that a failure is asked again every run."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

VERSION = 1


class Cache:
    def __init__(self, path: Path, max_age: float, now: Callable[[], float] = time.time):
        self.path, self.max_age, self.now = Path(path), max_age, now
        self.entries: dict[str, dict] = self._read()

    def _read(self) -> dict[str, dict]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            entries = data["entries"] if data.get("version") == VERSION else {}
        except (ValueError, KeyError, TypeError, AttributeError):
            print(
                f"warning: {self.path}: not a link cache this checker wrote; "
                "ignoring it (it is rewritten after the check)",
                file=sys.stderr,
            )
            return {}
        oldest = self.now() - self.max_age
        return {
            url: entry
            for url, entry in entries.items()
            if isinstance(entry, dict) and entry.get("checked", 0) > oldest
        }

    def get(self, url: str) -> dict | None:
        return self.entries.get(url)

    def remember(self, url: str, status: int, final_url: str, moved: bool) -> None:
        self.entries[url] = {
            "checked": self.now(),
            "status": status,
            "final_url": final_url,
            "moved": moved,
        }

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        scratch = self.path.with_suffix(".tmp")
        payload = {"version": VERSION, "entries": dict(sorted(self.entries.items()))}
        scratch.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        os.replace(scratch, self.path)
