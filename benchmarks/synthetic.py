"""Grow a copy of the knowledge base to a given number of pages with synthetic ones.

The new pages are of the kinds the real knowledge base has, so that every tool does its real
work on them: migration guides (front matter with ``migration`` metadata, a ``## Steps``
section, a ``console``, a ``cfg``, a ``python`` and a ``yaml`` block, links to other guides'
step anchors, a glossary term and a citation) and event records (validated front matter, a
citation, a link back to a guide).

The commands, switches, computing element types and Python names in the examples are read
from the DIRAC inventory (``conf/data/inventory/``), restricted to what every version checked
for the guides' release lines ships, so that the example checks pass on every page.

Run as ``python -m benchmarks.synthetic --pages 500 PROJECT`` on a scratch copy of the project.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from kb import releases
from kb.examples.inventory import Inventory, Script, load
from pybtex.database import parse_file

GUIDE_LINES = ">=8.0"
"""The release lines of every synthetic guide; its examples are checked against all of them."""
GUIDE_SHARE = 0.7
"""Of the generated pages, this share are guides and the rest event records."""
GUIDE_PREFIX = "synthetic-"
EVENT_KIND = "workshop"
GLOSSARY_TERM = "Proxy"
STEPS = ("Run the command", "Describe the computing element", "Log from Python")


class SyntheticError(ValueError):
    """The project cannot be grown as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Material:
    """What the synthetic examples are made of, all valid in every version they are checked for."""

    commands: tuple[str, ...]
    """Whole command lines (without prompt), one DIRAC script each."""
    ce_types: tuple[str, ...]
    cite_keys: tuple[str, ...]


@dataclass(frozen=True)
class Grown:
    """What :func:`grow` wrote."""

    pages: int
    """Pages of the grown project, the original ones included."""
    guides: int
    records: int
    code_blocks: int


def versions_checked(spec: str) -> list[str]:
    return [version for name in releases.resolve(spec) for version in releases.get(name).checked]


def command_line(script: Script, inventories: list[Inventory]) -> str | None:
    """A valid call of ``script``: every mandatory argument and one switch that all versions
    accept; None where the versions disagree on the script's arguments or switches are unknown."""
    versions = [inventory.scripts.get(script.name) for inventory in inventories]
    if any(v is None or v.parser != "dirac" or v.switches is None for v in versions):
        return None
    if len({v.positional for v in versions}) != 1 or script.positional is None:
        return None
    shared = set.intersection(*(set(v.switches) for v in versions))
    if not shared:
        return None
    plain = [s for s in shared if s.long and re.fullmatch(r"[A-Za-z][\w-]*", s.long)]
    if not plain:
        return None
    switch = min(plain, key=lambda s: (s.value, s.long))
    words = [script.name, f"--{switch.long}", *(["1"] if switch.value else [])]
    for argument in script.positional:
        if not argument.optional:
            words.append(argument.values[0] if argument.values else placeholder(argument.name))
    return " ".join(words)


def placeholder(name: str) -> str:
    """One shell word for an argument named like ``DN|user`` or ``system/component``."""
    return re.sub(r"[^\w./-]", "", name.split("|")[0]).lower() or "value"


def material(project: Path) -> Material:
    """Commands, CE types and citation keys valid for :data:`GUIDE_LINES`, read from the
    project's own inventory and ``refs.bib``."""
    inventories = [load(version) for version in versions_checked(GUIDE_LINES)]
    commands = []
    for name in sorted(inventories[0].scripts):
        line = command_line(inventories[0].scripts[name], inventories)
        if line and name.startswith("dirac-"):
            commands.append(line)
    ce_types = sorted(set.intersection(*(set(i.ce_types) - {"Cloud"} for i in inventories)))
    bib = project / "refs.bib"
    if not bib.is_file():
        raise SyntheticError(f"{bib} does not exist: grow a copy of the whole project")
    keys = tuple(parse_file(str(bib)).entries)
    if not (commands and ce_types and keys):
        raise SyntheticError(
            "the inventory or refs.bib offers no command, CE type or citation key to use; "
            "run 'make inventory' and check refs.bib"
        )
    return Material(tuple(commands), tuple(ce_types), keys)


def slug(title: str) -> str:
    """The anchor MyST gives a ``### N. Title`` heading (``myst_heading_anchors``)."""
    return "-".join(title.lower().replace(".", "").split())


def guide_name(number: int) -> str:
    return f"{GUIDE_PREFIX}{number:04d}"


def event_name(number: int) -> str:
    return f"{event_year(number)}-{GUIDE_PREFIX}{number:04d}"


def event_year(number: int) -> int:
    return 2000 + number % 25


def guide_page(number: int, guides: int, events: int, stuff: Material) -> str:
    """Guide ``number`` (1-based) of ``guides``; it links to the next guide and to an event."""
    command = stuff.commands[number % len(stuff.commands)]
    ce_type = stuff.ce_types[number % len(stuff.ce_types)]
    key = stuff.cite_keys[number % len(stuff.cite_keys)]
    following = guide_name(number % guides + 1)
    step = f"2. {STEPS[1]}"
    event = (
        f"See also [the event](../records/events/{event_name(number % events + 1)}.md).\n"
        if events
        else ""
    )
    return f"""---
dirac: "{GUIDE_LINES}"
migration:
  from: "8.0"
  to: "9.0"
  audience: [administrator]
  order: {1000 + number}
---

# Synthetic guide {number}: run {command.split()[0]}

**Who acts:** administrators who hold a {{term}}`{GLOSSARY_TERM}`. This page is generated for
the benchmarks; the method follows {{cite:t}}`{key}`. The next guide starts at
[its second step](./{following}.md#{slug(step)}).
{event}
## Steps

### 1. {STEPS[0]}

```console
$ {command}
```

### 2. {STEPS[1]}

```cfg
Resources
{{
  Sites
  {{
    LCG
    {{
      LCG.Synthetic{number}.org
      {{
        CEs
        {{
          ce{number}.synthetic.example.org
          {{
            CEType = {ce_type}
          }}
        }}
      }}
    }}
  }}
}}
```

### 3. {STEPS[2]}

```python
from DIRAC import gLogger

gLogger.notice("synthetic guide {number}")
```

```yaml
guide: {number}
steps: {len(STEPS)}
```

Back to [step 1](#{slug("1. " + STEPS[0])}).
"""


def event_page(number: int, guides: int, stuff: Material) -> str:
    key = stuff.cite_keys[number % len(stuff.cite_keys)]
    year = event_year(number)
    link = f"../../migration/{guide_name(number % guides + 1)}.md"
    guide = f"See [a guide]({link}).\n" if guides else ""
    return f"""---
record: event
dirac: "*"
kind: {EVENT_KIND}
status: held
start: {year}-{number % 12 + 1:02d}-15
place: Synthetic town {number}
sources:
  - Generated for the benchmarks of the knowledge base
---

# Synthetic workshop {number}

A workshop generated for the benchmarks, discussing {{cite:t}}`{key}`.
{guide}"""


#: Only in the lines the guides belong to: elsewhere the glob would match nothing, a warning
#: that stops the versioned site's build of the older lines.
GLOB_TOCTREE = f"""
````{{for-lines}} {GUIDE_LINES}
```{{toctree}}
:hidden:
:glob:

{GUIDE_PREFIX}*
```
````
"""


def count_pages(docs: Path) -> int:
    return sum(1 for _ in docs.rglob("*.md"))


def grow(project: Path, pages: int) -> Grown:
    """Add guides and event records to ``project/docs`` until it holds ``pages`` pages."""
    docs = project / "docs"
    migration = docs / "migration"
    if not (migration / "index.md").is_file():
        raise SyntheticError(f"{migration / 'index.md'} does not exist: grow a copy of the project")
    if any(migration.glob(f"{GUIDE_PREFIX}*.md")):
        raise SyntheticError(f"{project} already holds synthetic pages: grow a fresh copy")
    existing = count_pages(docs)
    added = pages - existing
    if added < 0:
        raise SyntheticError(
            f"the project already has {existing} pages, more than the {pages} asked for: "
            f"ask for at least {existing}"
        )
    guides = round(added * GUIDE_SHARE)
    events = added - guides
    if events and not guides:
        guides, events = 1, events - 1
    stuff = material(project)
    for number in range(1, guides + 1):
        text = guide_page(number, guides, events, stuff)
        (migration / f"{guide_name(number)}.md").write_text(text, encoding="utf-8")
    for number in range(1, events + 1):
        text = event_page(number, guides, stuff)
        (docs / "records" / "events" / f"{event_name(number)}.md").write_text(text, "utf-8")
    if guides:
        with (migration / "index.md").open("a", encoding="utf-8") as index:
            index.write(GLOB_TOCTREE)
    return Grown(count_pages(docs), guides, events, code_blocks=4 * guides)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synthetic", description=__doc__)
    parser.add_argument("--pages", type=int, required=True, help="pages the project will hold")
    parser.add_argument("project", type=Path, help="a scratch copy of the project")
    args = parser.parse_args(argv)
    try:
        grown = grow(args.project, args.pages)
    except SyntheticError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"{args.project}: {grown.pages} pages ({grown.guides} guides, {grown.records} records)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
