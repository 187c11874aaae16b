"""A small SQL tokenizer for comparing expressions as the server prints them (not a parser).

Tokens are (kind, text) pairs: str, qid (quoted identifier), dollar, param, num, word, cast (`::`),
punct, op, comment. Words are lower-cased and needlessly quoted identifiers unquoted, so that token
lists of equivalent spellings compare equal; `join_tokens` prints a list back in one canonical layout.
"""

from __future__ import annotations

import re

from drift.diff.quoting import RESERVED_WORDS

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>--[^\n]*|/\*.*?\*/)
  | (?P<str>[eE]'(?:[^'\\]|\\.|'')*'|[bBxXnN]?'(?:[^']|'')*')
  | (?P<qid>"(?:[^"]|"")*")
  | (?P<dollar>\$(?P<tag>[A-Za-z_][A-Za-z0-9_]*)?\$.*?\$(?P=tag)?\$)
  | (?P<param>\$\d+)
  | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)
  | (?P<cast>::)
  | (?P<punct>[()\[\],;.])
  | (?P<op>[+\-*/<>=~!@#%^&|`?:]+)
    """,
    re.X | re.S,
)
_WORDY = frozenset({"str", "qid", "dollar", "param", "num", "word"})

Token = tuple[str, str]


def tokenize(text: str, *, keep_comments: bool = True) -> list[Token]:
    out: list[Token] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() != pos:  # a character no rule knows: keep it verbatim as an operator
            out.append(("op", text[pos : m.start()]))
        pos = m.end()
        kind = m.lastgroup or "op"
        if kind == "tag":
            kind = "dollar"
        value = m.group(0)
        if kind == "ws" or (kind == "comment" and not keep_comments):
            continue
        if kind == "comment":
            value = " ".join(value.split())
        elif kind == "word":
            value = value.lower()
        elif kind == "qid":
            inner = value[1:-1].replace('""', '"')
            if re.fullmatch(r"[a-z_][a-z0-9_$]*", inner) and inner not in RESERVED_WORDS:
                kind, value = "word", inner
        out.append((kind, value))
    if pos != len(text):
        out.append(("op", text[pos:]))
    return out


def join_tokens(tokens: list[Token]) -> str:
    parts: list[str] = []
    prev_kind = ""
    for kind, value in tokens:
        if (
            parts
            and (prev_kind in _WORDY or prev_kind == "comment")
            and (kind in _WORDY or kind == "comment")
        ):
            parts.append(" ")
        parts.append(value)
        prev_kind = kind
    return "".join(parts)


_MULTIWORD_TYPE_WORDS = frozenset({"varying", "precision", "with", "without", "time", "zone"})


def type_span(tokens: list[Token], i: int) -> int:
    """Index after the type name that starts at tokens[i] (after a `::`)."""
    n = len(tokens)
    if i >= n or tokens[i][0] not in ("word", "qid"):
        return i
    j = i + 1
    while j + 1 < n and tokens[j] == ("punct", ".") and tokens[j + 1][0] in ("word", "qid"):
        j += 2
    while True:
        while j < n and tokens[j][0] == "word" and tokens[j][1] in _MULTIWORD_TYPE_WORDS:
            j += 1
        if j < n and tokens[j] == ("punct", "("):
            depth, k = 0, j
            while k < n:
                if tokens[k] == ("punct", "("):
                    depth += 1
                elif tokens[k] == ("punct", ")"):
                    depth -= 1
                    if depth == 0:
                        break
                k += 1
            j = k + 1
            if j < n and tokens[j][0] == "word" and tokens[j][1] in _MULTIWORD_TYPE_WORDS:
                continue
        break
    while j + 1 < n and tokens[j] == ("punct", "[") and tokens[j + 1] == ("punct", "]"):
        j += 2
    return j


def matching_paren(tokens: list[Token], i: int) -> int:
    depth = 0
    for k in range(i, len(tokens)):
        if tokens[k] == ("punct", "("):
            depth += 1
        elif tokens[k] == ("punct", ")"):
            depth -= 1
            if depth == 0:
                return k
    return -1


def split_top_level(text: str) -> list[str]:
    parts: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return [p.strip() for p in parts if p.strip()]
