"""A finding's message as a headline and an explanation, for layouts that have room for one line.

Messages are written as "<facts>: <why it matters>. <more>" (see docs/rules/). A listing (the text
report, a Markdown table, an HTML card, the TUI's findings table) shows the facts on one line and
keeps the rest for whoever opens the details; the row's label already names the object, so the
headline does not name it again.
"""

from __future__ import annotations

import re
from typing import Protocol

from drift.report.formatting import TABLE_LEVEL, object_word


class Described(Protocol):
    """A finding, or a stored reference to one (what changed since the last run)."""

    @property
    def object_type(self) -> str: ...
    @property
    def path(self) -> tuple[str, ...]: ...
    @property
    def message(self) -> str: ...
    @property
    def dotted_path(self) -> str: ...


_ABBREVIATIONS = frozenset({"e.g", "i.e", "etc", "vs", "cf", "approx"})
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z0-9(\"'`])")
_LAST_WORD = re.compile(r"(\S+)$")


def first_sentence(message: str) -> str:
    """The first sentence of `message`, without its full stop ('e.g. X' is not a sentence end)."""
    for m in _SENTENCE_END.finditer(message):
        word = _LAST_WORD.search(message[: m.start()])
        if word is None or word.group(1).lower().lstrip("(") not in _ABBREVIATIONS:
            return message[: m.start()]
    return message.rstrip().removesuffix(".")


def before_colon(sentence: str) -> str:
    """The statement before the first ': ' outside brackets and quotes (the facts; what follows is
    the explanation), or the whole sentence when there is none."""
    depth, quote = 0, ""
    for i, c in enumerate(sentence):
        if quote:
            quote = "" if c == quote else quote
        elif c in "'\"`":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(0, depth - 1)
        elif c == ":" and depth == 0 and sentence[i + 1 : i + 2] == " " and i >= 10:
            return sentence[:i]
    return sentence


def without_subject(message: str, f: Described) -> str:
    """`message` without a leading 'Column public.users.email ' when the row's label and group
    heading already name that object: the rest reads as the label's predicate."""
    word = object_word(f.object_type)
    word = word[:1].upper() + word[1:]
    names = {f.dotted_path, ".".join(f.path[1:]), f.path[-1] if f.path else ""}
    if len(f.path) >= 2:
        names.add(f"{f.path[0]}.{f.path[-1]}")
    for name in sorted((n for n in names if n), key=len, reverse=True):
        subject = f"{word} {name} "
        if message.startswith(subject) and len(message) > len(subject):
            return _without_table(message[len(subject) :], f)
    return message


def _without_table(predicate: str, f: Described) -> str:
    """'on public.content (user_id) has no index' -> '(user_id) has no index' for a member of
    public.content: the listing names the table already (group heading, object column)."""
    if f.object_type not in TABLE_LEVEL or len(f.path) < 3:
        return predicate
    on_table = f"on {f.path[0]}.{f.path[1]} "
    if predicate.startswith(on_table) and len(predicate) > len(on_table):
        return predicate[len(on_table) :]
    return predicate


def short_message(f: Described) -> str:
    """The facts of `f.message` in one line, its object not named: 'is timestamp without time zone'."""
    return before_colon(without_subject(first_sentence(f.message), f))


def explanation(f: Described) -> str:
    """What `f.message` says after its headline (why it matters, what else to know), or ''."""
    head = before_colon(first_sentence(f.message))
    rest = f.message[len(head) :].lstrip(":. ").strip()
    return rest[:1].upper() + rest[1:]
