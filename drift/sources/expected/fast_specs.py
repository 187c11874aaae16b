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

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from drift.model.construct import construct
from drift.sources.expected import format as fmt
from drift.sources.expected import format_objects as objects
from drift.sources.expected import format_values as values
from drift.sources.expected.fast_scalars import (
    MISSING,
    Coerce,
    Unsure,
    boolean,
    checked,
    choice,
    integer,
    metadata_func,
    names,
    optional_integer,
    optional_text,
    text,
)


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
                self.defaults[name] = MISSING
            else:
                self.defaults[name] = MISSING if info.is_required() else info.default
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
            raise Unsure
        fields = self.defaults.copy()
        given: set[str] = set()
        coercers = self.coercers
        collections = self.collections
        for key, v in raw.items():
            entry = coercers.get(key)
            if entry is None:
                raise Unsure
            if v is None and key in collections:
                continue  # _Container: an empty collection is the default
            name, coerce = entry
            fields[name] = coerce(v)
            given.add(name)
        if not self.required <= given:
            raise Unsure
        for name, factory in self.factories:
            if name not in given:
                fields[name] = factory()
        return construct(self.cls, fields, given)


def _mapping_of(model: Coerce) -> Coerce:
    def mapping(v: Any) -> Any:
        if type(v) is not dict:
            raise Unsure
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
        type_name = checked(values.TypeName, optional=False, cache=type_ok)
        default = checked(values.Default, optional=True, cache=default_ok)
        owner_column = checked(values.OwnerColumn, optional=True, cache={})

        identity_options = _Model(
            fmt.IdentityOptionsSpec,
            {
                "start": optional_integer,
                "increment": integer,
                "min_value": optional_integer,
                "max_value": optional_integer,
                "cache": integer,
                "cycle": boolean,
            },
        )
        column = _Model(
            fmt.ColumnSpec,
            {
                "type": type_name,
                "nullable": boolean,
                "default": default,
                "identity": choice(values.Identity, optional=True),
                "identity_options": _optional(identity_options),
                "generated": optional_text,
                "generated_storage": choice(values.Storage, optional=True),
                "collation": optional_text,
                "comment": optional_text,
                "position": optional_integer,
            },
        )
        self._column_model = column
        self._column_expand = metadata_func(fmt.Column)
        self._columns: dict[Any, Any] = {}

        def entry(alias: Any, model: type[BaseModel], coercers: dict[str, Coerce]) -> _Model:
            return _Model(model, coercers, metadata_func(alias))

        keyed = {"deferrable": boolean, "initially_deferred": boolean}
        primary_key = entry(
            fmt.PrimaryKey,
            fmt.PrimaryKeySpec,
            {"name": optional_text, "columns": names, **keyed, "without_overlaps": boolean},
        )
        foreign_key = _Model(
            fmt.ForeignKeySpec,
            {
                "columns": names,
                "ref_schema": optional_text,
                "ref_table": text,
                "ref_columns": names,
                "on_delete": choice(values.Action),
                "on_update": choice(values.Action),
                "match": choice(values.Match),
                **keyed,
                "validated": boolean,
                "enforced": boolean,
                "period": boolean,
            },
        )
        unique = entry(
            fmt.Unique,
            fmt.UniqueSpec,
            {"columns": names, "nulls_not_distinct": boolean, **keyed, "without_overlaps": boolean},
        )
        check = entry(
            fmt.Check,
            fmt.CheckSpec,
            {"expression": text, "validated": boolean, "no_inherit": boolean, "enforced": boolean},
        )
        exclusion = entry(fmt.Exclusion, fmt.ExclusionSpec, {"definition": text, **keyed})
        index = entry(
            fmt.IndexEntry,
            fmt.IndexSpec,
            {
                "keys": names,
                "include": names,
                "method": text,
                "unique": boolean,
                "nulls_not_distinct": boolean,
                "predicate": optional_text,
                "constraint": optional_text,
                "valid": boolean,
                "ready": boolean,
                "tablespace": optional_text,
                "comment": optional_text,
            },
        )
        trigger = entry(
            fmt.TriggerEntry, fmt.TriggerSpec, {"definition": text, "enabled": choice(values.Enabled)}
        )
        policy = entry(
            fmt.PolicyEntry,
            fmt.PolicySpec,
            {
                "command": choice(values.Command),
                "permissive": boolean,
                "roles": names,
                "using": optional_text,
                "with_check": optional_text,
            },
        )
        table = entry(
            fmt.TableEntry,
            fmt.TableSpec,
            {
                "kind": choice(values.Kind, optional=True),
                "owner": optional_text,
                "comment": optional_text,
                "unlogged": boolean,
                "partition_key": optional_text,
                "partition_of": optional_text,
                "partition_bound": optional_text,
                "inherits": names,
                "view_definition": optional_text,
                "options": _optional(names),
                "columns": self._column_mapping,
                "primary_key": _optional(primary_key),
                "foreign_keys": _mapping_of(foreign_key),
                "unique_constraints": _mapping_of(unique),
                "check_constraints": _mapping_of(check),
                "exclusion_constraints": _mapping_of(exclusion),
                "indexes": _mapping_of(index),
                "triggers": _mapping_of(trigger),
                "rls_enabled": boolean,
                "rls_forced": boolean,
                "policies": _mapping_of(policy),
                "privileges": _mapping_of(names),
                "column_privileges": _mapping_of(_mapping_of(names)),
                "extension": optional_text,
            },
        )
        sequence = entry(
            fmt.SequenceEntry,
            objects.SequenceSpec,
            {
                "data_type": text,
                "start": integer,
                "increment": integer,
                "min_value": optional_integer,
                "max_value": optional_integer,
                "cache": integer,
                "cycle": boolean,
                "owned_by": owner_column,
                "comment": optional_text,
                "extension": optional_text,
            },
        )
        enum = entry(
            fmt.EnumEntry,
            objects.EnumSpec,
            {"labels": names, "comment": optional_text, "extension": optional_text},
        )
        domain = entry(
            fmt.DomainEntry,
            objects.DomainSpec,
            {
                "base_type": type_name,
                "nullable": boolean,
                "default": default,
                "checks": names,
                "collation": optional_text,
                "comment": optional_text,
                "extension": optional_text,
            },
        )
        function = entry(
            fmt.FunctionEntry,
            objects.FunctionSpec,
            {
                "kind": choice(values.RoutineKind),
                "returns": optional_text,
                "language": text,
                "volatility": choice(values.Volatile),
                "security_definer": boolean,
                "strict": boolean,
                "parallel": choice(values.ParallelSafety),
                "config": names,
                "definition": text,
                "comment": optional_text,
                "extension": optional_text,
            },
        )
        extension = entry(
            fmt.ExtensionEntry, objects.ExtensionSpec, {"version": optional_text, "schema": text}
        )
        policy_choice = choice(fmt.UnexpectedPolicy, optional=True)
        self._schema_file = _Model(
            fmt.SchemaFile,
            {
                "schema": text,
                "unexpected": policy_choice,
                "owner": optional_text,
                "table_owner": optional_text,
                "comment": optional_text,
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
            raise Unsure
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
                if (spec.generated_storage is not None and spec.generated is None) or (
                    spec.identity_options is not None and spec.identity is None
                ):
                    raise Unsure  # ColumnSpec's validator rejects it: pydantic says how
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
        except Unsure:
            return None
