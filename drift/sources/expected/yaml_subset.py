"""Read the YAML that `drift init` writes (and most hand-written files) without libyaml, 3x faster.

Reading the three 2 MB files of a 5,000-table schema through libyaml's events takes 0.56 s, mostly
in creating half a million Python event objects; this takes 0.15 s. Expected-schema files use a
small part of YAML, one line at a time: `key: value` lines in block mappings, `- item` lines, flow
mappings and lists on one line (`{type: bigint, nullable: false}`, `[id]`), plain, single- and
double-quoted scalars, literal blocks (`|`, `|2-`) and comments. `read_subset(text)` reads exactly
that, line by line with regular expressions (each distinct line once: generated files repeat most
of theirs), and gives the document `yaml_reader.read_yaml` would give (every scalar is its text;
only an unquoted `null`/`~`/empty value is None; keys are their text).

Anything outside that subset (anchors, tags, folded or multi-line scalars, a tab in the wrong place,
a duplicate key, an odd indentation, a flow collection over several lines, a document marker...)
makes it return `UNSURE`, and the caller uses libyaml, which also reports every error. So this never
decides an error, and it errs on the side of giving up: tests/expected/test_expected_yaml_subset.py
compares it with libyaml on every file the tests write and on thousands of edited variants of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any, Final


class _Unsure(Exception):
    """Not in the subset: let libyaml read the file."""


UNSURE: Final[Any] = object()
_NULLS = frozenset(("~", "null", "Null", "NULL"))

# Characters libyaml accepts in a stream, minus \r, NEL, U+2028/9 (line breaks to it) and the BOM.
_OUTSIDE_SUBSET = re.compile(
    "[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_ASCII_IN_SUBSET = bytes(range(0x20, 0x7F)) + b"\t\n"
_DOCUMENT_MARKERS = ("---", "...")

# A plain scalar in block context: does not start with an indicator (a '-' only before a non-blank),
# holds no ': ' and no ' #', no tab, and does not end with a space. (Written as runs of ordinary
# characters, which Python's re matches much faster than one alternation per character.)
_FIRST = r"(?:[^ \t\n#'\"{}\[\]|>&*!%@`?:,\-]|-(?=[^ \t\n,\[\]{}#:]))"
_PLAIN = rf"{_FIRST}[^\t\n:#]*(?:(?::(?=[^ \t\n])|(?<=[^ \t])#)[^\t\n:#]*)*(?<! )"
# In flow context ({...}, [...]) no ',[]{}', and (to keep it simple) no ':' or '#' at all.
_FLOW_PLAIN = rf"{_FIRST}[^\t\n:#,\[\]{{}}]*(?<! )"
_SINGLE = r"'((?:[^'\n]|'')*)'"
_DOUBLE = r'"((?:[^"\\\n]|\\[^\n])*)"'
_TRAILER = r"(?: +#.*)? *$"

_KEY_LINE = re.compile(
    rf"( *)((?:({_PLAIN})|{_SINGLE}|{_DOUBLE})):(?:$| +(?:({_PLAIN}){_TRAILER}|(.*)$))"
).match
_ITEM_LINE = re.compile(rf"( *)- +(?:({_PLAIN}){_TRAILER}|(.*)$)").match
_BLANK_LINE = re.compile(r" *(?:#.*)?$").match
_SINGLE_VALUE = re.compile(_SINGLE + _TRAILER).match
_DOUBLE_VALUE = re.compile(_DOUBLE + _TRAILER).match
_LITERAL_HEADER = re.compile(r"\|([1-9]?)([-+]?)" + _TRAILER).match
_FLOW_TOKEN = re.compile(rf" *(?:([\[\]{{}},])|(:)(?= )|({_FLOW_PLAIN})|{_SINGLE}|{_DOUBLE})").match
_FLOW_END = re.compile(_TRAILER).match
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[0abt\tnvfre \"/\\N_LP])|\\")
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
    "P": "\u2029",
}  # fmt: skip
_MAX_KEY = 1000  # libyaml refuses an implicit key of 1024 characters or more
_MAX_DEPTH = 16  # flow collections nested deeper are left to libyaml (the reader here recurses)


def read_subset(text: str) -> Any:
    """The document `read_yaml(text)` would give, or `UNSURE` when `text` is not in the subset."""
    try:
        return _read(text)
    except (_Unsure, IndexError):  # IndexError: a flow collection cut short (defensive)
        return UNSURE


def _read(text: str) -> dict[str, Any]:
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # libyaml reads CRLF as a line break, in scalars too
        if "\r" in text:
            raise _Unsure
    if text.isascii():
        if text.encode("ascii").translate(None, _ASCII_IN_SUBSET):
            raise _Unsure  # a control character
    elif _OUTSIDE_SUBSET.search(text):
        raise _Unsure
    final_break = text.endswith("\n")
    lines = (text[:-1] if final_break else text).split("\n")
    count = len(lines)
    root: dict[str, Any] = {}
    current: Any = root  # the open block collection: a dict or a list
    indent_of_current = 0
    enclosing: list[tuple[int, Any]] = []
    # A key written with nothing after it: (its mapping, the key, the mapping's indentation). The
    # next line says whether it opens a nested block or stays None.
    pending: tuple[dict[str, Any], str, int] | None = None
    # Most lines of a generated file are repeated (`      title: text`): each is read once.
    seen: dict[str, tuple[int, str | None, int, Any] | None] = {}
    flows: dict[str, Callable[[], Any]] = {}
    i = 0
    while i < count:
        line = lines[i]
        i += 1
        entry = seen.get(line, _NOT_SEEN)
        if entry is _NOT_SEEN:
            entry = seen[line] = _line(line, flows)
        if entry is None:
            continue  # blank or comment
        indent, key, kind, payload = entry
        if pending is not None:
            parent, parent_key, parent_indent = pending
            pending = None
            if indent > parent_indent:
                nested: Any = {} if key is not None else []
                parent[parent_key] = nested
                enclosing.append((indent_of_current, current))
                current, indent_of_current = nested, indent
            elif indent == parent_indent and key is None:
                raise _Unsure  # a list at the key's own indentation: valid YAML, left to libyaml
        if indent != indent_of_current:
            if indent > indent_of_current:
                raise _Unsure  # a continuation line or an error
            while indent < indent_of_current and enclosing:
                indent_of_current, current = enclosing.pop()
            if indent != indent_of_current:
                raise _Unsure
        if kind is _SCALAR:
            value = payload
        elif kind is _FLOW:
            value = payload()
        elif key is None:
            raise _Unsure  # an empty or literal item
        elif kind is _EMPTY:
            value = None
            pending = (current, key, indent)
        else:
            value, i = _literal(payload, lines, i, indent, final_break)
        if key is None:
            if current.__class__ is not list:
                raise _Unsure
            current.append(value)
        else:
            if current.__class__ is not dict or key in current:
                raise _Unsure
            current[key] = value
    if not root:
        raise _Unsure  # libyaml gives None for a file of comments
    return root


_NOT_SEEN: Final[Any] = object()
_SCALAR, _FLOW, _EMPTY, _LITERAL = 0, 1, 2, 3


def _line(line: str, flows: dict[str, Callable[[], Any]]) -> tuple[int, str | None, int, Any] | None:
    """What one line says: (indentation, key or None for a list item, kind of value, the value: a
    scalar, a function making the flow collection, None, or the literal block's header); None for
    a blank or comment line."""
    key: str | None = None
    key_match = _KEY_LINE(line)
    if key_match is not None:
        spaces, key_text, plain_key, single_key, double_key, plain, rest = key_match.groups()
        if len(key_text) > _MAX_KEY:
            raise _Unsure
        if plain_key is not None:
            key = plain_key
        elif single_key is not None:
            key = single_key.replace("''", "'")
        else:
            key = _unescape(double_key)
    else:
        item_match = _ITEM_LINE(line)
        if item_match is None:
            if _BLANK_LINE(line):
                return None
            raise _Unsure
        spaces, plain, rest = item_match.groups()
    indent = len(spaces)
    if indent == 0 and line[:3] in _DOCUMENT_MARKERS and line[3:4] in ("", " ", "\t"):
        raise _Unsure  # `--- a: b` starts a document, it is not the key `--- a`
    if plain is not None:
        return indent, key, _SCALAR, None if plain in _NULLS else plain
    if not rest or rest[0] == "#":
        return indent, key, _EMPTY, None
    first = rest[0]
    if first == "|":
        return indent, key, _LITERAL, rest
    if first == "'":
        match = _SINGLE_VALUE(rest)
        if match is None:
            raise _Unsure
        return indent, key, _SCALAR, match.group(1).replace("''", "'")
    if first == '"':
        match = _DOUBLE_VALUE(rest)
        if match is None:
            raise _Unsure
        return indent, key, _SCALAR, _unescape(match.group(1))
    if first != "{" and first != "[":
        raise _Unsure
    copy = flows.get(rest)
    if copy is None:
        copy = flows[rest] = _copier(_flow(rest))
    return indent, key, _FLOW, copy


def _copier(value: dict[str, Any] | list[Any]) -> Callable[[], Any]:
    """A function making fresh copies of a parsed flow collection: no two places share a container."""
    items = value.values() if isinstance(value, dict) else value
    if any(v.__class__ is dict or v.__class__ is list for v in items):
        return partial(_fresh, value)
    return value.copy


def _fresh(value: Any) -> Any:
    if value.__class__ is dict:
        return {k: _fresh(v) if v.__class__ is dict or v.__class__ is list else v for k, v in value.items()}
    if value.__class__ is list:
        return [_fresh(v) if v.__class__ is dict or v.__class__ is list else v for v in value]
    return value


def _flow(text: str) -> Any:
    if len(text) > _MAX_KEY:
        raise _Unsure
    tokens: list[tuple[str, Any]] = []  # ("{", None) ... or ("s", (text, plain))
    pos = 0
    depth = 0
    while True:
        match = _FLOW_TOKEN(text, pos)
        if match is None:
            raise _Unsure
        pos = match.end()
        punct, colon, plain, single, double = match.groups()
        if punct is not None:
            tokens.append((punct, None))
            depth += 1 if punct in "[{" else -1 if punct in "]}" else 0
            if depth == 0:
                break
            if depth > _MAX_DEPTH:
                raise _Unsure  # `[[[[...]]]]`: reading it recursively could exhaust the stack
        elif colon is not None:
            tokens.append((":", None))
        elif plain is not None:
            tokens.append(("s", (plain, True)))
        elif single is not None:
            tokens.append(("s", (single.replace("''", "'"), False)))
        else:
            tokens.append(("s", (_unescape(double), False)))
    if not _FLOW_END(text, pos):
        raise _Unsure
    value, end = _flow_node(tokens, 0)
    if end != len(tokens):  # pragma: no cover - depth 0 closes the outer collection
        raise _Unsure
    return value


def _flow_node(tokens: list[tuple[str, Any]], i: int) -> tuple[Any, int]:
    kind, scalar = tokens[i]
    if kind == "s":
        text, plain = scalar
        return (None if plain and text in _NULLS else text), i + 1
    if kind == "[":
        items: list[Any] = []
        i += 1
        if tokens[i][0] == "]":
            return items, i + 1
        while True:
            item, i = _flow_node(tokens, i)
            items.append(item)
            kind = tokens[i][0]
            i += 1
            if kind == "]":
                return items, i
            if kind != "," or tokens[i][0] == "]":
                raise _Unsure  # a pair in a list, or a trailing comma
    if kind == "{":
        mapping: dict[str, Any] = {}
        i += 1
        if tokens[i][0] == "}":
            return mapping, i + 1
        while True:
            kind, scalar = tokens[i]
            if kind != "s" or tokens[i + 1][0] != ":" or scalar[0] in mapping:
                raise _Unsure
            if tokens[i + 2][0] in ",}":
                raise _Unsure  # an empty value
            mapping[scalar[0]], i = _flow_node(tokens, i + 2)
            kind = tokens[i][0]
            i += 1
            if kind == "}":
                return mapping, i
            if kind != "," or tokens[i][0] == "}":
                raise _Unsure
    raise _Unsure


def _literal(header: str, lines: list[str], i: int, indent: int, final_break: bool) -> tuple[str, int]:
    """A literal block scalar (`|`, `|-`, `|+`, `|2-` ...) whose lines start at `lines[i]`."""
    match = _LITERAL_HEADER(header)
    if match is None:
        raise _Unsure
    indicator, chomping = match.groups()
    count = len(lines)
    if indicator:
        width = indent + int(indicator)
    else:
        j = i
        while j < count and lines[j] == "":
            j += 1
        if j == count:
            raise _Unsure
        first = lines[j]
        width = len(first) - len(first.lstrip(" "))
        if width <= indent or not first.strip(" ") or first[width] == "\t":
            raise _Unsure  # an empty block, blank lines setting the indentation, a tab there
    pad = " " * width
    body: list[str] = []
    while i < count:
        line = lines[i]
        if line.startswith(pad):
            body.append(line[width:])
        elif not line.strip(" "):
            body.append("")
        else:
            break
        i += 1
    if i == count and not final_break:
        raise _Unsure  # the last line has no line break
    end = len(body)
    while end and body[end - 1] == "":
        end -= 1
    if end == 0:
        raise _Unsure
    text = "\n".join(body[:end])
    if chomping == "-":
        return text, i
    if chomping == "+":
        return text + "\n" * (1 + len(body) - end), i
    return text + "\n", i


def _unescape(text: str) -> str:
    """The value of a double-quoted scalar's text (no line breaks in it)."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = match.group(1)
    if code is None:
        raise _Unsure
    if len(code) == 1:
        return _ESCAPES[code]
    value = int(code[1:], 16)
    if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
        raise _Unsure
    return chr(value)
