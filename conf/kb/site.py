"""The versioned site: every release line built into ``<out>/<line>/``, the version switcher's
JSON written from ``conf/data/releases.toml``, and a root page that sends readers to the
preferred line.

Run as ``python -m kb.site --out _build/site``. Lines build in parallel, each in its own
process and with its own doctrees, so a second run rebuilds only what changed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kb import paths, releases

SWITCHER = "switcher.json"


def switcher_json(base_url: str) -> str:
    """The version switcher's entries, newest line first, one of them preferred."""
    entries = [
        {
            "name": f"{line.name} ({line.status})",
            "version": line.name,
            "url": f"{base_url}{line.name}/",
            **({"preferred": True} if line.preferred else {}),
        }
        for line in reversed(releases.lines())
    ]
    return json.dumps(entries, indent=1) + "\n"


def root_page() -> str:
    line = releases.preferred().name
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>DIRAC Knowledge Base</title>\n"
        f'<meta http-equiv="refresh" content="0; url={line}/index.html">\n'
        f'<link rel="canonical" href="{line}/index.html">\n</head><body>\n'
        f"<p>The DIRAC Knowledge Base for DIRAC {line} is at "
        f'<a href="{line}/index.html">{line}/index.html</a>.</p>\n</body></html>\n'
    )


def build_line(line: str, out: Path, doctrees: Path, options: list[str]) -> tuple[str, int, str]:
    env = {**os.environ, "KB_LINE": line, "KB_SITE": "1"}
    sphinx = [sys.executable, "-m", "sphinx", "-b", "html", "-n", "-W", "--keep-going", "-q"]
    command = [*sphinx, "-d", str(doctrees / line), *options, "-c", str(paths.CONF)]
    command += [str(paths.DOCS), str(out / line)]
    done = subprocess.run(command, env=env, text=True, capture_output=True)
    return line, done.returncode, done.stdout + done.stderr


def build(out: Path, doctrees: Path, jobs: int, options: list[str], only=None) -> int:
    out.mkdir(parents=True, exist_ok=True)
    names = [name for name in releases.line_names() if not only or name in only]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda name: build_line(name, out, doctrees, options), names))
    failed = [(line, log) for line, code, log in results if code]
    for line, log in failed:
        print(f"--- the {line} line did not build:\n{log}", file=sys.stderr)
    (out / SWITCHER).write_text(switcher_json(releases.site_base_url()))
    (out / "index.html").write_text(root_page())
    if not failed:
        print(f"The site is in {out}: the lines {', '.join(names)} and the root page.")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.site", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=paths.ROOT / "_build" / "site")
    parser.add_argument("--doctrees", type=Path, default=paths.ROOT / "_build" / "site-doctrees")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--lines",
        nargs="+",
        choices=releases.line_names(),
        help="build only these lines (default: every line)",
    )
    parser.add_argument("sphinx_options", nargs="*", help="passed on to sphinx-build")
    args = parser.parse_args(argv)
    return build(args.out, args.doctrees, args.jobs, args.sphinx_options, args.lines)


if __name__ == "__main__":
    sys.exit(main())
