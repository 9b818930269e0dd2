"""The mistakes authors make stop ``make html`` with the file, the line and how to fix it.

Each test breaks one thing in a scratch copy of the project and runs the build an author
runs.  The build must fail, name ``file:line`` of the mistake, say what to do, and show no
Python traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import run_make

pytestmark = pytest.mark.slow

GLOSSARY = "docs/reference/glossary.md"
DECISION = "docs/records/decisions/dr-0001-first-coordinators.md"


@dataclass(frozen=True)
class Mistake:
    file: str
    """The file the error must name, relative to the project."""
    break_it: Callable[[Path], int]
    """Makes the mistake in the project copy; returns the line the error must name."""
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
        GLOSSARY,
        lambda p: replace(p, GLOSSARY, 'dirac: "*"', 'dirac: ["*"\nlabel: x') + 1,
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
        lambda p: replace(p, DECISION, "date: 2014-02-24", "date: 2014-02-30"),
        "YYYY-MM-DD",
    ),
    "dangling reference between records": Mistake(
        DECISION,
        lambda p: replace(
            p, DECISION, "decided-at: 2014-02-24-board", "decided-at: 2014-02-25-board"
        ),
        "write the file name without .md of an existing minutes record (2014-02-24-board",
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
        GLOSSARY,
        lambda p: append(p, GLOSSARY, "See {cite:p}`stagni2020dirax`.\n"),
        "did you mean stagni2020dirac",
    ),
    "invalid release-line specifier": Mistake(
        GLOSSARY,
        lambda p: replace(p, GLOSSARY, 'dirac: "*"', 'dirac: "eight"'),
        "write one like '>=8.0'",
    ),
    "code block without a language": Mistake(
        GLOSSARY,
        lambda p: append(p, GLOSSARY, "```\n$ dirac-proxy-info\n```\n"),
        "write it after the opening fence",
    ),
    "unterminated fence": Mistake(
        GLOSSARY,
        lambda p: append(p, GLOSSARY, "```console\n$ dirac-proxy-info\n"),
        "add a line ``` where the block ends",
    ),
    "switch written in prose": Mistake(
        GLOSSARY,
        lambda p: append(p, GLOSSARY, "Log in with --lifetime 12.\n"),
        "write it as code: `--lifetime`",
    ),
    "missing image": Mistake(
        GLOSSARY,
        lambda p: append(p, GLOSSARY, "![The pilot's life](pilot-states.png)\n"),
        "is not at docs/reference/pilot-states.png; add the file there",
    ),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_a_mistake_stops_the_build_at_its_line_with_a_fix(name, project_copy, tmp_path):
    mistake = MISTAKES[name]
    line = mistake.break_it(project_copy)
    result = run_make(project_copy, "html", BUILDDIR=str(tmp_path / "out"))
    output = result.stdout
    assert result.returncode != 0, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    where = re.escape(f"{mistake.file}:") + (str(line) if line else r"\d+") + r": ERROR: (.*)"
    errors = re.findall(where, output)
    assert errors, f"no error at {mistake.file}:{line or 'LINE'}:\n{output[-3000:]}"
    assert any(mistake.hint in error for error in errors), errors
