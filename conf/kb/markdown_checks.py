"""Stop the build on Markdown that MyST would render without a word of warning.

* A fence that is never closed swallows the rest of the page into one code block.
* A code block without a language cannot be highlighted nor checked
  (docs/about/checked-examples.md).
* Raw HTML and ``{raw}`` blocks reach the published site unchecked: they need an entry in
  conf/data/raw-html-allowed.toml, with the reason they are safe.
* An image whose file is missing: Sphinx warns, but without saying where the file was looked for.
* A switch such as ``--lifetime`` in prose: the smart quotes turn its two hyphens into a dash,
  and the reader copies a switch that does not exist. Inline code, code blocks, URLs,
  comments and front matter are left alone, as is a dash written `` -- `` between words.

The page is tokenised with the same MyST configuration as the build; the content of a
directive (a tab, a note) is tokenised in turn, so that blocks nested in it are checked too.
Every problem names the file line and how to fix it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from sphinx.application import Sphinx
from sphinx.util import logging

from kb import allowlists
from kb.problems import Problem

logger = logging.getLogger(__name__)

RAW_HTML_ALLOWED = "raw-html-allowed.toml"
FENCES = ("fence", "colon_fence")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:-]+)\}\s*(?P<argument>.*)$")
CODE_DIRECTIVE = re.compile(r"^\{(?:code-block|code|sourcecode)\}\s*(?P<language>\S*)")
# Directives whose content is not Markdown: it is not tokenised again.
LITERAL_DIRECTIVES = {
    *("code-block", "code", "sourcecode", "literalinclude", "bibtex-source", "raw", "math"),
    *("toctree", "csv-table"),
}
IMAGE_DIRECTIVES = {"image", "figure"}
URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
OPENING_FENCE = re.compile(r"^\s*(?P<marks>`{3,}|~{3,}|:{3,})\s*(?P<info>\S.*)$")
# Two or three hyphens that start a word and run into a letter: a switch, not a dash.
SWITCH = re.compile(r"(?<![\w-])-{2,3}[A-Za-z][\w-]*(?:\.[\w-]+)*")
URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://\S+")
CODE_SPAN = re.compile(r"(`+).*?\1")
LINE_BREAKS = ("softbreak", "hardbreak")


Finding = tuple[int, str]
"""(line, message) of one problem of the page being checked."""


@dataclass(frozen=True)
class Page:
    """The page being checked: its path, and whether it may hold raw HTML."""

    path: Path
    srcdir: Path
    raw_html_allowed: bool = False


_PARSERS: dict[str, MarkdownIt] = {}


def _parser(config: MdParserConfig) -> MarkdownIt:
    """One parser per MyST configuration (which is not hashable: its text is the key)."""
    key = repr(config)
    if key not in _PARSERS:
        _PARSERS[key] = create_md_parser(config, RendererHTML)
    return _PARSERS[key]


#: The MyST settings that decide where a heading can be, for code that reads pages without a
#: build: the content of a ``:::`` directive holds none of the page's headings.
WITHOUT_BUILD = MdParserConfig(enable_extensions={"colon_fence"})


def headings(text: str, config: MdParserConfig = WITHOUT_BUILD) -> list[tuple[int, str]]:
    """(level, Markdown text) of each heading of the page, in order; none from a code block."""
    found = _parser(config).parse(text)
    return [
        (int(token.tag[1:]), found[index + 1].content)
        for index, token in enumerate(found)
        if token.type == "heading_open"
    ]


def language_of(info: str) -> str | None:
    """The language of a fence's info string, for these checks and the example checks; None
    for a container directive such as ``{note}``."""
    info = info.strip()
    if code := CODE_DIRECTIVE.match(info):
        return code["language"]
    if info.startswith("{") and "}" in info:
        return None
    return info.split()[0] if info else ""


def directive_of(token: Token) -> re.Match | None:
    """The name and argument of the directive a fence opens (```` ```{note} ````), if any."""
    return DIRECTIVE.match(token.info.strip()) if token.type in FENCES else None


def tokens(text: str, config: MdParserConfig, offset: int = 0) -> Iterator[tuple[Token, int]]:
    """Every token of ``text`` with its 1-based file line, directive content included."""
    for token in _parser(config).parse(text):
        line = offset + token.map[0] + 1 if token.map else offset + 1
        yield token, line
        for child in token.children or ():
            yield child, line
        directive = directive_of(token)
        if directive and directive["name"] not in LITERAL_DIRECTIVES:
            yield from tokens(token.content, config, offset + token.map[0] + 1)


def fence_problems(token: Token, line: int, lines: list[str]) -> Iterator[Finding]:
    """An unterminated fence, a fence that seems to swallow the next block, a missing language."""
    start, end = token.map
    last = lines[end - 1].strip().lstrip(">").strip() if end - 1 < len(lines) else ""
    closed = end - start >= 2 and last.startswith(token.markup) and set(last) == {token.markup[0]}
    if not closed:
        message = (
            f"the block opened with {token.markup} at this line is never closed, so it swallows "
            f"the rest of the page; add a line {token.markup} where the block ends"
        )
        yield line, message
    else:
        for number, text in enumerate(token.content.splitlines(), start=line + 1):
            opening = OPENING_FENCE.match(text)
            if opening and opening["marks"] == token.markup:
                message = (
                    f"this block holds, at line {number}, the opening fence {text.strip()!r} of "
                    f"another block: a line {token.markup} is probably missing before it"
                )
                yield line, message
                break
    if token.type == "fence" and language_of(token.info) == "":
        message = (
            "the code block has no language; write it after the opening fence, such as "
            "```console, ```cfg or ```python (```text for plain text); "
            "docs/about/checked-examples.md lists them"
        )
        yield line, message


def raw_html_problem(token: Token, line: int) -> Finding | None:
    directive = directive_of(token)
    if token.type in ("html_block", "html_inline"):
        what = f"raw HTML {token.content.strip()[:40]!r}"
    elif directive and directive["name"] == "raw":
        what = "a {raw} block"
    else:
        return None
    return line, (
        f"{what} would be published unchecked; write it in Markdown (a placeholder such as "
        "<name> goes in `backticks`, a comment on a line starting with %), or add the page to "
        f"conf/data/{RAW_HTML_ALLOWED} with the reason it is safe"
    )


def image_problem(token: Token, line: int, page: Page) -> Finding | None:
    directive = directive_of(token)
    if token.type == "image":
        target = str(token.attrs.get("src", ""))
    elif directive and directive["name"] in IMAGE_DIRECTIVES:
        target = directive["argument"].strip()
    else:
        return None
    if not target or URL_SCHEME.match(target) or "{{" in target or "*" in target:
        return None
    base = page.srcdir if target.startswith("/") else page.path.parent
    expected = (base / target.lstrip("/")).resolve()
    if expected.is_file():
        return None
    shown = (
        expected.relative_to(page.srcdir.parent)
        if expected.is_relative_to(page.srcdir.parent)
        else expected
    )
    return line, (
        f"the image {target!r} is not at {shown}; add the file there, or correct the path "
        "(relative to this page's folder, or to docs/ when it starts with '/')"
    )


def first_line_holding(text: str, lines: list[str], first: int, last: int) -> int:
    """The first of the 1-based lines ``first`` to ``last`` holding ``text``, else ``first``."""
    numbers = range(first, min(last, len(lines)) + 1)
    return next((number for number in numbers if text in lines[number - 1]), first)


def switches_in(prose: str) -> list[str]:
    """The switches written in ``prose``, URLs left out."""
    return [switch[0] for switch in SWITCH.finditer(URL.sub(" ", prose))]


def switch_problem(name: str, line: int) -> Finding:
    return line, (
        f"the switch {name!r} is written as prose, where the hyphens become a dash; "
        f"write it as code: `{name}`"
    )


def title_switch_problems(token: Token, line: int) -> list[Finding]:
    """Switches in the title of a directive (a tab label, a note's title), which is prose too."""
    directive = directive_of(token)
    if not directive or directive["name"] in LITERAL_DIRECTIVES | IMAGE_DIRECTIVES:
        return []
    title = CODE_SPAN.sub(" ", directive["argument"])
    return [switch_problem(name, line) for name in switches_in(title)]


def switch_problems(inline: Token, line: int, lines: list[str]) -> list[Finding]:
    """Switches in the prose of one inline token (a paragraph, a heading, a table cell).

    Only its text is read: inline code, roles and the text of an autolink are not prose.
    Line breaks in the prose give the lowest line a switch can be on; inline code may hide
    more, so the switch is looked for from there to the last line of the paragraph.
    """
    found = []
    last = line + (inline.map[1] - inline.map[0] - 1 if inline.map else 0)
    in_autolink = False
    for child in inline.children or ():
        if child.type in LINE_BREAKS:
            line += 1
        elif child.type == "link_open":
            in_autolink = child.markup == "autolink"
        elif child.type == "link_close":
            in_autolink = False
        elif child.type == "text" and not in_autolink:
            found += [
                switch_problem(name, first_line_holding(name, lines, line, last))
                for name in switches_in(child.content)
            ]
    return found


def problems(text: str, config: MdParserConfig, page: Page) -> list[Problem]:
    """Every problem of one page, in line order."""
    lines = text.splitlines()
    found: list[Finding] = []
    for token, line in tokens(text, config):
        if token.type in FENCES:
            # A nested block's map is relative to its directive's content.
            offset = line - token.map[0] - 1
            found += fence_problems(token, line, lines[offset:])
        if (html := raw_html_problem(token, line)) and not page.raw_html_allowed:
            found.append(html)
        if image := image_problem(token, line, page):
            found.append(image)
        if token.type == "inline":
            found += switch_problems(token, line, lines)
        found += title_switch_problems(token, line)
    return [Problem(page.path, line, message) for line, message in sorted(set(found))]


def read_allow_list(app: Sphinx) -> None:
    """Read the raw-HTML allow-list once per build; a broken one is reported once."""
    root = allowlists.PROJECT_ROOT
    try:
        entries = allowlists.load(RAW_HTML_ALLOWED, root)
        app.kb_raw_html_pages = {(root / entry.path).resolve() for entry in entries}
    except allowlists.AllowListError as error:
        logger.error(str(error))
        app.kb_raw_html_pages = set()


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    path = Path(app.env.doc2path(docname)).resolve()
    page = Page(path, Path(app.srcdir).resolve(), path in app.kb_raw_html_pages)
    for problem in problems(source[0], app.env.myst_config, page):
        logger.error(problem.text, location=(docname, problem.line))


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", read_allow_list)
    app.connect("source-read", check_source)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
