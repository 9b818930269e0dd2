"""The small site that tests of one behaviour build in-process (``small_site``)."""

from __future__ import annotations

import multiprocessing
import re

from small_site import build, small_site


def test_a_small_site_builds_clean_and_leaves_no_process_behind(make_app, tmp_path):
    """A process forked by a build (sphinx-sitemap's manager) would outlive it and hold the test
    process's pipes open: Playwright's driver then never exits and the session hangs."""
    built = build(make_app, small_site(tmp_path))
    assert built.warnings == ""
    assert (built.out / "page.html").is_file()
    assert multiprocessing.active_children() == []


def sitemap_pages(out) -> list[str]:
    """The pages the sitemap lists, by their path below the host (the base URL is "/" here)."""
    return re.findall(r"<loc>https?://[^/<]+/([^<]*)</loc>", (out / "sitemap.xml").read_text())


def test_the_sitemap_lists_every_page_after_a_rebuild(make_app, tmp_path):
    site = small_site(tmp_path)
    first = sitemap_pages(build(make_app, site).out)
    pages = [page.relative_to(site).with_suffix(".html").as_posix() for page in site.rglob("*.md")]
    assert sorted(first) == sorted(pages)

    (site / "page.md").touch()  # the rebuild writes this page alone
    assert sitemap_pages(build(make_app, site).out) == first
