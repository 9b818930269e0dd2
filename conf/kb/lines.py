"""One build per release line: which pages a line's build holds, and how it links elsewhere.

``conf.py`` sets ``kb_line`` (from ``KB_LINE``, default: the preferred line). Pages whose
``dirac:`` front matter does not admit that line are left out of the build. A link to such a
page leads to the same page in the newest line that has it when the build is part of the
versioned site (``kb_site``); in a lone build, which has no other line beside it, the link
becomes plain text that names the lines the page belongs to.
"""

from __future__ import annotations

from pathlib import Path
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from kb import releases, site
from kb.frontmatter import FrontMatterError, values

#: Each build's release lines of every page, and the pages of other lines than the build's
#: (left out of it), by docname, set once its configuration (the key) is read: transforms and
#: event handlers all reach the configuration.
_PAGE_LINES: WeakKeyDictionary[Config, dict[str, list[str]]] = WeakKeyDictionary()
_OTHER_LINE_PAGES: WeakKeyDictionary[Config, dict[str, list[str]]] = WeakKeyDictionary()


def other_line_pages(config: Config) -> dict[str, list[str]]:
    """The pages that belong to other release lines than this build's, with their lines."""
    return _OTHER_LINE_PAGES.get(config, {})


def page_lines(docs: Path) -> dict[str, list[str]]:
    """The release lines of every page, by docname, from its ``dirac:`` key (read with the fast
    reader of front matter); unreadable pages are left to kb.pages."""
    result = {}
    for path in sorted(docs.rglob("*.md")):
        try:
            spec = values(path.read_text(encoding="utf-8")).get("dirac")
            result[path.relative_to(docs).with_suffix("").as_posix()] = releases.resolve(spec)
        except (FrontMatterError, releases.ReleaseSpecError, TypeError, ValueError):
            continue
    return result


def exclude_other_lines(app: Sphinx, config: Config) -> None:
    releases.get(config.kb_line)  # an unknown line stops here, with the known ones listed
    # Read once here: the end-of-life banner of every page looks its page up in it.
    lines = page_lines(Path(app.srcdir))
    other = {docname: found for docname, found in lines.items() if config.kb_line not in found}
    _PAGE_LINES[config], _OTHER_LINE_PAGES[config] = lines, other
    config.exclude_patterns = [*config.exclude_patterns, *(f"{doc}.md" for doc in other)]
    # A toctree entry for a page of other lines is expected here, not a mistake.
    config.suppress_warnings = [*config.suppress_warnings, "toc.excluded"]


class LinksToOtherLines(SphinxPostTransform):
    """Resolves MyST links to pages left out of this line before MyST reports them missing."""

    default_priority = 5

    def run(self, **kwargs) -> None:
        other = other_line_pages(self.config)
        for node in list(self.document.findall(addnodes.pending_xref)):
            target = node.get("reftarget")
            if (
                node.get("reftype") != "myst"
                or node.get("refdomain") != "doc"
                or target not in other
            ):
                continue
            text = node.astext() or target
            if self.config.kb_site:  # the page in the newest line that has it
                up = "../" * (self.env.docname.count("/") + 1)
                url = f"{up}{other[target][-1]}/{target}.html"
                anchor = f"#{node['reftargetid']}" if node.get("reftargetid") else ""
                new = nodes.reference("", text, refuri=url + anchor, internal=False)
            else:
                names = ", ".join(other[target])
                new = nodes.inline("", f"{text} (in the documentation of DIRAC {names})")
            node.replace_self(new)


class ForLinesDirective(SphinxDirective):
    """``{for-lines} >=9.0``: content that belongs only to the builds of some release lines."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        try:
            admitted = releases.resolve(self.arguments[0])
        except releases.ReleaseSpecError as error:
            raise self.error(f"for-lines: {error}") from None
        if self.config.kb_line not in admitted:
            return []
        container = nodes.container(classes=["for-lines"])
        self.state.nested_parse(self.content, self.content_offset, container)
        return container.children


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """What the templates need to show an end-of-life banner pointing to the preferred line."""
    line = releases.get(app.config.kb_line)
    preferred = releases.preferred()
    context["kb_line"] = line.name
    context["kb_eol"] = line.status == "end-of-life"
    context["kb_preferred"] = preferred.name
    if context["kb_eol"] and app.config.kb_site:
        lines = _PAGE_LINES.get(app.config, {}).get(pagename, [])
        target = pagename if preferred.name in lines else "index"
        context["kb_preferred_url"] = "../" * (pagename.count("/") + 1) + (
            f"{preferred.name}/{target}.html"
        )


def write_switcher(app: Sphinx, exception: Exception | None) -> None:
    """Each line of the site carries the switcher's JSON, at the same place in every line."""
    if exception is None and app.config.kb_site and app.builder.format == "html":
        target = Path(app.outdir) / "_static" / site.SWITCHER
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(site.switcher_json(releases.site_base_url()))


def setup(app: Sphinx) -> dict:
    app.add_config_value("kb_line", releases.preferred().name, "env", str)
    app.add_config_value("kb_site", False, "env", bool)
    app.connect("config-inited", exclude_other_lines, priority=400)
    app.add_post_transform(LinksToOtherLines)
    app.add_directive("for-lines", ForLinesDirective)
    app.connect("html-page-context", page_context)
    app.connect("build-finished", write_switcher)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
