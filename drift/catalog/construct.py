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

_setattr = object.__setattr__
_FIELDS: dict[type[BaseModel], set[str]] = {}


def construct(cls: type[M], values: dict[str, Any]) -> M:
    """An instance of `cls` whose fields are exactly `values` (which must name every field)."""
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = set(cls.model_fields)
    obj = cls.__new__(cls)
    _setattr(obj, "__dict__", values)
    _setattr(obj, "__pydantic_fields_set__", fields)
    _setattr(obj, "__pydantic_extra__", None)
    _setattr(obj, "__pydantic_private__", None)
    return obj
