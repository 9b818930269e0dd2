"""The quick search that spares most pages the HTML parser must not hide an external script.

kb.published parses only pages where ``CANDIDATE`` matches (a speed-up found with make bench);
for each way of writing a ``<script src>`` the parser would report, the search must match.
"""

from __future__ import annotations

import pytest
from kb import published

EXTERNAL = [
    '<script src="https://cdn.example.org/x.js"></script>',
    "<SCRIPT SRC='HTTPS://cdn.example.org/x.js'></SCRIPT>",
    "<script defer src = //cdn.example.org/x.js></script>",
    '<script data-note="a > b" src="https://cdn.example.org/x.js"></script>',
    '<script\n  type="module"\n  src="  https://cdn.example.org/x.js"></script>',
    '<script src="&#104;ttps://cdn.example.org/x.js"></script>',
    '<script src="data:text/javascript,alert(1)"></script>',
]
LOCAL = [
    '<script src="_static/local.js"></script>',
    "<script>var url = 'https://example.org';</script>",
    '<script data-src="https://cdn.example.org/x.js" src="_static/x.js"></script>',
]


def parser_finds(html: str) -> bool:
    return bool(published.script_sources(html))


@pytest.mark.parametrize("html", EXTERNAL)
def test_every_external_script_the_parser_reports_is_a_candidate(html):
    assert parser_finds(html)
    assert published.CANDIDATE.search(html)


@pytest.mark.parametrize("html", LOCAL)
def test_pages_with_local_scripts_only_skip_the_parser(html):
    assert not parser_finds(html)
    assert not published.CANDIDATE.search(html)


def test_a_page_with_an_external_script_is_still_reported(tmp_path):
    (tmp_path / "page.html").write_text("<p>text</p>\n" + EXTERNAL[3])
    assert [(s.line, s.src) for s in published.external_scripts(tmp_path)] == [
        (2, "https://cdn.example.org/x.js")
    ]


def test_a_page_that_declares_its_encoding_is_read_in_utf8(tmp_path):
    page = '<?xml version="1.0" encoding="utf-8"?>\n<html><body>\n<script src="https://é.org/x.js">'
    (tmp_path / "page.html").write_text(page + "</script></body></html>", encoding="utf-8")
    assert [(s.line, s.src) for s in published.external_scripts(tmp_path)] == [
        (3, "https://é.org/x.js")
    ]
