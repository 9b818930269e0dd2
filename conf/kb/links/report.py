"""The external check's reports: one for people (report.txt), one for tools (report.json)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path

TEXT, JSON = "report.txt", "report.json"
ORDER = ("broken", "moved", "ignored", "ok")
HEADINGS = {
    "broken": "Broken: fix or remove these links",
    "moved": "Moved permanently: they work, but link to the new address",
    "ignored": "Not checked (ignore list of conf/data/linkcheck.toml)",
    "ok": "Good",
}


def summary(results) -> str:
    counts = Counter(result.state for result in results)
    cached = sum(result.cached for result in results)
    return (
        f"External links: {len(results)} URLs, {counts['broken']} broken, "
        f"{counts['moved']} moved, {counts['ignored']} ignored, {counts['ok']} good "
        f"({cached} answered from the cache).\n"
    )


def text(results) -> str:
    lines = [summary(results)]
    for state in ORDER:
        chosen = [result for result in results if result.state == state]
        if not chosen:
            continue
        lines.append(f"\n{HEADINGS[state]} ({len(chosen)}):\n")
        for result in chosen:
            lines.append(f"  {result.url}\n    {result.message}\n")
            lines.extend(f"    used in {source}\n" for source in result.sources)
    return "".join(lines)


def as_json(results) -> str:
    entries = [asdict(result) for result in results]  # the sources too, as mappings
    counts = Counter(result.state for result in results)
    payload = {
        "summary": {state: counts[state] for state in ORDER} | {"total": len(results)},
        "links": entries,
    }
    return json.dumps(payload, indent=1) + "\n"


def write(results, folder: Path) -> str:
    """Write both reports into ``folder``; return the text one."""
    folder.mkdir(parents=True, exist_ok=True)
    rendered = text(results)
    (folder / TEXT).write_text(rendered, encoding="utf-8")
    (folder / JSON).write_text(as_json(results), encoding="utf-8")
    return rendered
