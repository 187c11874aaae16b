"""The file models' validation for the common case, in plain Python, at a third of the cost.

pydantic spent 0.29 s validating the three 2 MB files of a 5,000-table schema (this: 0.11 s),
mostly on values that are already what they should be: `bigint`, `true`, `[id]`.
`FileReader.read(doc)` validates a document the way `SchemaFile` / `DatabaseFile` would, for the
forms `drift init` writes and people usually write (booleans `true`/`false`, integers in plain
decimal, key words as the server spells them, every shorthand), and builds the same spec objects
with `construct`. Anything else (a typo, `yes`, `cascade`, an unknown key) makes it give up and
return None; the loader then asks pydantic, which either accepts the file or produces the located
error message. So this module never decides an error, and what it accepts it accepts exactly as
pydantic would: tests/expected/test_expected_fast_specs.py compares the two on many documents, field
by field and including `model_fields_set` (build.py reads it).

The shorthand expansions and value checks are the format models' own functions, taken from their
`Annotated` metadata, so they cannot drift apart; a field added to a model and not here fails the
first load (an assertion). `doc` must come from `yaml_reader.read_yaml` (mapping keys are str).
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from drift.model.construct import construct
from drift.sources.expected import format as fmt
from drift.sources.expected import format_values as values

Coerce = Callable[[Any], Any]


class _Unsure(Exception):
    """This value is not one of the plain forms: let pydantic validate the file."""


_BOOLS = {"true": True, "false": False}
_INT = re.compile(r"0|-?[1-9][0-9]{0,18}")
_MISSING: Any = object()


def _metadata_func(annotated: Any) -> Callable[[Any], Any]:
    """The function of the one Before/AfterValidator in `Annotated[T, validator]`."""
    funcs = [m.func for m in typing.get_args(annotated)[1:] if hasattr(m, "func")]
    assert len(funcs) == 1, annotated
    return funcs[0]  # type: ignore[no-any-return]


def _text(v: Any) -> Any:
    if type(v) is str:
        return v
    raise _Unsure


def _optional_text(v: Any) -> Any:
    if v is None or type(v) is str:
        return v
    raise _Unsure


def _boolean(v: Any) -> Any:
    if v is False or v is True:  # the column shorthand's `not null`
        return v
    if type(v) is str:
        b = _BOOLS.get(v)
        if b is not None:
            return b
    raise _Unsure


def _integer(v: Any) -> Any:
    if type(v) is str and _INT.fullmatch(v):
        return int(v)
    raise _Unsure


def _optional_integer(v: Any) -> Any:
    return None if v is None else _integer(v)


def _names(v: Any) -> Any:
    if type(v) is list:
        for item in v:
            if type(item) is not str:
                raise _Unsure
        return tuple(v)
    raise _Unsure


def _choice(literal_alias: Any, *, optional: bool = False) -> Coerce:
    """One of a `Literal`'s values, spelt exactly (the models also accept other cases)."""
    literal = (
        typing.get_args(literal_alias)[0]
        if typing.get_origin(literal_alias) is typing.Annotated
        else literal_alias
    )
    allowed = frozenset(typing.get_args(literal))

    def choice(v: Any) -> Any:
        if type(v) is str and v in allowed:
            return v
        if v is None and optional:
            return None
        raise _Unsure

    return choice


def _checked(annotated: Any, *, optional: bool, cache: dict[str, Any]) -> Coerce:
    """Text passed through the model's own after-validator (cached: the same types recur)."""
    check = _metadata_func(annotated)

    def checked(v: Any) -> Any:
        if v is None and optional:
            return check(None)
        if type(v) is not str:
            raise _Unsure
        result = cache.get(v, _MISSING)
        if result is _MISSING:
            try:
                result = check(v)
            except ValueError:
                result = _Unsure
            cache[v] = result
        if result is _Unsure:
            raise _Unsure
        return result

    return checked


class _Model:
    """Validates a mapping into one spec model, given a coercer per key (the alias when there is one)."""

    def __init__(
        self, cls: type[BaseModel], coercers: dict[str, Coerce], expand: Coerce | None = None
    ) -> None:
        self.cls = cls
        by_key = {info.alias or name: name for name, info in cls.model_fields.items()}
        assert by_key.keys() == coercers.keys(), (cls.__name__, by_key.keys() ^ coercers.keys())
        self.coercers = {key: (by_key[key], coerce) for key, coerce in coercers.items()}
        self.defaults: dict[str, Any] = {}
        self.factories: list[tuple[str, Callable[[], Any]]] = []
        for name, info in cls.model_fields.items():
            if info.default_factory is not None:
                self.factories.append((name, info.default_factory))  # type: ignore[arg-type]
                self.defaults[name] = _MISSING
            else:
                self.defaults[name] = _MISSING if info.is_required() else info.default
        self.required = frozenset(n for n, info in cls.model_fields.items() if info.is_required())
        self.collections: frozenset[str] = getattr(cls, "_collections", frozenset())
        self.expand = expand  # the field type's before-validator (a shorthand), if any
        self.shared: dict[str | tuple[Any, ...], Any] = {}

    def __call__(self, raw: Any) -> Any:
        if self.expand is not None:
            if raw.__class__ is str or raw.__class__ is list:
                return self._shorthand(raw)
            raw = self.expand(raw)
        return self._validate(raw)

    def _shorthand(self, raw: str | list[Any]) -> Any:
        """A shorthand (`[id]`, `CHECK expression`): specs are immutable, so equal ones are shared."""
        try:
            key = raw if raw.__class__ is str else tuple(raw)
            spec = self.shared.get(key)
        except TypeError:  # a list holding a mapping
            return self._validate(self.expand(raw))  # type: ignore[misc]
        if spec is None:
            spec = self.shared[key] = self._validate(self.expand(raw))  # type: ignore[misc]
        return spec

    def _validate(self, raw: Any) -> Any:
        if type(raw) is not dict:
            raise _Unsure
        fields = self.defaults.copy()
        given: set[str] = set()
        coercers = self.coercers
        collections = self.collections
        for key, v in raw.items():
            entry = coercers.get(key)
            if entry is None:
                raise _Unsure
            if v is None and key in collections:
                continue  # _Container: an empty collection is the default
            name, coerce = entry
            fields[name] = coerce(v)
            given.add(name)
        if not self.required <= given:
            raise _Unsure
        for name, factory in self.factories:
            if name not in given:
                fields[name] = factory()
        return construct(self.cls, fields, given)


def _mapping_of(model: Coerce) -> Coerce:
    def mapping(v: Any) -> Any:
        if type(v) is not dict:
            raise _Unsure
        return {k: model(item) for k, item in v.items()}

    return mapping


def _optional(model: Coerce) -> Coerce:
    def optional(v: Any) -> Any:
        return None if v is None else model(v)

    return optional


class FileReader:
    """Validates expected-schema documents; one per load, as it caches what recurs (column types)."""

    def __init__(self) -> None:
        type_ok: dict[str, bool] = {}
        default_ok: dict[str, bool] = {}
        type_name = _checked(values.TypeName, optional=False, cache=type_ok)
        default = _checked(values.Default, optional=True, cache=default_ok)
        owner_column = _checked(values.OwnerColumn, optional=True, cache={})

        column = _Model(
            fmt.ColumnSpec,
            {
                "type": type_name,
                "nullable": _boolean,
                "default": default,
                "identity": _choice(values.Identity, optional=True),
                "generated": _optional_text,
                "generated_storage": _choice(values.Storage, optional=True),
                "collation": _optional_text,
                "comment": _optional_text,
                "position": _optional_integer,
            },
        )
        self._column_model = column
        self._column_expand = _metadata_func(fmt.Column)
        self._columns: dict[Any, Any] = {}

        def entry(alias: Any, model: type[BaseModel], coercers: dict[str, Coerce]) -> _Model:
            return _Model(model, coercers, _metadata_func(alias))

        keyed = {"deferrable": _boolean, "initially_deferred": _boolean}
        primary_key = entry(
            fmt.PrimaryKey,
            fmt.PrimaryKeySpec,
            {"name": _optional_text, "columns": _names, **keyed, "without_overlaps": _boolean},
        )
        foreign_key = _Model(
            fmt.ForeignKeySpec,
            {
                "columns": _names,
                "ref_schema": _optional_text,
                "ref_table": _text,
                "ref_columns": _names,
                "on_delete": _choice(values.Action),
                "on_update": _choice(values.Action),
                "match": _choice(values.Match),
                **keyed,
                "validated": _boolean,
                "enforced": _boolean,
                "period": _boolean,
            },
        )
        unique = entry(
            fmt.Unique,
            fmt.UniqueSpec,
            {"columns": _names, "nulls_not_distinct": _boolean, **keyed, "without_overlaps": _boolean},
        )
        check = entry(
            fmt.Check,
            fmt.CheckSpec,
            {"expression": _text, "validated": _boolean, "no_inherit": _boolean, "enforced": _boolean},
        )
        exclusion = entry(fmt.Exclusion, fmt.ExclusionSpec, {"definition": _text, **keyed})
        index = entry(
            fmt.IndexEntry,
            fmt.IndexSpec,
            {
                "keys": _names,
                "include": _names,
                "method": _text,
                "unique": _boolean,
                "nulls_not_distinct": _boolean,
                "predicate": _optional_text,
                "constraint": _optional_text,
                "valid": _boolean,
                "ready": _boolean,
                "tablespace": _optional_text,
                "comment": _optional_text,
            },
        )
        trigger = entry(
            fmt.TriggerEntry, fmt.TriggerSpec, {"definition": _text, "enabled": _choice(values.Enabled)}
        )
        policy = entry(
            fmt.PolicyEntry,
            fmt.PolicySpec,
            {
                "command": _choice(values.Command),
                "permissive": _boolean,
                "roles": _names,
                "using": _optional_text,
                "with_check": _optional_text,
            },
        )
        table = entry(
            fmt.TableEntry,
            fmt.TableSpec,
            {
                "kind": _choice(values.Kind, optional=True),
                "owner": _optional_text,
                "comment": _optional_text,
                "unlogged": _boolean,
                "partition_key": _optional_text,
                "partition_of": _optional_text,
                "partition_bound": _optional_text,
                "inherits": _names,
                "view_definition": _optional_text,
                "columns": self._column_mapping,
                "primary_key": _optional(primary_key),
                "foreign_keys": _mapping_of(foreign_key),
                "unique_constraints": _mapping_of(unique),
                "check_constraints": _mapping_of(check),
                "exclusion_constraints": _mapping_of(exclusion),
                "indexes": _mapping_of(index),
                "triggers": _mapping_of(trigger),
                "rls_enabled": _boolean,
                "rls_forced": _boolean,
                "policies": _mapping_of(policy),
                "privileges": _mapping_of(_names),
                "column_privileges": _mapping_of(_mapping_of(_names)),
                "extension": _optional_text,
            },
        )
        sequence = entry(
            fmt.SequenceEntry,
            fmt.SequenceSpec,
            {
                "data_type": _text,
                "start": _integer,
                "increment": _integer,
                "min_value": _optional_integer,
                "max_value": _optional_integer,
                "cache": _integer,
                "cycle": _boolean,
                "owned_by": owner_column,
                "comment": _optional_text,
                "extension": _optional_text,
            },
        )
        enum = entry(
            fmt.EnumEntry,
            fmt.EnumSpec,
            {"labels": _names, "comment": _optional_text, "extension": _optional_text},
        )
        domain = entry(
            fmt.DomainEntry,
            fmt.DomainSpec,
            {
                "base_type": type_name,
                "nullable": _boolean,
                "default": default,
                "checks": _names,
                "collation": _optional_text,
                "comment": _optional_text,
                "extension": _optional_text,
            },
        )
        function = entry(
            fmt.FunctionEntry,
            fmt.FunctionSpec,
            {
                "kind": _choice(values.RoutineKind),
                "returns": _optional_text,
                "language": _text,
                "volatility": _choice(values.Volatile),
                "security_definer": _boolean,
                "definition": _text,
                "comment": _optional_text,
                "extension": _optional_text,
            },
        )
        extension = entry(fmt.ExtensionEntry, fmt.ExtensionSpec, {"version": _optional_text, "schema": _text})
        policy_choice = _choice(fmt.UnexpectedPolicy, optional=True)
        self._schema_file = _Model(
            fmt.SchemaFile,
            {
                "schema": _text,
                "unexpected": policy_choice,
                "owner": _optional_text,
                "table_owner": _optional_text,
                "comment": _optional_text,
                "tables": _mapping_of(table),
                "views": _mapping_of(table),
                "materialized_views": _mapping_of(table),
                "sequences": _mapping_of(sequence),
                "enums": _mapping_of(enum),
                "domains": _mapping_of(domain),
                "functions": _mapping_of(function),
            },
        )
        self._database_file = _Model(
            fmt.DatabaseFile, {"unexpected": policy_choice, "extensions": _mapping_of(extension)}
        )

    def _column_mapping(self, v: Any) -> Any:
        """Columns repeat (`id: bigint`): a spec is immutable, so equal columns share one."""
        if type(v) is not dict:
            raise _Unsure
        cache = self._columns
        model = self._column_model
        expand = self._column_expand
        out = {}
        for name, raw in v.items():
            key = raw if type(raw) is str else tuple(raw.items()) if type(raw) is dict else None
            try:
                spec = cache.get(key)
            except TypeError:  # a list in a column mapping: validate, do not share
                spec = None
                key = None
            if spec is None:
                spec = model(expand(raw))
                if spec.generated_storage is not None and spec.generated is None:
                    raise _Unsure  # ColumnSpec's validator rejects it: pydantic says how
                if key is not None:
                    cache[key] = spec
            out[name] = spec
        return out

    def read(self, doc: dict[str, Any]) -> fmt.SchemaFile | fmt.DatabaseFile | None:
        """The validated file, or None when pydantic should decide (which may mean an error)."""
        try:
            if "schema" in doc:
                return self._schema_file(doc)  # type: ignore[no-any-return]
            return self._database_file(doc)  # type: ignore[no-any-return]
        except _Unsure:
            return None
