"""The upgrade path: for any start and target release line, every guide's steps in order.

Generated from the guides' ``migration`` front matter and their ``### N. Title`` step headings,
never kept by hand.  The headings come from MyST's own markdown-it parser, with the build's
settings, rather than from Sphinx's environment: when this page is read, the guides may not be.

A guide belongs to the way from S to T when its lines overlap it (from < T and to > S); guides
that stay within one line (``from == to``) belong to every way that passes through that line.
A step whose title ends with the lines it is for, such as ``(8.0)``, ``(8.0 to 9.0)`` or
``(9.1.13 and later)``, is listed only on the ways that include those lines.

Order: by the line where the guide acts, then its phase, then where it starts, then ``order``.
A guide acts on the line where it completes, unless its optional ``phase: before`` says that it
is done on its ``from`` line before the upgrade (as a change that 8.0 prepares for 9.0).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from myst_parser.config.main import MdParserConfig
from myst_parser.slugs import github_slugify
from packaging.version import Version
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import kb.data
from kb import releases
from kb.frontmatter import FrontMatter, read
from kb.markdown_checks import WITHOUT_BUILD, headings
from kb.problems import ProblemError

logger = logging.getLogger(__name__)
PHASES = ("before", "upgrade")
STEP = re.compile(r"(\d+)\.\s+(.+)")
STEP_LINES = re.compile(r"\(([^()]*\d+\.\d+[^()]*)\)\s*$")
VERSION = re.compile(r"(\d+\.\d+)(?:\.\d+)?")
"""A version in a step's title; its group is the release line (``9.1`` of ``9.1.13``)."""
INPUTS = "kb_upgrade_path_inputs"
"""The build environment's record, by page, of :func:`inputs_digest` when the page was read."""


@dataclass(frozen=True)
class Guide:
    path: Path
    title: str
    start: str
    end: str
    audience: tuple[str, ...]
    order: int
    steps: tuple[str, ...]
    phase: str = "upgrade"

    def sort_key(self) -> tuple:
        acts_on = self.start if self.phase == "before" else self.end
        rank = PHASES.index(self.phase)
        return (Version(acts_on), rank, Version(self.start), self.order, self.path.name)

    def steps_between(self, low: str, high: str) -> tuple[str, ...]:
        """The steps for the way from line ``low`` to line ``high``."""
        return tuple(
            step
            for step in self.steps
            if _overlaps(*step_lines(step, self.end), Version(low), Version(high))
        )


def _overlaps(first: Version, last: Version, low: Version, high: Version) -> bool:
    return first <= high and last >= low


def step_lines(step: str, guide_end: str) -> tuple[Version, Version]:
    """The first and last line a step is for, from the end of its title; every line if unsaid."""
    match = STEP_LINES.search(step)
    if not match:
        return Version("0"), Version(guide_end)
    versions = [Version(line) for line in VERSION.findall(match[1])]
    last = Version(guide_end) if "later" in match[1] else max(versions)
    return min(versions), max(last, min(versions))


def _steps(page_headings: list[tuple[int, str]]) -> tuple[str, ...]:
    """The ``### N. Title`` headings of the ``## Steps`` section, numbered as written."""
    steps, inside = [], False
    for level, title in page_headings:
        if level == 2:
            inside = title.lower() == "steps"
        elif inside and level == 3 and (match := STEP.match(title)):
            steps.append(f"{match[1]}. {match[2]}")
    return tuple(steps)


def guide_from(matter: FrontMatter, text: str, config: MdParserConfig = WITHOUT_BUILD) -> Guide:
    """Validate one guide's ``migration`` metadata (its schema, then the release lines it names)
    and read its title and steps from its headings, as MyST parses them with ``config``."""
    found = kb.data.problems(
        matter.path, matter.data, matter.lines, kb.data.schema("migration-guide")
    )
    if found:
        raise ProblemError(found)
    meta = matter.data["migration"]
    names = releases.line_names()
    start, end = str(meta["from"]), str(meta["to"])
    for key, value in (("from", start), ("to", end)):
        if value not in names:
            raise matter.error(
                f"migration.{key}",
                f"migration: {key}: {value!r} is not a release line ({', '.join(names)})",
            )
    if Version(end) < Version(start):
        raise matter.error("migration.to", f"migration: to ({end}) comes before from ({start})")
    page_headings = headings(text, config)
    title = next((heading for level, heading in page_headings if level == 1), "")
    steps = _steps(page_headings)
    if not steps:
        raise matter.error(
            "migration", "the guide has no '## Steps' section with '### 1. Title' step headings"
        )
    audience, order, phase = tuple(meta["audience"]), meta["order"], meta.get("phase", "upgrade")
    return Guide(matter.path, title, start, end, audience, order, steps, phase)


def load_guides(folder: Path, config: MdParserConfig = WITHOUT_BUILD) -> list[Guide]:
    guides = []
    for path in sorted(folder.glob("*.md")):
        matter = read(path)
        if "migration" in matter.data:
            guides.append(guide_from(matter, path.read_text(encoding="utf-8"), config))
    return guides


def plan(guides: list[Guide], start: str, target: str) -> list[Guide]:
    """The guides to follow, in order, to go from line ``start`` to line ``target``."""
    low, high = Version(start), Version(target)

    def belongs(guide: Guide) -> bool:
        first, last = Version(guide.start), Version(guide.end)
        if first == last:
            return low <= first <= high
        return first < high and last > low and bool(guide.steps_between(start, target))

    return sorted(filter(belongs, guides), key=Guide.sort_key)


def markdown(guides: list[Guide], docs: Path) -> list[str]:
    """The upgrade path as MyST lines, one section for each pair of release lines (start,
    target), oldest start first."""
    lines: list[str] = []
    for start, target in combinations(releases.line_names(), 2):
        lines += [f"## From {start} to {target}", ""]
        chosen = plan(guides, start, target)
        if not chosen:
            lines += ["No guide concerns this step yet: read the release notes.", ""]
            continue
        for number, guide in enumerate(chosen, start=1):
            link = (Path("/") / guide.path.relative_to(docs)).as_posix()
            audience = ", ".join(guide.audience)
            before = guide.phase == "before" and guide.start == start
            when = f"; on {guide.start}, before upgrading" if before else ""
            lines += [
                f"{number}. [{guide.title}]({link}) ({audience}; "
                f"{guide.start} to {guide.end}{when})",
                "",
            ]
            for step in guide.steps_between(start, target):
                lines.append(f"   - [{step}]({link}#{github_slugify(step)})")
            lines.append("")
    return lines


class UpgradePathDirective(SphinxDirective):
    """Renders the upgrade path for every pair of release lines."""

    def run(self) -> list[nodes.Node]:
        docs = Path(self.env.srcdir)
        folder = docs / "migration"
        try:
            guides = load_guides(folder, self.env.myst_config)
        except ProblemError as error:
            error.log(logger)
            return []
        # Not a dependency on each guide: a page read again for every edit of a guide's prose
        # made a one-page rebuild read and write two pages. _outdated compares the digest.
        getattr(self.env, INPUTS)[self.env.docname] = inputs_digest(folder)
        container = nodes.container(classes=["upgrade-path"])
        source = StringList(markdown(guides, docs), source=self.env.doc2path(self.env.docname))
        self.state.nested_parse(source, self.content_offset, container, match_titles=True)
        return container.children


def inputs_digest(folder: Path) -> str:
    """A digest of what the upgrade path is made of: the guides' names, front matter and
    headings (their titles and steps). Their prose and examples are left out."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        end = text.find("\n---", 3) if text.startswith("---") else 0
        headings = [line for line in text[end:].splitlines() if line.startswith("#")]
        digest.update("\0".join([path.name, text[:end], *headings, ""]).encode())
    return digest.hexdigest()


def _init(app: Sphinx, env, docnames) -> None:
    if not hasattr(env, INPUTS):
        setattr(env, INPUTS, {})


def _purge(app: Sphinx, env, docname: str) -> None:
    getattr(env, INPUTS, {}).pop(docname, None)


def _merge(app: Sphinx, env, docnames, other) -> None:
    getattr(env, INPUTS).update(
        (name, digest) for name, digest in getattr(other, INPUTS).items() if name in docnames
    )


def _outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """The upgrade-path pages to read again: those whose guides' titles, steps or metadata
    changed, or that gained or lost a guide, since they were read."""
    recorded = getattr(env, INPUTS, {})
    if not recorded:
        return []
    now = inputs_digest(Path(env.srcdir) / "migration")
    return [name for name, digest in recorded.items() if digest != now and name not in removed]


def setup(app: Sphinx) -> dict:
    app.add_directive("upgrade-path", UpgradePathDirective)
    app.connect("env-before-read-docs", _init)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
