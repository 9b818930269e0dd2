"""Sphinx configuration of the DIRAC Knowledge Base: ``sphinx-build -c conf docs OUT``."""

import os
import time

from kb import releases

project = "DIRAC Knowledge Base"
author = "The DIRAC Knowledge Base authors"
_build_time = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", time.time())))
copyright = f"2023–{_build_time.tm_year}, {author}"
# The release line this build is for (KB_LINE); KB_SITE=1 when it is part of the versioned site.
kb_line = os.environ.get("KB_LINE", releases.preferred().name)
kb_site = os.environ.get("KB_SITE", "") == "1"
release = version = kb_line
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinxcontrib.bibtex",
    "kb.extension",
    "sphinx_sitemap",
    "notfound.extension",
    "sphinx_last_updated_by_git",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "**/README.md"]
templates_path = ["_templates"]
nitpicky = True
highlight_language = "text"

# --- MyST -------------------------------------------------------------------------------------
myst_enable_extensions = [
    "colon_fence",
    "deflist",
    "fieldlist",
    "substitution",
    "attrs_block",
    "attrs_inline",
    "tasklist",
]
myst_heading_anchors = 3
myst_url_schemes = {
    "http": None,
    "https": None,
    "mailto": None,
    "gh-pr": "https://github.com/DIRACGrid/DIRAC/pull/{{path}}",
    "gh-issue": "https://github.com/DIRACGrid/DIRAC/issues/{{path}}",
    "doi": "https://doi.org/{{path}}",
}

# --- Bibliography -------------------------------------------------------------------------------
# Relative to conf/: an absolute path would differ between checkouts and change .buildinfo.
bibtex_bibfiles = ["../refs.bib"]
bibtex_default_style = "unsrt"
bibtex_reference_style = "author_year"

# --- HTML ---------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = project
html_last_updated_fmt = "%Y-%m-%d"
# The dates come from git (sphinx-last-updated-by-git); a copy without git history shows none.
suppress_warnings = ["git.subprocess_error"]
# Absolute URLs for the sitemap and canonical links: KB_BASE_URL where the site is published
# (Read the Docs gives its own), else the address that `make serve` and `make serve-site` use.
_site_root = os.environ.get("KB_BASE_URL") or os.environ.get(
    "READTHEDOCS_CANONICAL_URL", "http://127.0.0.1:8000/"
)
html_baseurl = _site_root.rstrip("/") + "/" + (f"{kb_line}/" if kb_site else "")
sitemap_url_scheme = "{link}"
sitemap_show_lastmod = True
sitemap_excludes = ["404.html", "search.html", "genindex.html"]
# The 404 page is served for any missing path, so its links start at the site's root.
notfound_urls_prefix = f"{releases.site_base_url()}{kb_line}/" if kb_site else "/"
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>\n<p>No page of the DIRAC Knowledge Base has this address. "
        "It may have moved: search for its title, or start again from the "
        f'<a href="{notfound_urls_prefix}index.html">home page</a>.</p>\n'
    ),
}
html_context = {
    # The repository is not public yet: the 'edit this page' link points where it will be.
    "github_user": "DIRACGrid",
    "github_repo": "dirac-knowledge-base",
    "github_version": "main",
    "doc_path": "docs",
    # Without it the theme logs a console error on a reader's first visit.
    "default_mode": "auto",
}
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": [],
    # The switcher only makes sense where the other lines exist: in the versioned site.
    "navbar_end": ["version-switcher", "theme-switcher"] if kb_site else ["theme-switcher"],
    "switcher": {"json_url": "_static/switcher.json", "version_match": kb_line},
    "check_switcher": False,
    "use_edit_page_button": True,
    "article_footer_items": ["last-updated"],
}
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_css_files = ["kb.css"]
copybutton_exclude = ".linenos, .gp, .go"
copybutton_prompt_text = r"\$ |# "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

# --- LaTeX / PDF --------------------------------------------------------------------------------
latex_engine = "pdflatex"
# latex_documents (the book and one PDF per guide) is set by kb.pdf when the LaTeX builder starts.
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    "fontpkg": r"\usepackage{tgtermes}\usepackage{tgheros}\usepackage{tgcursor}",
    "preamble": r"""
\DeclareUnicodeCharacter{2192}{\ensuremath{\rightarrow}}
\DeclareUnicodeCharacter{2190}{\ensuremath{\leftarrow}}
\DeclareUnicodeCharacter{2194}{\ensuremath{\leftrightarrow}}
\DeclareUnicodeCharacter{2713}{\ensuremath{\checkmark}}
\DeclareUnicodeCharacter{2265}{\ensuremath{\geq}}
\DeclareUnicodeCharacter{2264}{\ensuremath{\leq}}
""",
}
latex_show_urls = "footnote"
