"""Check data examples (yaml, json, toml, ini, bibtex) by parsing them with the usual library.

Each checker returns None when the text parses, else ``(line in block, message)``.
"""

from __future__ import annotations

import configparser
import json
import tomllib

import yaml
from pybtex.database import parse_string
from pybtex.exceptions import PybtexError

from kb.data import toml_error_line


def check_yaml(text: str) -> tuple[int, str] | None:
    try:
        list(yaml.safe_load_all(text))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        return (mark.line + 1 if mark else 1, f"invalid YAML: {problem}")
    return None


def check_json(text: str) -> tuple[int, str] | None:
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return (error.lineno, f"invalid JSON: {error.msg} (column {error.colno})")
    return None


def check_toml(text: str) -> tuple[int, str] | None:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return (toml_error_line(error), f"invalid TOML: {error}")
    return None


def check_ini(text: str) -> tuple[int, str] | None:
    try:
        configparser.ConfigParser(interpolation=None).read_string(text)
    except configparser.Error as error:
        line = getattr(error, "lineno", None) or 1
        first = str(error).splitlines()[0]
        return (line, f"invalid INI: {first}")
    return None


def check_bibtex(text: str) -> tuple[int, str] | None:
    try:
        database = parse_string(text, "bibtex")
    except PybtexError as error:
        return (getattr(error, "lineno", None) or 1, f"invalid BibTeX: {error}")
    if not database.entries:
        return (1, "no BibTeX entry found: an entry starts with '@type{key,'")
    return None


CHECKERS = {
    "yaml": check_yaml,
    "json": check_json,
    "toml": check_toml,
    "ini": check_ini,
    "bibtex": check_bibtex,
}
