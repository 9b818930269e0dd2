"""``make pdf`` gives a book and one PDF per guide that read well on paper.

The PDFs are read back: title, table of contents (bookmarks), a bibliography entry, tabs turned
into titled paragraphs, no unresolved ``??`` reference, and every font embedded.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DOCS, ROOT
from pybtex.database import parse_file
from pypdf import PdfReader

pytestmark = pytest.mark.pdf

#: The migration guides, read from the docs tree as an author sees them (not through kb.pdf):
#: the pages of docs/migration/ whose front matter has a ``migration:`` key.
GUIDES = sorted(
    path
    for path in (DOCS / "migration").glob("*.md")
    if re.search(r"\A---\n.*?^migration:.*?^---$", path.read_text(encoding="utf-8"), re.M | re.S)
)


def heading(path: Path) -> str:
    """The page's title as a reader sees it: its first '# ' heading, without code marks."""
    found = re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert found, f"{path} has no title"
    return found.group(1).replace("`", "").strip()


@pytest.fixture(scope="module")
def pdf_dir(pdf_build) -> Path:
    return pdf_build.out / "pdf"


def test_the_guides_are_found():
    assert len(GUIDES) >= 5, GUIDES


def test_exactly_the_book_and_one_pdf_per_guide(pdf_dir):
    expected = {"dirac-knowledge-base.pdf", *(f"guide-{guide.stem}.pdf" for guide in GUIDES)}
    assert {path.name for path in pdf_dir.glob("*.pdf")} == expected


def text_of(reader: PdfReader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def outline_titles(reader: PdfReader) -> list[str]:
    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item.title

    return list(walk(reader.outline))


def unembedded_fonts(reader: PdfReader) -> set[str]:
    missing = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type3" or descriptor is None:
                continue
            descriptor = descriptor.get_object()
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
    return missing


def test_the_book_has_title_contents_and_bibliography(pdf_dir):
    reader = PdfReader(pdf_dir / "dirac-knowledge-base.pdf")
    assert reader.metadata.title == "DIRAC Knowledge Base"
    titles = outline_titles(reader)
    for part in ("Migrate", "Records", "Publications", "Glossary"):
        assert part in titles, titles
    text = text_of(reader)
    assert "contents" in text[:3000].lower()
    titles = [
        re.sub(r"[{}]", "", e.fields["title"]).split()[:5]
        for e in parse_file(ROOT / "refs.bib").entries.values()
    ]
    plain = next(words for words in titles if all(w.isalnum() for w in words))
    assert " ".join(plain) in text, "no bibliography entry found in the book"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda path: path.stem)
def test_each_guide_is_a_pdf_of_its_own(pdf_dir, guide):
    reader = PdfReader(pdf_dir / f"guide-{guide.stem}.pdf")
    assert reader.metadata.title == heading(guide)
    text = text_of(reader)
    assert "Sources" in outline_titles(reader)
    tab_labels = re.findall(r"^:::+\{tab-item\}\s*(.+)$", guide.read_text(), re.MULTILINE)
    for label in tab_labels:
        assert " ".join(label.replace("`", "").split()) in text, f"tab {label!r} lost in the PDF"


@pytest.mark.parametrize("name", ["dirac-knowledge-base", *(f"guide-{g.stem}" for g in GUIDES)])
def test_no_unresolved_reference_and_every_font_embedded(pdf_dir, name):
    reader = PdfReader(pdf_dir / f"{name}.pdf")
    assert "??" not in text_of(reader)
    assert unembedded_fonts(reader) == set()
