"""Building frozen model instances from trusted values without running validation.

Reflection creates tens of thousands of objects (60,000 columns on a large catalog). Pydantic
validation of values we produced ourselves, with the right types, costs more than all other client
work together, so reflection builds instances the way `model_construct()` does, minus its per-call
overhead. The contract this relies on: the caller passes every field, with the exact types
validation would produce (tuples, not lists; sorted members, as the models' validators would sort
them). tests/catalog checks it by validating a reflected snapshot and comparing it with the original.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_new = object.__new__
_set_dict = object.__setattr__
# BaseModel's slots, set through their descriptors directly (the cheapest way there is).
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
_FIELDS: dict[type[BaseModel], set[str]] = {}


def construct(cls: type[M], values: dict[str, Any]) -> M:
    """An instance of `cls` whose fields are exactly `values` (which must name every field)."""
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = set(cls.model_fields)
    obj = _new(cls)
    _set_dict(obj, "__dict__", values)
    _set_fields_set(obj, fields)
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj
