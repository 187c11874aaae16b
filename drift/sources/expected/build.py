"""Turn validated expected-schema files into one `Catalog`: the inverse of `render.py`.

Several files may describe the same schema (a big schema split by hand): their objects are merged,
and an object named twice is an error that points at the second place. What a file leaves implied is
filled in here, in one place: column positions from the order of the mapping, NOT NULL for primary
key, identity and serial columns that do not say (the server makes them so), the table kind from its
section, `TABLE_pkey` as the primary key's name, the file's schema for a foreign key's `ref_schema`,
`table_owner` for tables that do not name an owner, and the index behind each primary key and unique
constraint.

The files were validated already, so the catalog objects are made without validating them again
(`construct.py`), in field order and sorted as the catalog models' validators would sort them.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence as Seq
from dataclasses import dataclass, field
from typing import Any

from drift.model.catalog import (
    Catalog,
    CheckConstraint,
    Column,
    Domain,
    Enum,
    ExclusionConstraint,
    Extension,
    ForeignKey,
    Function,
    Index,
    Policy,
    PrimaryKey,
    Privilege,
    Schema,
    Sequence,
    Table,
    Trigger,
    UniqueConstraint,
)
from drift.sources.expected.construct import construct, sorted_by
from drift.sources.expected.format import (
    GRANT_OPTION_SUFFIX,
    DatabaseFile,
    SchemaFile,
    TableSpec,
    UnexpectedPolicy,
)

DEFAULT_UNEXPECTED: UnexpectedPolicy = "warn"
_SECTIONS = (("tables", None), ("views", "view"), ("materialized_views", "materialized_view"))
_SERIALS = frozenset({"serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"})


class SpecError(Exception):
    """A problem found after validation (a duplicate, a bad key), at a path inside one file."""

    def __init__(self, file: str, path: Seq[str | int], message: str) -> None:
        super().__init__(message)
        self.file = file
        self.path = tuple(path)
        self.message = message


@dataclass
class _Parts:
    """Everything the files say about one schema (or, for name '', the database)."""

    name: str
    attrs: dict[str, tuple[Any, str]] = field(default_factory=dict)  # attr -> (value, file)
    seen: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, key) -> file
    tables: list[Table] = field(default_factory=list)
    sequences: list[Sequence] = field(default_factory=list)
    enums: list[Enum] = field(default_factory=list)
    domains: list[Domain] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)

    def set_once(self, attr: str, value: Any, file: str) -> None:
        if value is None:
            return
        if attr in self.attrs and self.attrs[attr][0] != value:
            old, other = self.attrs[attr]
            what = f"schema '{self.name}'" if self.name else "the database"
            raise SpecError(file, (attr,), f"{what} already has {attr} {old!r} in {other}")
        self.attrs.setdefault(attr, (value, file))

    def claim(self, kind: str, key: str, file: str, path: tuple[str, str]) -> None:
        other = self.seen.setdefault((kind, key), file)
        if other != file:
            where = f"schema '{self.name}'" if self.name else "the database"
            raise SpecError(file, path, f"{kind} '{key}' of {where} is already described in {other}")


@dataclass(frozen=True)
class BuiltCatalog:
    catalog: Catalog
    unexpected: dict[str, UnexpectedPolicy]
    default_unexpected: UnexpectedPolicy


def build_catalog(files: Seq[tuple[str, SchemaFile | DatabaseFile]]) -> BuiltCatalog:
    """Merge validated files (with the name to use in errors) into a catalog and the policies."""
    database = _Parts("")
    schemas: dict[str, _Parts] = {}
    for file, spec in files:
        if isinstance(spec, DatabaseFile):
            database.set_once("unexpected", spec.unexpected, file)
            for name, ext in spec.extensions.items():
                database.claim("extension", name, file, ("extensions", name))
                database.extensions.append(
                    construct(
                        Extension, {"name": name, "version": ext.version, "schema_name": ext.schema_name}
                    )
                )
            continue
        parts = schemas.setdefault(spec.schema_name, _Parts(spec.schema_name))
        _add_schema_file(parts, spec, file)
    schema_list = [
        construct(
            Schema,
            {
                "name": p.name,
                "owner": p.attrs.get("owner", (None,))[0],
                "comment": p.attrs.get("comment", (None,))[0],
                "tables": sorted_by(p.tables, "name"),
                "sequences": sorted_by(p.sequences, "name"),
                "enums": sorted_by(p.enums, "name"),
                "domains": sorted_by(p.domains, "name"),
                "functions": sorted_by(p.functions, "signature"),
            },
        )
        for p in schemas.values()
    ]
    catalog = construct(
        Catalog,
        {
            "database": None,
            "server_version": None,
            "schemas": sorted_by(schema_list, "name"),
            "extensions": sorted_by(database.extensions, "name"),
        },
    )
    return BuiltCatalog(
        catalog=catalog,
        unexpected={
            n: p.attrs["unexpected"][0] for n, p in sorted(schemas.items()) if "unexpected" in p.attrs
        },
        default_unexpected=database.attrs.get("unexpected", (DEFAULT_UNEXPECTED,))[0],
    )


def _add_schema_file(parts: _Parts, spec: SchemaFile, file: str) -> None:
    schema = spec.schema_name
    for attr in ("unexpected", "owner", "comment"):
        parts.set_once(attr, getattr(spec, attr), file)
    for section, kind in _SECTIONS:
        for name, table in getattr(spec, section).items():
            parts.claim("relation", name, file, (section, name))
            _check_key_columns(file, (section, name), table)
            parts.tables.append(_table(schema, name, table, kind, spec.table_owner))
    for name, seq in spec.sequences.items():
        parts.claim("sequence", name, file, ("sequences", name))
        parts.sequences.append(construct(Sequence, {"name": name, **seq.__dict__}))
    for name, enum in spec.enums.items():
        parts.claim("enum", name, file, ("enums", name))
        repeated = next((label for label in enum.labels if enum.labels.count(label) > 1), None)
        if repeated is not None:
            raise SpecError(file, ("enums", name), f"label '{repeated}' is listed twice")
        parts.enums.append(construct(Enum, {"name": name, **enum.__dict__}))
    for name, domain in spec.domains.items():
        parts.claim("domain", name, file, ("domains", name))
        parts.domains.append(construct(Domain, {"name": name, **domain.__dict__}))
    for key, func in spec.functions.items():
        parts.claim("function", key, file, ("functions", key))
        paren = key.find("(")
        if paren <= 0 or not key.endswith(")"):
            raise SpecError(
                file, ("functions", key), f"function key '{key}' must be NAME(ARGUMENTS), e.g. 'touch()'"
            )
        parts.functions.append(
            construct(Function, {"name": key[:paren], "arguments": key[paren + 1 : -1], **func.__dict__})
        )


def _check_key_columns(file: str, path: tuple[str, str], spec: TableSpec) -> None:
    """A key or constraint names at least one column, each a column of the table (when it lists
    columns), and a foreign key references as many columns as it has."""
    named: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    if spec.primary_key is not None:
        named.append((("primary_key",), spec.primary_key.columns))
    named += [(("unique_constraints", n), u.columns) for n, u in spec.unique_constraints.items()]
    named += [(("foreign_keys", n), f.columns) for n, f in spec.foreign_keys.items()]
    for where, columns in named:
        if not columns:
            raise SpecError(file, (*path, *where), "no columns: a key names at least one column")
    for fk_name, fk in spec.foreign_keys.items():
        if len(fk.ref_columns) != len(fk.columns):
            raise SpecError(
                file,
                (*path, "foreign_keys", fk_name),
                f"{len(fk.columns)} column(s) reference {len(fk.ref_columns)} column(s) of {fk.ref_table}",
            )
    if not spec.columns:
        return
    for where, columns in named:
        for column in columns:
            if column not in spec.columns:
                close = difflib.get_close_matches(column, list(spec.columns), n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"its columns: {', '.join(spec.columns)}"
                raise SpecError(file, (*path, *where), f"'{column}' is not a column of {path[1]}; {hint}")


def _table(schema: str, name: str, spec: TableSpec, kind: str | None, table_owner: str | None) -> Table:
    columns = []
    position = 0
    key_columns = set(spec.primary_key.columns) if spec.primary_key is not None else set()
    for col_name, col in spec.columns.items():
        position = col.position if col.position is not None else position + 1
        nullable = col.nullable
        if "nullable" not in col.model_fields_set and implies_not_null(
            col_name, col.type, col.identity, key_columns
        ):
            nullable = False
        columns.append(
            construct(
                Column,
                {
                    "name": col_name,
                    "position": position,
                    "type": col.type,
                    "nullable": nullable,
                    "default": col.default,
                    "identity": col.identity,
                    "generated": col.generated,
                    "collation": col.collation,
                    "comment": col.comment,
                },
            )
        )
    indexes = [construct(Index, {"name": n, **i.__dict__}) for n, i in spec.indexes.items()]
    primary_key = None
    if spec.primary_key is not None:
        pk = spec.primary_key
        pk_name = pk.name if pk.name is not None else f"{name}_pkey"
        primary_key = construct(
            PrimaryKey,
            {
                "name": pk_name,
                "columns": pk.columns,
                "deferrable": pk.deferrable,
                "initially_deferred": pk.initially_deferred,
            },
        )
        if pk_name not in spec.indexes:
            indexes.append(implied_index(pk_name, pk.columns, nulls_not_distinct=False))
    uniques = []
    for uq_name, uq in spec.unique_constraints.items():
        uniques.append(construct(UniqueConstraint, {"name": uq_name, **uq.__dict__}))
        if uq_name not in spec.indexes:
            indexes.append(implied_index(uq_name, uq.columns, nulls_not_distinct=uq.nulls_not_distinct))
    if kind is None:
        kind = spec.kind or ("partitioned_table" if spec.partition_key is not None else "table")
    elif spec.kind is not None:
        kind = spec.kind
    foreign_keys = [
        construct(
            ForeignKey,
            {
                "name": fk_name,
                **fk.__dict__,
                "ref_schema": fk.ref_schema if fk.ref_schema is not None else schema,
            },
        )
        for fk_name, fk in spec.foreign_keys.items()
    ]
    checks = [
        construct(CheckConstraint, {"name": n, **c.__dict__}) for n, c in spec.check_constraints.items()
    ]
    exclusions = [
        construct(ExclusionConstraint, {"name": n, **x.__dict__})
        for n, x in spec.exclusion_constraints.items()
    ]
    triggers = [construct(Trigger, {"name": n, **t.__dict__}) for n, t in spec.triggers.items()]
    policies = [construct(Policy, {"name": n, **p.__dict__}) for n, p in spec.policies.items()]
    privileges = [_privilege(grantee, p) for grantee, privs in spec.privileges.items() for p in privs]
    return construct(
        Table,
        {
            "name": name,
            "kind": kind,
            "owner": spec.owner if "owner" in spec.model_fields_set else table_owner,
            "unlogged": spec.unlogged,
            "partition_key": spec.partition_key,
            "partition_of": spec.partition_of,
            "partition_bound": spec.partition_bound,
            "inherits": spec.inherits,
            "view_definition": spec.view_definition,
            "columns": sorted_by(columns, "position"),
            "primary_key": primary_key,
            "foreign_keys": sorted_by(foreign_keys, "name"),
            "unique_constraints": sorted_by(uniques, "name"),
            "check_constraints": sorted_by(checks, "name"),
            "exclusion_constraints": sorted_by(exclusions, "name"),
            "indexes": sorted_by(indexes, "name"),
            "triggers": sorted_by(triggers, "name"),
            "rls_enabled": spec.rls_enabled,
            "rls_forced": spec.rls_forced,
            "policies": sorted_by(policies, "name"),
            "privileges": sorted_by(privileges, "key"),
            "comment": spec.comment,
            "extension": spec.extension,
        },
    )


def implies_not_null(name: str, type_: str, identity: str | None, key_columns: set[str]) -> bool:
    """A primary key, identity or serial column is NOT NULL whatever its DDL says, so a file need not
    say so (and says `nullable: true` for the catalog that, impossibly, has it otherwise)."""
    return name in key_columns or identity is not None or type_.strip().lower() in _SERIALS


def implied_index(name: str, columns: tuple[str, ...], *, nulls_not_distinct: bool) -> Index:
    """The index PostgreSQL builds for a primary key or unique constraint, as reflection shows it."""
    return construct(
        Index,
        {
            "name": name,
            "keys": columns,
            "include": (),
            "method": "btree",
            "unique": True,
            "nulls_not_distinct": nulls_not_distinct,
            "predicate": None,
            "constraint": name,
            "valid": True,
            "ready": True,
            "tablespace": None,
            "comment": None,
        },
    )


def _privilege(grantee: str, text: str) -> Privilege:
    if text.upper().endswith(GRANT_OPTION_SUFFIX):
        values = {
            "grantee": grantee,
            "privilege": text[: -len(GRANT_OPTION_SUFFIX)].rstrip(),
            "grantable": True,
        }
    else:
        values = {"grantee": grantee, "privilege": text, "grantable": False}
    return construct(Privilege, values)
