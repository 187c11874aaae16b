"""The plain scalar forms the fast file validator accepts (fast_specs.py), one function per kind.

Each takes a value read from YAML (text, a list of text, None) and returns what the file model's
validation would make of it, or raises `Unsure` when the value is not one of the plain forms
(`drift init`'s spelling); the caller then leaves the whole file to pydantic.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from typing import Any

Coerce = Callable[[Any], Any]


class Unsure(Exception):
    """This value is not one of the plain forms: let pydantic validate the file."""


_BOOLS = {"true": True, "false": False}
_INT = re.compile(r"0|-?[1-9][0-9]{0,18}")
MISSING: Any = object()


def metadata_func(annotated: Any) -> Callable[[Any], Any]:
    """The function of the one Before/AfterValidator in `Annotated[T, validator]`."""
    funcs = [m.func for m in typing.get_args(annotated)[1:] if hasattr(m, "func")]
    assert len(funcs) == 1, annotated
    return funcs[0]  # type: ignore[no-any-return]


def text(v: Any) -> Any:
    if type(v) is str:
        return v
    raise Unsure


def optional_text(v: Any) -> Any:
    if v is None or type(v) is str:
        return v
    raise Unsure


def boolean(v: Any) -> Any:
    if v is False or v is True:  # the column shorthand's `not null`
        return v
    if type(v) is str:
        b = _BOOLS.get(v)
        if b is not None:
            return b
    raise Unsure


def integer(v: Any) -> Any:
    if type(v) is str and _INT.fullmatch(v):
        return int(v)
    raise Unsure


def optional_integer(v: Any) -> Any:
    return None if v is None else integer(v)


def names(v: Any) -> Any:
    if type(v) is list:
        for item in v:
            if type(item) is not str:
                raise Unsure
        return tuple(v)
    raise Unsure


def choice(literal_alias: Any, *, optional: bool = False) -> Coerce:
    """One of a `Literal`'s values, spelt exactly (the models also accept other cases)."""
    literal = (
        typing.get_args(literal_alias)[0]
        if typing.get_origin(literal_alias) is typing.Annotated
        else literal_alias
    )
    allowed = frozenset(typing.get_args(literal))

    def pick(v: Any) -> Any:
        if type(v) is str and v in allowed:
            return v
        if v is None and optional:
            return None
        raise Unsure

    return pick


def checked(annotated: Any, *, optional: bool, cache: dict[str, Any]) -> Coerce:
    """Text passed through the model's own after-validator (cached: the same types recur)."""
    check = metadata_func(annotated)

    def check_text(v: Any) -> Any:
        if v is None and optional:
            return check(None)
        if type(v) is not str:
            raise Unsure
        result = cache.get(v, MISSING)
        if result is MISSING:
            try:
                result = check(v)
            except ValueError:
                result = Unsure
            cache[v] = result
        if result is Unsure:
            raise Unsure
        return result

    return check_text
