"""Frozen models built without pydantic validation, from values this package made itself.

A large catalog yields tens of thousands of findings (and as many health-score deductions), and
validating values whose types are right by construction cost a fifth of `run_advice`. `build`
makes the instance validation would make, given what validation would have done: every field in
`fields` (defaults filled in, `id`-style fields computed, tuples not lists, Literal values spelled
right) and `fields_set`, the names the caller passed explicitly. tests/advice/
test_advice_finding_build.py compares such findings and deductions with their validated twins.
drift.catalog.construct does the same for reflection; this copy keeps drift.advice free of the
catalog package (and of psycopg, which it imports).
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_new_object = object.__new__
_set_attribute = object.__setattr__
# BaseModel's slots, set through their descriptors directly (the cheapest way there is).
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def defaults(cls: type[BaseModel]) -> dict[str, Any]:
    """Every field of `cls` in declaration order, with its default (None for required fields):
    the template a caller copies and fills in."""
    if any(info.default_factory is not None for info in cls.model_fields.values()):
        raise TypeError(
            f"{cls.__name__} has a default_factory field: a shared template would share its value"
        )
    return {name: None if info.is_required() else info.default for name, info in cls.model_fields.items()}


def build(cls: type[M], fields: dict[str, Any], fields_set: Set[str]) -> M:
    """An instance of `cls` whose field values are exactly `fields` (which must name every field)."""
    obj = _new_object(cls)
    _set_attribute(obj, "__dict__", fields)
    _set_fields_set(obj, set(fields_set))
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj
