"""The JSON of a large model tree, byte for byte what pydantic writes, in two thirds of the time.

`drift inspect --json` writes 26 MB for 5,000 tables; pydantic's serializer takes 0.2 s of it, a sixth
of the command. orjson (a well-kept C/Rust JSON library) writes each model as its `__dict__` in
0.14 s. That gives the same bytes as long as every model in the tree holds only what both libraries
write alike: str, int, bool, None, datetime, tuples, and other such models, with no alias, custom
serializer, computed, excluded or cached field and no serialization setting (`__dict__` keys are the
field names, in field order, as `construct()` promises). `unsupported_fields()` checks a model
class for that; tests run it on `Snapshot` and compare the bytes on real catalogs. A float, say,
would differ (pydantic writes 1e+16, orjson 1e16).

What no class check can see, the caller promises: datetimes have a UTC offset of whole minutes
(reflection's session runs in UTC; orjson rounds an offset with seconds, such as a historical local
mean time, where pydantic truncates). An object of any class the annotations do not name (a
subclass of a model, with fields of its own; a datetime subclass), and anything orjson refuses (an
integer over 64 bits), sends the whole document through pydantic instead.
"""

from __future__ import annotations

import types
import typing
from datetime import datetime
from functools import cache, cached_property
from typing import Any

import annotated_types
import orjson
from pydantic import BaseModel, RootModel

_SCALARS: tuple[type, ...] = (str, int, bool, type(None), datetime)
# model_config keys that change how pydantic writes values (floats and bytes are refused anyway).
_SERIALIZATION_SETTINGS = ("ser_json_temporal", "ser_json_timedelta", "json_encoders", "use_enum_values")


def dump_json(model: BaseModel) -> bytes:
    """`model.__pydantic_serializer__.to_json(model)`, faster; only for models whose tree
    `unsupported_fields` finds nothing in (see the module docstring)."""
    classes = _model_classes(type(model))

    def fields(value: object) -> dict[str, Any]:
        # Only the model classes the annotations name: a subclass (with fields of its own) or
        # anything else that is not a plain value sends the document to pydantic.
        if type(value) in classes:
            return value.__dict__
        raise TypeError(f"not one of the declared models: {type(value).__name__}")

    try:
        return orjson.dumps(model, default=fields, option=orjson.OPT_UTC_Z)
    except TypeError:
        return model.__pydantic_serializer__.to_json(model)


@cache
def _model_classes(cls: type[BaseModel]) -> frozenset[type]:
    """`cls` and every model class its fields' annotations name, however deep."""
    found: set[type] = set()

    def walk(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found:
                found.add(annotation)
                for field in annotation.model_fields.values():
                    walk(field.annotation)
            return
        for arg in typing.get_args(annotation):
            walk(arg)

    walk(cls)
    return frozenset(found)


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
        if any(key in config for key in _SERIALIZATION_SETTINGS):
            problems.append(f"{model.__name__}: a serialization setting in model_config")
        if issubclass(model, RootModel):
            problems.append(f"{model.__name__}: a root model")
        decorators = model.__pydantic_decorators__
        if decorators.field_serializers or decorators.model_serializers or decorators.computed_fields:
            problems.append(f"{model.__name__}: custom serializer or computed field")
        cached = [n for k in model.__mro__ for n, v in vars(k).items() if isinstance(v, cached_property)]
        if cached:  # a computed value lands in __dict__ once read
            problems.append(f"{model.__name__}: cached properties {sorted(cached)}")
        for name, field in model.model_fields.items():
            where = f"{model.__name__}.{name}"
            if field.exclude or field.serialization_alias or field.alias not in (None, name):
                problems.append(f"{where}: excluded or aliased")
            if getattr(field, "exclude_if", None) is not None:
                problems.append(f"{where}: excluded conditionally")
            if any(not isinstance(m, annotated_types.BaseMetadata) for m in field.metadata):
                problems.append(f"{where}: metadata that may change how it is written")
            for reason in check(field.annotation):
                problems.append(f"{where}: {reason}")

    def check(annotation: Any) -> list[str]:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            base, *metadata = typing.get_args(annotation)
            odd = [m for m in metadata if not isinstance(m, annotated_types.BaseMetadata)]
            return [f"annotation {odd!r}"] if odd else check(base)
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
