"""Frozen models built without pydantic validation, from values this package made itself.

A large catalog yields tens of thousands of findings (and as many health-score deductions), and
validating values whose types are right by construction cost a fifth of `run_advice`. `build`
makes the instance validation would make, given what validation would have done: every field in
`fields` (defaults filled in, `id`-style fields computed, tuples not lists, Literal values spelled
right) and `fields_set`, the names the caller passed explicitly. tests/advice/
test_advice_finding_build.py compares such findings and deductions with their validated twins.
The instances themselves come from drift.model.construct, as reflection's and the expected
schema's do.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any, TypeVar

from pydantic import BaseModel

from drift.model.construct import construct

M = TypeVar("M", bound=BaseModel)


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
    return construct(cls, fields, set(fields_set))
