"""Page weight: what a first visit to a page transfers, by kind of resource, raw and gzipped.

A first visit has an empty cache, so every stylesheet, script, font and image the page pulls in
counts. "Compressed" is each resource through gzip at level 6, what a web server sends when it
compresses on the fly.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

KINDS = ("html", "css", "js", "font", "image", "other")
KIB = 1024


def kind_of(content_type: str, url: str) -> str:
    content_type = content_type.split(";")[0].strip().lower()
    path = url.split("?")[0].lower()
    if content_type == "text/html":
        return "html"
    if content_type == "text/css":
        return "css"
    if "javascript" in content_type or path.endswith((".js", ".mjs")):
        return "js"
    if content_type.startswith("font/") or path.endswith((".woff", ".woff2", ".ttf", ".otf")):
        return "font"
    if content_type.startswith("image/"):
        return "image"
    return "other"


@dataclass
class Weight:
    raw: int = 0
    compressed: int = 0

    def add(self, body: bytes) -> None:
        self.raw += len(body)
        self.compressed += len(gzip.compress(body, compresslevel=6, mtime=0))


@dataclass
class PageWeight:
    page: str
    kinds: dict[str, Weight] = field(default_factory=lambda: {kind: Weight() for kind in KINDS})

    @property
    def total(self) -> Weight:
        return Weight(
            sum(weight.raw for weight in self.kinds.values()),
            sum(weight.compressed for weight in self.kinds.values()),
        )


def weigh(page, url: str, name: str) -> PageWeight:
    """Open ``url`` in ``page`` (a fresh browser context) and add up what it transferred."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    weight = PageWeight(name)
    for response in responses:
        if response.status != 200:
            continue
        kind = kind_of(response.headers.get("content-type", ""), response.url)
        weight.kinds[kind].add(response.body())
    return weight


def as_json(weights: list[PageWeight]) -> str:
    data = {
        weight.page: {
            **{kind: asdict(value) for kind, value in weight.kinds.items()},
            "total": asdict(weight.total),
        }
        for weight in weights
    }
    return json.dumps(data, indent=1) + "\n"


def kib(size: int) -> str:
    return f"{size / KIB:.1f}"


def as_markdown(weights: list[PageWeight]) -> str:
    header = "| page | " + " | ".join(KINDS) + " | total |"
    rows = [
        header,
        "|" + " --- |" * (len(KINDS) + 2),
        *(
            f"| {weight.page} | "
            + " | ".join(
                f"{kib(weight.kinds[kind].raw)} / {kib(weight.kinds[kind].compressed)}"
                for kind in KINDS
            )
            + f" | **{kib(weight.total.raw)} / {kib(weight.total.compressed)}** |"
            for weight in weights
        ),
    ]
    return (
        "# Page weight of a first visit\n\n"
        "KiB transferred, raw / gzip-compressed, by kind of resource.\n\n" + "\n".join(rows) + "\n"
    )


def write_report(weights: list[PageWeight], folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    json_path, markdown_path = folder / "page-weight.json", folder / "page-weight.md"
    json_path.write_text(as_json(weights))
    markdown_path.write_text(as_markdown(weights))
    return json_path, markdown_path
