"""One-line, actionable messages for a bad expected-schema file: `file:line: what is wrong`.

Validation errors carry a path (`tables.users.columns.id.nullable`); the YAML reader's `locate`
turns it back into the line it was written on. An unknown key names the closest valid one.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from drift.errors import InputError
from drift.sources.expected.yaml_reader import YamlProblem, locate


def yaml_error(file: str, data: bytes, exc: yaml.YAMLError | YamlProblem) -> InputError:
    """`file:line:col: problem` for YAML the parser (or our reader) refused."""
    if isinstance(exc, YamlProblem):
        return InputError(f"{file}:{exc.line}:{exc.column}: {exc.message}")
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        lines = data.split(b"\n")
        if mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == b"\t":
            context += "; indent with spaces: YAML does not allow tabs there"
        return InputError(f"{file}:{mark.line + 1}:{mark.column + 1}: {problem}{context}")
    return InputError(f"{file}: invalid YAML: {' '.join(str(exc).split())}")


def at(file: str, data: bytes, path: Sequence[str | int], message: str) -> InputError:
    """An error about the value at `path` in `file`, located by line."""
    line = locate(data, path)
    where = _dotted(path)
    return InputError(f"{file}:{line}: {where}: {message}" if where else f"{file}:{line}: {message}")


def validation_error(file: str, data: bytes, model: type[BaseModel], exc: ValidationError) -> InputError:
    """The first validation error, located, with a suggestion for an unknown key."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc: tuple[str | int, ...] = tuple(first["loc"])
    kind = first["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        valid = valid_keys(model, loc[:-1])
        close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"valid keys: {', '.join(sorted(valid))}"
        message = f"unknown key '{key}'; {hint}"
        if key.count("(") != key.count(")") or key.count("[") != key.count("]"):
            message += "; a ',' inside {...} or [...] splits a value: quote it, e.g. 'numeric(12,2)'"
        path, located = loc[:-1], loc
    elif kind == "value_error":
        message = str(first.get("ctx", {}).get("error", first["msg"]))
        path = located = loc
    elif kind == "missing":
        message = f"missing required key '{loc[-1]}'"
        path = located = loc[:-1]
    else:
        message = _describe(first["msg"], kind, first.get("input"))
        path = located = loc
    more = len(errors) - 1
    if more:
        message += f" (and {more} more {'problem' if more == 1 else 'problems'})"
    line = locate(data, located)
    where = _dotted(path)
    return InputError(f"{file}:{line}: {where}: {message}" if where else f"{file}:{line}: {message}")


_EXPECTED = {
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dict_type": "a mapping",
    "tuple_type": "a list",
    "list_type": "a list",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "int_parsing": "an integer",
    "int_type": "an integer",
    "string_type": "text",
}


def _describe(msg: str, kind: str, value: Any) -> str:
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {_show(value)}"
    if value is None:
        return f"a value is required ({msg[0].lower()}{msg[1:]})"
    return f"{msg[0].lower()}{msg[1:]}, got {_show(value)}"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _dotted(path: Sequence[str | int]) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "[")


def valid_keys(model: type[BaseModel], path: Sequence[str | int]) -> list[str]:
    """The keys a mapping at `path` may have, following the model's field types."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = _field_by_alias(current, str(part))
            if field is None:
                return []
            current = field
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        elif typing.get_origin(current) in (tuple, list):
            current = typing.get_args(current)[0]
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _field_by_alias(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return info.annotation
    return None


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional to the type that validates a value."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            tp = models[0] if models else members[0]
        else:
            return tp
