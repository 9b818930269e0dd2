"""An incremental build's search index keeps the index entries of the pages it did not write."""

from __future__ import annotations

import json
from pathlib import Path

from small_site import build, small_site

GLOSSARY = """
## Terms

```{glossary}
Pilot
  A job that prepares a worker node and pulls the payloads.
```
"""


def index_entries(out: Path) -> dict:
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])["indexentries"]


def test_a_rebuild_of_another_page_keeps_the_glossary_in_the_search_index(make_app, tmp_path):
    site = small_site(tmp_path)
    with (site / "page.md").open("a", encoding="utf-8") as page:
        page.write(GLOSSARY)
    first = index_entries(build(make_app, site).out)
    assert "pilot" in first

    (site / "index.md").touch()  # the glossary's page is not written again
    assert index_entries(build(make_app, site).out) == first
