"""Split the text of a ``console`` or ``shell`` code block into simple commands.

A *simple command* is what a shell would run as one program: ``X=1 dirac-login -T 12``
inside ``a && b | c`` gives three of them.  Each carries the line it starts on so that a
failed check can point at it.  Quoting and word splitting follow POSIX rules through
:mod:`shlex`; the grammar is covered as far as documentation examples need it (prompts,
comments, continuation lines, here-documents, operators, redirections and assignments, as
docs/about/checked-examples.md lists them), and also: sub-shells, a placeholder such as
``<group>`` is one word rather than two redirections, and the keywords of ``if``/``for``/``while``
are not commands.

Known limits: a ``#`` inside an unquoted word starts a comment, and back-quoted command
substitution is kept as one opaque word.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

from kb.problems import ProblemError

ROOT_PROMPT = "# "
CONSOLE_PROMPTS = ("$ ", ROOT_PROMPT)
# What a console shows before a continued line, after the line that ended with "\\".
CONTINUATION_PROMPT = "> "

CONTROL_OPERATORS = {"|", "||", "&&", ";", "&", ";;", "|&", "\n"}
REDIRECTIONS = {">", ">>", "<", ">&", "<&", "&>", "&>>", ">|", "<>", "<<", "<<-", "<<<"}
# Words after which a new simple command starts (``if cmd``, ``then cmd``...).
COMMAND_PREFIX_KEYWORDS = {"if", "then", "else", "elif", "while", "until", "do", "!", "time", "{"}
# Words that end a compound command; they are not commands themselves.
CLOSING_KEYWORDS = {"fi", "done", "esac", "}"}
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")
FD_BEFORE_REDIRECTION = re.compile(r"(?<=\s)\d+(?=[<>])")
# "<group>" in documentation is a placeholder the reader replaces, not two redirections.
PLACEHOLDER = re.compile(r"(?<![<>\w])<([A-Za-z][\w.:/-]*)>(?![<>\w])")


@dataclass
class Command:
    """One simple command: the environment assignments before it and its argument vector."""

    line: int
    argv: list[str]
    assignments: list[str] = field(default_factory=list)


@dataclass
class LogicalLine:
    """A command line with its continuation lines joined, and the line it starts on."""

    line: int
    text: str


def never(_word: str) -> bool:
    return False


def is_root_prompt(line: str, is_command: Callable[[str], bool]) -> bool:
    """True when a ``# `` line is a command run as root rather than a comment."""
    words = line[len(ROOT_PROMPT) :].split()
    words = [word for word in words if not ASSIGNMENT.match(word)] or [""]
    return is_command(words[0].rsplit("/", 1)[-1])


def logical_lines(
    text: str, first_line: int, prompts: tuple[str, ...], is_command: Callable[[str], bool]
) -> list[LogicalLine]:
    """Join continuation lines and drop output, comments and here-document bodies.

    ``prompts`` empty means every line is a command (a ``shell`` script); otherwise only
    lines starting with one of the prompts are, and the rest is program output. A line
    starting with the root prompt ``# `` is a command only if ``is_command`` accepts its first
    word; else it is a comment.
    """
    result: list[LogicalLine] = []
    current: LogicalLine | None = None
    heredoc_end: str | None = None
    for number, raw in enumerate(text.splitlines(), start=first_line):
        if heredoc_end is not None:
            if raw.strip() == heredoc_end:
                heredoc_end = None
            continue
        if current is not None:
            current.text += "\n" + (raw.removeprefix(CONTINUATION_PROMPT) if prompts else raw)
        else:
            if prompts:
                prompt = next((p for p in prompts if raw.startswith(p) or raw == p.strip()), None)
                if prompt is None:
                    continue  # program output
                if prompt == ROOT_PROMPT and not is_root_prompt(raw, is_command):
                    continue  # a comment, such as "# this matches all types"
                raw = raw[len(prompt) :]
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            current = LogicalLine(number, raw)
        if current.text.endswith("\\"):
            current.text = current.text[:-1]
            continue
        if heredoc := HEREDOC.search(current.text):
            heredoc_end = heredoc.group(2)
        result.append(current)
        current = None
    if current is not None:
        result.append(current)
    return result


def tokens(logical: LogicalLine) -> list[str]:
    """Split one logical line into words and operator tokens, as a POSIX shell would."""
    text = FD_BEFORE_REDIRECTION.sub("", logical.text.replace("\n", " "))
    text = PLACEHOLDER.sub(r"'<\1>'", text)
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.wordchars += "$:@%+,{}[]^!#`"
    try:
        return list(lexer)
    except ValueError as error:  # shlex says "No closing quotation" / "No escaped character"
        raise ProblemError.at("", logical.line, f"{error}: {logical.text.strip()!r}") from None


def simple_commands(logical: LogicalLine) -> list[Command]:
    """The simple commands of one logical line, in order of appearance."""
    commands: list[Command] = []
    # One open command per nesting level: ``$(`` and ``(`` open a level, ``)`` closes it.
    stack: list[Command] = [Command(logical.line, [])]
    words = tokens(logical)
    index = 0
    while index < len(words):
        word = words[index]
        current = stack[-1]
        if word == "$" and index + 1 < len(words) and words[index + 1] == "(":
            current.argv.append("$(...)")
            stack.append(Command(logical.line, []))
            index += 2
            continue
        if word == "(" and not current.argv:
            stack.append(Command(logical.line, []))
        elif word == ")" and len(stack) > 1:
            commands.append(stack.pop())
        elif word in CONTROL_OPERATORS:
            commands.append(current)
            stack[-1] = Command(logical.line, [])
        elif word in REDIRECTIONS:
            index += 1  # the target is a file name or a descriptor, not an argument
        elif not current.argv and ASSIGNMENT.match(word):
            current.assignments.append(word)
        elif not current.argv and word in COMMAND_PREFIX_KEYWORDS | CLOSING_KEYWORDS:
            pass
        elif not current.argv and word in {"for", "case", "select"}:
            index = _skip_to_body(words, index)
        else:
            current.argv.append(word)
        index += 1
    commands.extend(stack)
    return [command for command in commands if command.argv]


def _skip_to_body(words: list[str], index: int) -> int:
    """Skip ``for x in a b`` / ``case x in``: the loop variable and word list are not a command."""
    keyword = words[index]
    end_words = {"do"} if keyword in {"for", "select"} else {"in"}
    while index + 1 < len(words) and words[index + 1] not in end_words:
        index += 1
    return index + 1 if keyword == "case" else index


def parse(
    text: str, first_line: int, *, console: bool, is_command: Callable[[str], bool] = never
) -> list[Command]:
    """All simple commands of a code block; ``first_line`` is the file line of its first line.

    ``is_command`` tells the known commands, which make a console line starting with ``# ``
    a root prompt instead of a comment.
    """
    prompts = CONSOLE_PROMPTS if console else ()
    return [
        command
        for logical in logical_lines(text, first_line, prompts, is_command)
        for command in simple_commands(logical)
    ]
