"""Trims the theme's Font Awesome webfonts to the icons the site shows.

pydata-sphinx-theme ships the whole icon font (about 110 KiB for the solid style alone), which
every first visit downloads, although the site shows a few dozen icons. After an HTML build
this module lists the icons the pages and scripts name (``fa-house``...) and the code points
the stylesheets use outside the icon table, and subsets each font to those, with fontTools.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx

FONTS = "_static/vendor/fontawesome/webfonts"
STYLESHEET = "_static/styles/pydata-sphinx-theme.css"
#: ``.fa-house,.fa-home{--fa:"\f015"}``: the icon table of the stylesheet.
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+,?)+)\{--fa:"((?:\\[0-9a-fA-F]+ ?|\\.|[^"\\])+)"\}')
#: An icon's class name; the word boundary before it is checked by hand (``_icon_names``): with
#: ``\b`` in the pattern the search tries every position of the text, 25 times slower.
ICON_NAME = re.compile(r"fa-[a-z0-9-]+")
WORD_CHARACTER = re.compile(r"\w")
#: Icon fonts put their glyphs here; stylesheets may hold these characters unescaped.
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
#: Below the doctrees: each subset made, by a digest of the font it was made from and its
#: code points, so that a rebuild that changes neither copies it instead of making it again.
CACHE = "kb-fonts"
CSS_STRING = re.compile(r'"((?:\\[0-9a-fA-F]{4,6} ?)+)"')
#: In the cache: what each output file named, by its path, date and size, so that a rebuild
#: reads only the files it wrote (at 2,000 pages the pages hold 280 MB of HTML).
SCANNED = "scanned.json"


def css_char(escaped: str) -> int:
    """The code point of one CSS string value such as ``\\f015``, ``\\30 ``, ``\\!`` or ``A``."""
    text = escaped.strip()
    if text.startswith("\\") and re.fullmatch(r"\\[0-9a-fA-F]+", text):
        return int(text[1:], 16)
    return ord(text[-1])


def icon_table(css: str) -> dict[str, int]:
    table = {}
    for selectors, value in ICON_RULE.findall(css):
        for name in selectors.split(","):
            table[name.lstrip(".")] = css_char(value)
    return table


def _icon_names(text: str) -> list[str]:
    """The icon class names in ``text`` that start a word (``fa-house``, not ``sofa-x``)."""
    found = ICON_NAME.finditer(text)
    return sorted(
        {m[0] for m in found if not (m.start() and WORD_CHARACTER.match(text, m.start() - 1))}
    )


def _css_points(text: str) -> list[int]:
    """Code points a stylesheet uses outside the icon table."""
    rest = ICON_RULE.sub("", text)
    points = {
        int(value.strip().lstrip("\\"), 16)
        for value in CSS_STRING.findall(rest)
        if value.count("\\") == 1
    }
    return sorted(points | set(map(ord, PRIVATE_USE.findall(rest))))


def _scanned(path: Path, scan: Callable[[str], list], seen: dict, now: dict) -> list:
    """``scan`` of the file's text, or what it gave when it had the same date and size
    (``seen``); ``now`` records it."""
    stat = path.stat()
    key, mark = str(path), [stat.st_mtime_ns, stat.st_size]
    found = (
        seen[key][2] if seen.get(key, [])[:2] == mark else scan(path.read_text("utf-8", "replace"))
    )
    now[key] = [*mark, found]
    return found


def used_code_points(outdir: Path, css: str, seen: dict[str, list] | None = None) -> set[int]:
    """Icons named in pages and scripts, and code points the stylesheets use themselves
    (escaped as ``"\\f05a"`` or written as the private-use character itself). ``seen`` keeps
    what each file gave, for the next build."""
    seen = {} if seen is None else seen
    now: dict[str, list] = {}
    table = icon_table(css)
    names: set[str] = set()
    for path in [*outdir.rglob("*.html"), *outdir.rglob("*.js")]:
        names.update(_scanned(path, _icon_names, seen, now))
    points = {table[name] for name in names if name in table}
    for path in outdir.rglob("*.css"):
        points.update(_scanned(path, _css_points, seen, now))
    seen.clear()
    seen.update(now)  # the files of this build only
    return points


def subset_font(path: Path, points: set[int]) -> None:
    from fontTools import subset  # half a second to import: only when a subset is made
    from fontTools.ttLib import TTFont

    # The 'head' table keeps the theme's date instead of the clock's: two builds of one commit
    # then write the same bytes.
    font = TTFont(path, recalcTimestamp=False)
    available = set(font.getBestCmap())
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(points & available) or [0x20])
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(path)


def trim_fonts(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    stylesheet = outdir / STYLESHEET
    if not stylesheet.is_file():
        return
    cache = Path(app.doctreedir) / CACHE
    try:
        seen = json.loads((cache / SCANNED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        seen = {}
    points = used_code_points(outdir, stylesheet.read_text(encoding="utf-8"), seen)
    cache.mkdir(parents=True, exist_ok=True)
    (cache / SCANNED).write_text(json.dumps(seen), encoding="utf-8")
    for font in sorted((outdir / FONTS).glob("*.woff2")):
        subset_cached(font, points, cache)


def subset_cached(font: Path, points: set[int], cache: Path) -> None:
    """``subset_font``, or the copy of the same subset made by an earlier build."""
    digest = hashlib.sha256(font.read_bytes())
    digest.update(",".join(map(str, sorted(points))).encode())
    made = cache / f"{digest.hexdigest()}.woff2"
    if not made.is_file():
        subset_font(font, points)
        cache.mkdir(parents=True, exist_ok=True)
        made.write_bytes(font.read_bytes())
    else:
        font.write_bytes(made.read_bytes())


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", trim_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
