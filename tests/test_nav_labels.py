"""The sidebar's expand/collapse toggles get a name screen readers can announce."""

from __future__ import annotations

from kb.nav_labels import label_toggles

TOGGLE = (
    '<span class="toctree-toggle" role="presentation"><i class="fa-solid fa-chevron-down"></i>'
    "</span></summary>"
)


def entry(link: str, summary: str = "<summary>") -> str:
    return (
        f'<li class="toctree-l1 has-children"><a class="reference internal" href="x.html">'
        f"{link}</a><details>{summary}{TOGGLE}<ul><li>child</li></ul></details></li>"
    )


def test_a_toggle_is_named_after_its_section():
    html = label_toggles(entry("Minutes &amp; <code>decisions</code>"))
    assert '<summary aria-label="Show or hide the pages under Minutes &amp; decisions">' in html
    assert html.replace(
        ' aria-label="Show or hide the pages under Minutes &amp; decisions"', ""
    ) == entry("Minutes &amp; <code>decisions</code>")


def test_every_toggle_of_a_sidebar_is_named_once():
    sidebar = "<ul>" + entry("Records") + entry("Guides") + "</ul>"
    html = label_toggles(sidebar)
    assert html.count("aria-label=") == 2
    assert "under Records" in html and "under Guides" in html
    assert label_toggles(html) == html  # a named toggle is left alone


def test_a_summary_with_its_own_text_or_a_leaf_entry_is_left_alone():
    with_text = entry("Records", "<summary>Records ")
    leaf = '<li class="toctree-l1"><a class="reference internal" href="y.html">Leaf</a></li>'
    assert label_toggles(with_text) == with_text
    assert label_toggles(leaf) == leaf
