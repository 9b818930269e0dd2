"""The small site that tests of one behaviour build in-process (``small_site``)."""

from __future__ import annotations

import multiprocessing

from small_site import build, small_site


def test_a_small_site_builds_clean_and_leaves_no_process_behind(make_app, tmp_path):
    """A process forked by a build (sphinx-sitemap's manager) would outlive it and hold the test
    process's pipes open: Playwright's driver then never exits and the session hangs."""
    built = build(make_app, small_site(tmp_path))
    assert built.warnings == ""
    assert (built.out / "page.html").is_file()
    assert multiprocessing.active_children() == []
