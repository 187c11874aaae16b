"""Model instances from values that are already valid, without running pydantic validation again.

Reflection makes about 170,000 model objects on a 5,000-table catalog, loading its expected schema
about 150,000, and the health rules tens of thousands of findings. Validating values whose types are
right by construction cost more than all the other client work of those steps, so they build
instances the way `model_construct()` does, minus its per-call overhead.

The contract: `values` names every field, in the model's field order (the JSON follows the order of
`__dict__`), with the exact types validation would produce (tuples, not lists; Literal values
spelled right), and whatever a model validator would do (sorting members, computed fields) is
already done. Each caller's tests validate what it built again and compare (tests/catalog,
tests/expected, tests/advice).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_new = object.__new__
_set_dict = object.__setattr__
# BaseModel's slots, set through their descriptors directly (the cheapest way there is).
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}
_PRIVATE: dict[type[BaseModel], bool] = {}


def construct(cls: type[M], values: dict[str, Any], fields_set: set[str] | None = None) -> M:
    """An instance of `cls` whose `__dict__` is `values` (every field, in order).

    `fields_set` is what `model_fields_set` reports: by default every field (one set shared by
    all such instances: never mutate it); a caller that knows which fields were given explicitly
    passes them.
    """
    if fields_set is None:
        fields_set = _ALL_FIELDS.get(cls)
        if fields_set is None:
            fields_set = _ALL_FIELDS[cls] = set(cls.model_fields)
    obj = _new(cls)
    _set_dict(obj, "__dict__", values)
    _set_fields_set(obj, fields_set)
    _set_extra(obj, None)
    # Validation leaves {} here on a model with a post-init hook (a model validator), else None;
    # so does this, so that the two compare equal.
    private = _PRIVATE.get(cls)
    if private is None:
        private = _PRIVATE[cls] = cls.__pydantic_post_init__ is not None
    _set_private(obj, {} if private else None)
    return obj


def maker(cls: type[M]) -> Callable[[dict[str, Any]], M]:
    """`construct` for one model class, for a loop that makes thousands of them: the per-call
    lookups are done once (every field counts as set, as with `construct(cls, values)`)."""
    fields_set = set(cls.model_fields)
    post_init = cls.__pydantic_post_init__ is not None

    def make(values: dict[str, Any]) -> M:
        obj = _new(cls)
        _set_dict(obj, "__dict__", values)
        _set_fields_set(obj, fields_set)
        _set_extra(obj, None)
        _set_private(obj, {} if post_init else None)
        return obj

    return make


def sorted_by(items: Iterable[M], attr: str) -> tuple[M, ...]:
    """`items` in the order the catalog models' validators put them: stable, by one attribute."""
    listed = list(items)
    keys = [getattr(i, attr) for i in listed]
    if keys == sorted(keys):
        return tuple(listed)
    return tuple(sorted(listed, key=lambda i: getattr(i, attr)))
