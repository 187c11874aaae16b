"""Split a SQL script into statements the way psql does, keeping each statement's line number.

Migrations are written for `psql -f` (or a tool that behaves like it): statements end at a `;`
that is not inside a string, a quoted identifier, a dollar-quoted body, a comment, parentheses, or
a `BEGIN ATOMIC ... END` function body. Sending each statement on its own (rather than the whole
file as one multi-statement query) matters: a multi-statement query runs as one implicit
transaction, so `CREATE INDEX CONCURRENTLY`, `VACUUM` or an explicit `BEGIN`/`COMMIT` in a file
would behave differently from production. The line numbers let an error point at `file:line`.

No SQL parser is needed for this; the lexical rules below are psql's (psqlscan.l).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z_\x80-\uffff][A-Za-z0-9_$\x80-\uffff]*")
_DOLLAR_TAG = re.compile(r"\$([A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*)?\$")
_ROUTINE_WORDS = {"function", "procedure"}


class SqlSplitError(ValueError):
    """Text the splitter will not send to a server (a psql meta-command such as `\\connect`)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class SqlStatement:
    """One statement: the line (1-based) its first token is on, and its text including the `;`."""

    line: int
    text: str


def split_statements(text: str, *, first_line: int = 1) -> list[SqlStatement]:
    """The statements of `text` in order. Comment-only chunks are dropped.

    Raises SqlSplitError for a psql meta-command (a line starting with a backslash outside any
    statement), which only psql understands.
    """
    out: list[SqlStatement] = []
    n = len(text)
    i = 0
    start: int | None = None  # offset of the current statement's first token
    parens = 0
    begin_depth = 0
    words: list[str] = []  # the first words of the current statement, lower-cased

    def finish(end: int) -> None:
        nonlocal start, parens, begin_depth
        if start is not None:
            body = text[start:end].rstrip()
            out.append(SqlStatement(first_line + text.count("\n", 0, start), body))
        start = None
        parens = 0
        begin_depth = 0
        words.clear()

    while i < n:
        c = text[i]
        if c in " \t\r\n\f":
            i += 1
            continue
        if text.startswith("--", i):
            end = text.find("\n", i)
            i = n if end == -1 else end + 1
            continue
        if text.startswith("/*", i):
            i = _skip_block_comment(text, i)
            continue
        if start is None and c == "\\":
            line_start = text.rfind("\n", 0, i) + 1
            if not text[line_start:i].strip():
                command = text[i:].split(None, 1)[0]
                raise SqlSplitError(
                    first_line + text.count("\n", 0, i),
                    f"psql meta-command {command} is not SQL (run the file with psql, or remove it)",
                )
        if start is None:
            start = i
        if c == "'":
            escapes = i > 0 and text[i - 1] in "eE" and (i < 2 or not _is_word_char(text[i - 2]))
            i = _skip_quoted(text, i, "'", backslash=escapes)
        elif c == '"':
            i = _skip_quoted(text, i, '"', backslash=False)
        elif c == "$" and (i == 0 or not _is_word_char(text[i - 1])) and (m := _DOLLAR_TAG.match(text, i)):
            close = text.find(m.group(0), m.end())
            i = n if close == -1 else close + len(m.group(0))
        elif c == "(":
            parens += 1
            i += 1
        elif c == ")":
            parens = max(0, parens - 1)
            i += 1
        elif c == ";":
            i += 1
            if parens == 0 and begin_depth == 0:
                finish(i)
        elif m := _WORD.match(text, i):
            word = m.group(0).lower()
            if len(words) < 4:
                words.append(word)
            is_routine = words[0] == "create" and bool(_ROUTINE_WORDS & set(words[1:]))
            if is_routine and word == "begin":
                begin_depth += 1
            elif begin_depth and word == "case":
                begin_depth += 1
            elif begin_depth and word == "end":
                begin_depth -= 1
            i = m.end()
        else:
            i += 1
    finish(n)
    return out


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c in "_$" or ord(c) >= 0x80


def _skip_quoted(text: str, i: int, quote: str, *, backslash: bool) -> int:
    """Offset after the literal or identifier opening at i (doubled quotes are escapes)."""
    n = len(text)
    j = i + 1
    while j < n:
        c = text[j]
        if backslash and c == "\\":
            j += 2
            continue
        if c == quote:
            if j + 1 < n and text[j + 1] == quote:
                j += 2
                continue
            return j + 1
        j += 1
    return n


def _skip_block_comment(text: str, i: int) -> int:
    """Offset after the (possibly nested) /* comment */ opening at i."""
    depth = 0
    n = len(text)
    while i < n:
        if text.startswith("/*", i):
            depth += 1
            i += 2
        elif text.startswith("*/", i):
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    return n
