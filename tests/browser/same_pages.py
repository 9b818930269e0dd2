"""Which pages of the versioned site the accessibility audit must open: each distinct page once.

A release line's build writes the line's name into four places of a page's head, and nowhere
else that differs between lines: the version in the query string of
``documentation_options.js``, the switcher's ``version_match``, the canonical URL and the
``docsearch:version`` meta tag. Two pages at the same path of two lines whose HTML is
byte-identical once those four places are made neutral load the same files (the same relative
URLs, the same switcher.json; the lines' ``_static`` and ``_images`` folders are compared too,
and lines whose assets differ are never taken for one another) and build the same DOM, except
for the switcher's label and active entry, which come from ``version_match``. axe-core gives
them the same result, so auditing one of them proves the other: this is a proof, not a sample.

The switcher's state per line is itself audited: every page of the preferred line, and the
landing page of every other line, are always opened.

An end-of-life line adds one block to every page: the banner of conf/_templates/layout.html,
at the same place (the top of the article), with the same markup, text and styles (kb.css) on
every page of the line; only its link's target, the page's counterpart in the preferred line,
changes. The banner is compared as absent: it sits in the normal flow and overlaps nothing, so
it changes no other element's colours, roles or names, and the rules that concern the banner
itself are answered on the line's landing page, which is always audited with its banner.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

NEUTRAL = "LINE"


def eol_banner(line: str) -> re.Pattern:
    """The end-of-life banner of a page of ``line``, exactly as the layout writes it: the link
    to the preferred line's page is there when that page exists."""
    name = re.escape(line)
    return re.compile(
        rf'<div class="kb-eol-banner" role="note">\n  <p>DIRAC {name} has reached its end of life; '
        r'the current line is ([0-9.]+)\.(?: <a href="[^"<>]*">Read this page for DIRAC '
        r"\1</a>\.)?</p>\n</div>\n"
    )


def line_neutral(html: str, line: str) -> str:
    """``html`` of a page of ``line`` with the line's name made neutral in the four places of
    its head that name the line, and its end-of-life banner taken out (see above); nowhere else
    (the rest of the body is compared as it is)."""
    html = eol_banner(line).sub("", html, count=1)
    name = re.escape(line)
    for pattern, replacement in (
        (r"(documentation_options\.js\?v=)[0-9a-f]+", rf"\g<1>{NEUTRAL}"),
        (rf"(theme_switcher_version_match = ')({name})(')", rf"\g<1>{NEUTRAL}\g<3>"),
        (rf'(<link rel="canonical" href="[^"]*/)({name})(/)', rf"\g<1>{NEUTRAL}\g<3>"),
        (rf'(<meta name="docsearch:version" content=")({name})(")', rf"\g<1>{NEUTRAL}\g<3>"),
    ):
        html = re.sub(pattern, replacement, html, count=1)
    return html


@cache
def assets(output: Path) -> str:
    """A digest of what a line's pages load besides themselves (``_static``, ``_images``),
    with the line's name made neutral in ``documentation_options.js``."""
    digest = hashlib.sha256()
    for path in sorted(output.glob("_static/**/*")) + sorted(output.glob("_images/**/*")):
        if path.is_file():
            content = path.read_bytes()
            if path.name == "documentation_options.js":
                content = re.sub(rb"VERSION: '[^']*'", b"VERSION: ''", content, count=1)
            digest.update(path.relative_to(output).as_posix().encode() + b"\0" + content)
    return digest.hexdigest()


def distinct_pages(site: Path, paths: Iterable[str], preferred: str) -> list[str]:
    """The pages of ``paths`` (``<line>/<page>``, relative to ``site``) to audit: every page of
    the ``preferred`` line and every line's ``index.html``, then each other page unless a page
    at the same path of a line already chosen is the same once line-neutral."""
    paths = list(paths)
    order = sorted(paths, key=lambda path: path.split("/", 1)[0] != preferred)
    chosen: set[str] = set()
    seen: set[tuple[str, str, str]] = set()
    for path in order:
        line, page = path.split("/", 1)
        html = line_neutral((site / path).read_text(encoding="utf-8"), line)
        key = (page, assets(site / line), html)
        if key not in seen or line == preferred or page == "index.html":
            chosen.add(path)
            seen.add(key)
    return [path for path in paths if path in chosen]
