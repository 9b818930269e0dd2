"""The mistakes authors make stop the build with the file, the line and how to fix it.

Each mistake is made in a small site built with the project's settings and extension
(``small_site``, in-process), and the test checks that the build names ``file:line`` of the
mistake as an error and says what to do; an exception (a traceback) fails the test. The mistakes
in pages and records share one build: each is made in a copy of the file of its own, so that
every error still has its own ``file:line``. A broken ``refs.bib`` ends the build before any page
is read, so each such mistake gets a build of its own. One test runs ``make html`` on a small
project as an author does: it must fail, name the line and show no traceback.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import run_make
from small_site import Built, build, build_shared, project_around, small_site

PAGE = "page.md"
DECISION = "records/decisions/dr-0002-use-tokens.md"


@dataclass(frozen=True)
class Mistake:
    file: str
    """The file of the small site the mistake is made in, relative to the site."""
    break_it: Callable[[Path, str], int]
    """Makes the mistake in the site's file given (``file`` or a copy of it); returns the line
    the error must name (0: any line)."""
    hint: str
    """Words of the fix the message must give."""
    ends_the_build: bool = False
    """The build stops at this mistake before reading any page: it cannot share a build."""


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


def duplicate_first_entry(project: Path, file: str) -> int:
    """Append a copy of the first entry of the BibTeX file; the line the copy starts on."""
    text = (project / file).read_text(encoding="utf-8")
    start = text.index("\n@") + 1
    end = text.index("\n@", start) + 1
    return append(project, file, text[start:end])


def break_bibtex_field(project: Path, file: str) -> int:
    """Leave the brace of a title open: pybtex fails where the entry's text runs out."""
    path = project / file
    text = path.read_text(encoding="utf-8")
    start = text.index("title")
    opened = text.index("{", start)
    path.write_text(text[: opened + 1] + "{" + text[opened + 1 :], encoding="utf-8")
    return 0  # pybtex names the line where it notices; any refs.bib line will do


MISTAKES = {
    "malformed front matter": Mistake(
        PAGE,
        lambda p, f: replace(p, f, 'dirac: "*"', 'dirac: ["*"\nlabel: x') + 1,
        "check the indentation",
    ),
    "unknown record kind": Mistake(
        DECISION,
        lambda p, f: replace(p, f, "record: decision", "record: decisoin"),
        "write 'record:' with one of minutes, decision",
    ),
    "unknown record key": Mistake(
        DECISION,
        lambda p, f: line_after(p, f, "status: accepted", "statsu: accepted"),
        "did you mean 'status'?",
    ),
    "impossible date": Mistake(
        DECISION,
        lambda p, f: replace(p, f, "date: 2024-01-10", "date: 2024-02-30"),
        "YYYY-MM-DD",
    ),
    "dangling reference between records": Mistake(
        DECISION,
        lambda p, f: replace(p, f, "decided-at: 2024-01-10-board", "decided-at: 2024-01-11-board"),
        "write the file name without .md of an existing minutes record (2024-01-10-board",
    ),
    "BibTeX entry that does not parse": Mistake(
        "refs.bib",
        break_bibtex_field,
        "every '{' has its '}'",
        ends_the_build=True,
    ),
    "duplicate BibTeX key": Mistake(
        "refs.bib",
        duplicate_first_entry,
        "rename this entry or delete the copy",
        ends_the_build=True,
    ),
    "citation of a missing key": Mistake(
        PAGE,
        lambda p, f: append(p, f, "See {cite:p}`tsaregorodtsev1998first`.\n"),
        "did you mean tsaregorodtsev1999first",
    ),
    "invalid release-line specifier": Mistake(
        PAGE,
        lambda p, f: replace(p, f, 'dirac: "*"', 'dirac: "eight"'),
        "write one like '>=8.0'",
    ),
    "code block without a language": Mistake(
        PAGE,
        lambda p, f: append(p, f, "```\n$ dirac-proxy-info\n```\n"),
        "write it after the opening fence",
    ),
    "unterminated fence": Mistake(
        PAGE,
        lambda p, f: append(p, f, "```console\n$ dirac-proxy-info\n"),
        "add a line ``` where the block ends",
    ),
    "switch written in prose": Mistake(
        PAGE,
        lambda p, f: append(p, f, "Log in with --lifetime 12.\n"),
        "write it as code: `--lifetime`",
    ),
    "raw HTML": Mistake(
        PAGE,
        lambda p, f: append(p, f, "<script>alert('hi')</script>\n"),
        "add the page to conf/data/raw-html-allowed.toml",
    ),
    "missing image": Mistake(
        PAGE,
        lambda p, f: append(p, f, "![The pilot's life](pilot-states.png)\n"),
        "is not at kb/pilot-states.png; add the file there",
    ),
}


def errors_at(output: str, path: Path, line: int) -> list[str]:
    """The messages of the errors that ``output`` locates at ``path:line`` (0: any line)."""
    where = re.escape(f"{path}:") + (str(line) if line else r"\d+") + r": ERROR: (.*)"
    return re.findall(where, output)


@dataclass(frozen=True)
class Made:
    """A mistake made in a built site: where the error must point."""

    site: Path
    built: Built
    file: str
    line: int


def own_copy(site: Path, file: str, name: str) -> str:
    """A copy of ``file`` beside it, named after the mistake ``name``, for that mistake alone."""
    path = Path(file)
    copy = path.with_name(f"{path.stem}-{name.replace(' ', '-')}{path.suffix}")
    shutil.copy2(site / path, site / copy)
    return copy.as_posix()


@pytest.fixture(scope="module")
def every_mistake(tmp_path_factory) -> dict[str, Made]:
    """The mistakes that let the build go on, each in a copy of its file, built once."""
    site = small_site(tmp_path_factory.mktemp("every-mistake"))
    replace(site, "index.md", "\npage\n", "\npage*\n")  # the copies of the page, in the toctree
    lines = {}
    for name, mistake in MISTAKES.items():
        if not mistake.ends_the_build:
            file = own_copy(site, mistake.file, name)
            lines[name] = (file, mistake.break_it(site, file))
    built = build_shared(site, "dummy")
    return {name: Made(site, built, file, line) for name, (file, line) in lines.items()}


def made_alone(mistake: Mistake, make_app, tmp_path: Path) -> Made:
    site = small_site(tmp_path)
    line = mistake.break_it(site, mistake.file)
    return Made(site, build(make_app, site, "dummy"), mistake.file, line)


@pytest.mark.parametrize("name", MISTAKES)
def test_a_mistake_stops_the_build_at_its_line_with_a_fix(name, request, make_app, tmp_path):
    mistake = MISTAKES[name]
    if mistake.ends_the_build:
        made = made_alone(mistake, make_app, tmp_path)
    else:
        made = request.getfixturevalue("every_mistake")[name]
    errors = errors_at(made.built.warnings, made.site / made.file, made.line)
    about_it = "\n".join(line for line in made.built.warnings.splitlines() if made.file in line)
    assert errors, f"no error at {made.file}:{made.line or 'LINE'}:\n{about_it}"
    assert any(mistake.hint in error for error in errors), errors


@pytest.mark.slow
@pytest.mark.parametrize("name", ["unknown record key", "BibTeX entry that does not parse"])
def test_make_html_fails_at_the_mistake_without_a_traceback(tmp_path, name):
    mistake = MISTAKES[name]
    site = small_site(tmp_path)
    line = mistake.break_it(site, mistake.file)
    project = project_around(site)
    result = run_make(project, "html")
    assert result.returncode != 0, result.stdout[-3000:]
    assert "Traceback" not in result.stdout, result.stdout[-3000:]
    path = project / ("refs.bib" if mistake.file == "refs.bib" else f"docs/{mistake.file}")
    errors = errors_at(result.stdout, path, line)
    assert any(mistake.hint in error for error in errors), result.stdout[-3000:]
