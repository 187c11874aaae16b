"""Function arguments: a function's identity is its argument types (`f(a int4)` is `f(integer)`)."""

from __future__ import annotations

import re
from functools import lru_cache

from drift.diff.normalize.type_names import normalize_type
from drift.diff.sqltokens import split_top_level

_ARG_MODES = frozenset({"in", "out", "inout", "variadic"})
_TYPE_FIRST_WORDS = frozenset({"character", "double", "timestamp", "time", "bit", "char", "interval"})


def _parse_arguments(arguments: str) -> list[tuple[str, str, str]]:
    """(mode, name, normalised type) per argument; mode '' for IN, name '' when unnamed."""
    out = []
    for arg in split_top_level(arguments):
        arg = re.split(r"\s+default\s+|\s*=\s*", arg, maxsplit=1, flags=re.I)[0]
        words = arg.split()
        mode = ""
        if words and words[0].lower() in _ARG_MODES:
            mode = words.pop(0).lower()
        name = ""
        if len(words) >= 2 and words[0].lower() not in _TYPE_FIRST_WORDS:
            name = words.pop(0)
            name = name[1:-1].replace('""', '"') if name.startswith('"') else name.lower()
        out.append(("" if mode == "in" else mode, name, normalize_type(" ".join(words))))
    return out


@lru_cache(maxsize=8192)
def normalize_arguments(arguments: str) -> str:
    """A function's identity: argument types only (names, IN and defaults dropped), normalised.
    `a int4, b varchar` -> `integer, character varying`."""
    return ", ".join(f"{mode} {type_}" if mode else type_ for mode, _, type_ in _parse_arguments(arguments))


@lru_cache(maxsize=8192)
def normalize_named_arguments(arguments: str) -> str:
    """Argument names and types (names matter to callers using named notation, and to CREATE OR
    REPLACE, which cannot rename a parameter)."""
    return ", ".join(" ".join(p for p in arg if p) for arg in _parse_arguments(arguments))
