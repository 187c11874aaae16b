"""The JSON of a large model tree, byte for byte what pydantic writes, in two thirds of the time.

`drift inspect --json` writes 26 MB for 5,000 tables; pydantic's serializer takes 0.2 s of it, a sixth
of the command. orjson (a well-kept C/Rust JSON library) writes each model as its `__dict__` in
0.14 s. That gives the same bytes as long as every model in the tree holds only what both libraries
write alike: str, int, bool, None, datetime, tuples, and other such models, with no alias, custom
serializer, computed or excluded field (`__dict__` keys are the field names, in field order, as
`construct()` promises). `unsupported_fields()` checks that; tests run it on `Snapshot` and compare
the bytes on real catalogs. A float, say, would differ (pydantic writes 1e+16, orjson 1e16).

Anything orjson refuses (a type it does not know, an integer over 64 bits) falls back to pydantic.
"""

from __future__ import annotations

import types
import typing
from datetime import datetime
from typing import Any

import orjson
from pydantic import BaseModel

_SCALARS: tuple[type, ...] = (str, int, bool, type(None), datetime)


def dump_json(model: BaseModel) -> bytes:
    """`model.__pydantic_serializer__.to_json(model)`, faster; only for models whose tree
    `unsupported_fields` finds nothing in (see the module docstring)."""
    try:
        return orjson.dumps(model, default=vars, option=orjson.OPT_UTC_Z)
    except TypeError:
        return model.__pydantic_serializer__.to_json(model)


def unsupported_fields(cls: type[BaseModel]) -> list[str]:
    """Fields in the model tree of `cls` that `dump_json` might write differently from pydantic
    (`Model.field: reason`); empty when it writes the same bytes."""
    problems: list[str] = []
    seen: set[type[BaseModel]] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        config = model.model_config
        if config.get("extra") == "allow" or config.get("serialize_by_alias"):
            problems.append(f"{model.__name__}: extra fields or serialization by alias")
        decorators = model.__pydantic_decorators__
        if decorators.field_serializers or decorators.model_serializers or decorators.computed_fields:
            problems.append(f"{model.__name__}: custom serializer or computed field")
        for name, field in model.model_fields.items():
            where = f"{model.__name__}.{name}"
            if field.exclude or field.serialization_alias or field.alias not in (None, name):
                problems.append(f"{where}: excluded or aliased")
            for reason in check(field.annotation):
                problems.append(f"{where}: {reason}")

    def check(annotation: Any) -> list[str]:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            return check(typing.get_args(annotation)[0])
        if origin is typing.Literal:
            values = typing.get_args(annotation)
            return [] if all(isinstance(v, str | bool | int) for v in values) else [f"{annotation!r}"]
        if origin in (typing.Union, types.UnionType, tuple):
            return [
                reason for arg in typing.get_args(annotation) if arg is not Ellipsis for reason in check(arg)
            ]
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            walk(annotation)
            return []
        if annotation in _SCALARS:
            return []
        return [f"type {annotation!r}"]

    walk(cls)
    return problems
