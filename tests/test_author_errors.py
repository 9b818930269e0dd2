"""The mistakes authors make stop the build with the file, the line and how to fix it.

Each test breaks one thing in a small site built with the project's settings and extension
(``small_site``, in-process) and checks that the build names ``file:line`` of the mistake as an
error and says what to do; an exception (a traceback) fails the test. One test runs ``make html``
on a small project as an author does: it must fail, name the line and show no traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import run_make
from small_site import build, project_around, small_site

PAGE = "page.md"
DECISION = "records/decisions/dr-0002-use-tokens.md"


@dataclass(frozen=True)
class Mistake:
    file: str
    """The file the error must name, relative to the site."""
    break_it: Callable[[Path], int]
    """Makes the mistake in the site; returns the line the error must name (0: any line)."""
    hint: str
    """Words of the fix the message must give."""


def replace(project: Path, file: str, old: str, new: str) -> int:
    """Replace the first ``old`` in ``file``; the line where ``new`` starts."""
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{file} no longer holds {old!r}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def append(project: Path, file: str, addition: str) -> int:
    """Append ``addition`` after a blank line; the line where it starts."""
    path = project / file
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(text + addition, encoding="utf-8")
    return text.count("\n") + 1


def line_after(project: Path, file: str, old: str, new_line: str) -> int:
    """Insert ``new_line`` after the line holding ``old``; the new line's number."""
    return replace(project, file, old, f"{old}\n{new_line}") + 1


def duplicate_first_entry(project: Path) -> int:
    """Append a copy of the first entry of refs.bib; the line the copy starts on."""
    text = (project / "refs.bib").read_text(encoding="utf-8")
    start = text.index("\n@") + 1
    end = text.index("\n@", start) + 1
    return append(project, "refs.bib", text[start:end])


def break_bibtex_field(project: Path) -> int:
    """Leave the brace of a title open: pybtex fails where the entry's text runs out."""
    path = project / "refs.bib"
    text = path.read_text(encoding="utf-8")
    start = text.index("title")
    opened = text.index("{", start)
    path.write_text(text[: opened + 1] + "{" + text[opened + 1 :], encoding="utf-8")
    return 0  # pybtex names the line where it notices; any refs.bib line will do


MISTAKES = {
    "malformed front matter": Mistake(
        PAGE,
        lambda p: replace(p, PAGE, 'dirac: "*"', 'dirac: ["*"\nlabel: x') + 1,
        "check the indentation",
    ),
    "unknown record kind": Mistake(
        DECISION,
        lambda p: replace(p, DECISION, "record: decision", "record: decisoin"),
        "write 'record:' with one of minutes, decision",
    ),
    "unknown record key": Mistake(
        DECISION,
        lambda p: line_after(p, DECISION, "status: accepted", "statsu: accepted"),
        "did you mean 'status'?",
    ),
    "impossible date": Mistake(
        DECISION,
        lambda p: replace(p, DECISION, "date: 2024-01-10", "date: 2024-02-30"),
        "YYYY-MM-DD",
    ),
    "dangling reference between records": Mistake(
        DECISION,
        lambda p: replace(
            p, DECISION, "decided-at: 2024-01-10-board", "decided-at: 2024-01-11-board"
        ),
        "write the file name without .md of an existing minutes record (2024-01-10-board",
    ),
    "BibTeX entry that does not parse": Mistake(
        "refs.bib",
        break_bibtex_field,
        "every '{' has its '}'",
    ),
    "duplicate BibTeX key": Mistake(
        "refs.bib",
        duplicate_first_entry,
        "rename this entry or delete the copy",
    ),
    "citation of a missing key": Mistake(
        PAGE,
        lambda p: append(p, PAGE, "See {cite:p}`tsaregorodtsev1998first`.\n"),
        "did you mean tsaregorodtsev1999first",
    ),
    "invalid release-line specifier": Mistake(
        PAGE,
        lambda p: replace(p, PAGE, 'dirac: "*"', 'dirac: "eight"'),
        "write one like '>=8.0'",
    ),
    "code block without a language": Mistake(
        PAGE,
        lambda p: append(p, PAGE, "```\n$ dirac-proxy-info\n```\n"),
        "write it after the opening fence",
    ),
    "unterminated fence": Mistake(
        PAGE,
        lambda p: append(p, PAGE, "```console\n$ dirac-proxy-info\n"),
        "add a line ``` where the block ends",
    ),
    "switch written in prose": Mistake(
        PAGE,
        lambda p: append(p, PAGE, "Log in with --lifetime 12.\n"),
        "write it as code: `--lifetime`",
    ),
    "missing image": Mistake(
        PAGE,
        lambda p: append(p, PAGE, "![The pilot's life](pilot-states.png)\n"),
        "is not at kb/pilot-states.png; add the file there",
    ),
}


def errors_at(output: str, path: Path, line: int) -> list[str]:
    """The messages of the errors that ``output`` locates at ``path:line`` (0: any line)."""
    where = re.escape(f"{path}:") + (str(line) if line else r"\d+") + r": ERROR: (.*)"
    return re.findall(where, output)


@pytest.mark.parametrize("name", MISTAKES)
def test_a_mistake_stops_the_build_at_its_line_with_a_fix(name, make_app, tmp_path):
    mistake = MISTAKES[name]
    site = small_site(tmp_path)
    line = mistake.break_it(site)
    built = build(make_app, site, "dummy")
    errors = errors_at(built.warnings, site / mistake.file, line)
    assert errors, f"no error at {mistake.file}:{line or 'LINE'}:\n{built.warnings[-3000:]}"
    assert any(mistake.hint in error for error in errors), errors


@pytest.mark.slow
@pytest.mark.parametrize("name", ["unknown record key", "BibTeX entry that does not parse"])
def test_make_html_fails_at_the_mistake_without_a_traceback(tmp_path, name):
    mistake = MISTAKES[name]
    site = small_site(tmp_path)
    line = mistake.break_it(site)
    project = project_around(site)
    result = run_make(project, "html")
    assert result.returncode != 0, result.stdout[-3000:]
    assert "Traceback" not in result.stdout, result.stdout[-3000:]
    path = project / ("refs.bib" if mistake.file == "refs.bib" else f"docs/{mistake.file}")
    errors = errors_at(result.stdout, path, line)
    assert any(mistake.hint in error for error in errors), result.stdout[-3000:]
