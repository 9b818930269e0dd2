"""Read a page's YAML front matter, keeping the line of every top-level key.

MyST hands Sphinx the front matter as strings, without line numbers; the checks of this
knowledge base need the typed values and the line each key stands on, so that an error can
name ``docs/page.md:LINE``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.data import Where, line_of, yaml_lines
from kb.problems import Problem, ProblemError

FENCE = "---"
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterError(ProblemError):
    """Front matter that cannot be read."""

    def __init__(self, path: Path | str, line: int, message: str):
        super().__init__(Problem(str(path), line, message))


@dataclass(frozen=True)
class FrontMatter:
    path: Path
    data: dict
    lines: dict[Where, int] = field(default_factory=dict)
    """1-based line, in the file, of each key and list item, as paths (``("actions", 0)``)."""
    body_line: int = 1
    """1-based line of the first line after the closing fence."""

    def line_of(self, key: str | Where) -> int:
        """The line of ``key`` (a path, or dotted: ``actions.0.owner``), or of its nearest
        enclosing key that has one."""
        if isinstance(key, str):
            key = tuple(int(part) if part.isdigit() else part for part in key.split("."))
        return line_of(self.lines, key)

    def error(self, key: str, message: str) -> FrontMatterError:
        return FrontMatterError(self.path, self.line_of(key), message)


def split(text: str, path: Path | str = "") -> tuple[str, int] | None:
    """The YAML between the opening and closing fences and the line the body starts on."""
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != FENCE:
        return None
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() == FENCE:
            return "\n".join(lines[1 : number - 1]), number + 1
    raise FrontMatterError(
        path,
        1,
        "the front matter opened with '---' is never closed: add a line '---' after the last key",
    )


def parse(text: str, path: Path | str = "<text>") -> FrontMatter:
    """Front matter of a Markdown text; an empty one where the text has none."""
    path = Path(path)
    parts = split(text, path)
    if parts is None:
        return FrontMatter(path, {})
    yaml_text, body_line = parts
    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(yaml_text)
    except (ValueError, TypeError, AttributeError) as error:
        # PyYAML builds values after parsing them, and fails with a bare Python exception on a
        # date such as 2023-02-30 or on an explicit tag its value does not fit (!!int abc).
        raise _unbuildable(path, node, error) from None
    except RecursionError:
        raise FrontMatterError(
            path,
            2,
            "the front matter nests brackets or indented blocks too deeply to read; "
            "close every '[' and '{' and keep to a few levels of keys",
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        raise FrontMatterError(
            path,
            line,
            f"the YAML front matter does not parse ({problem}); check the "
            "indentation and quote values that contain ':' or start with '>', '*' or '{'",
        ) from None
    if data is None:
        return FrontMatter(path, {}, {}, body_line)
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(path, 2, "the front matter must be a mapping of 'key: value' lines")
    lines: dict[Where, int] = {}
    for where, line in yaml_lines(node, first_line=2):
        if where in lines:
            raise FrontMatterError(
                path,
                line,
                f"the key '{'.'.join(map(str, where))}' appears twice (also on line "
                f"{lines[where]}); keep one of the two",
            )
        lines[where] = line
    return FrontMatter(path, data, lines, body_line)


def _scalars(node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)


def _unbuildable(path: Path, node: yaml.Node, error: Exception) -> FrontMatterError:
    """The error for the first scalar that PyYAML cannot turn into a value, at its line."""
    constructor = yaml.SafeLoader("")
    for scalar in _scalars(node):
        try:
            constructor.construct_object(scalar, deep=True)
        except (ValueError, TypeError, AttributeError):
            line = scalar.start_mark.line + 2
            if constructor.timestamp_regexp.match(scalar.value):
                return FrontMatterError(
                    path,
                    line,
                    f"'{scalar.value}' is not a date ({error}); write an existing "
                    "date as YYYY-MM-DD, or quote the value if it is not meant as a date",
                )
            return FrontMatterError(
                path,
                line,
                f"'{scalar.value}' cannot be read as the YAML tag {scalar.tag} "
                "it carries; remove the tag (such as !!int) or quote the value",
            )
    return FrontMatterError(path, 1, f"a value of the front matter cannot be read ({error})")


def values(text: str) -> dict:
    """The front matter's values alone, read by libyaml where PyYAML has it: five times faster
    than ``parse``, for what reads every page (the release lines of the build), with no lines;
    front matter that does not parse is a FrontMatterError at line 1."""
    parts = split(text)
    try:
        data = yaml.load(parts[0], Loader=FAST_LOADER) if parts else None
    except yaml.YAMLError as error:
        raise FrontMatterError("", 1, f"the front matter does not parse ({error})") from None
    return data if isinstance(data, dict) else {}


def read(path: Path | str) -> FrontMatter:
    path = Path(path)
    return parse(path.read_text(encoding="utf-8"), path)
