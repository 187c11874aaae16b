"""One validated `TableSpec` -> one catalog `Table`: what build.py does for each of thousands of tables.

What a file leaves implied is filled in here: column positions from the order of the mapping, NOT
NULL for primary key, identity and serial columns that do not say (the server makes them so), the
table kind from its section, `TABLE_pkey` as the primary key's name, the file's schema for a foreign
key's `ref_schema`, `table_owner` for tables that do not name an owner, and the index behind each
primary key and unique constraint.

Objects are made with `construct` (the spec was validated), in field order, members sorted as the
catalog models' validators sort them. Catalog objects are immutable, so equal columns (the same
spec at the same position under the same name, common in generated schemas) are one object.
"""

from __future__ import annotations

from typing import Any

from drift.model.catalog import (
    CheckConstraint,
    Column,
    ColumnPrivilege,
    ExclusionConstraint,
    ForeignKey,
    Index,
    Policy,
    PrimaryKey,
    Privilege,
    Table,
    Trigger,
    UniqueConstraint,
)
from drift.model.construct import construct, sorted_by
from drift.model.identity import identity_sequence
from drift.model.schema_objects import Sequence
from drift.sources.expected.format import GRANT_OPTION_SUFFIX, ColumnSpec, TableSpec

_SERIALS = frozenset({"serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"})
_NO_ITEMS: tuple[Any, ...] = ()


def implies_not_null(
    name: str, type_: str, identity: str | None, key_columns: set[str] | tuple[str, ...]
) -> bool:
    """A primary key, identity or serial column is NOT NULL whatever its DDL says, so a file need not
    say so (and says `nullable: true` for the catalog that, impossibly, has it otherwise)."""
    return name in key_columns or identity is not None or type_.strip().lower() in _SERIALS


def implied_index(
    name: str, columns: tuple[str, ...], *, nulls_not_distinct: bool, without_overlaps: bool = False
) -> Index:
    """The index PostgreSQL builds for a primary key or unique constraint, as reflection shows it
    (GiST for a temporal key, WITHOUT OVERLAPS)."""
    return construct(
        Index,
        {
            "name": name,
            "keys": columns,
            "include": (),
            "method": "gist" if without_overlaps else "btree",
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


class TableBuilder:
    """Builds tables for one load; remembers the columns it made, to share equal ones."""

    def __init__(self) -> None:
        self._columns: dict[tuple[str, int, bool, int], Column] = {}
        self._specs: list[ColumnSpec] = []  # keeps the specs whose id() is in a key alive
        self._identity_options = False  # the last table's columns give identity options

    def table(
        self, schema: str, name: str, spec: TableSpec, kind: str | None, table_owner: str | None
    ) -> Table:
        given = spec.__pydantic_fields_set__
        values = spec.__dict__
        primary = spec.primary_key
        key_columns = primary.columns if primary is not None else _NO_ITEMS
        columns = self._columns_of(spec, key_columns)
        indexes = [construct(Index, {"name": n, **i.__dict__}) for n, i in spec.indexes.items()]
        primary_key = None
        if primary is not None:
            pk_name = primary.name if primary.name is not None else f"{name}_pkey"
            primary_key = construct(
                PrimaryKey,
                {
                    "name": pk_name,
                    "columns": primary.columns,
                    "deferrable": primary.deferrable,
                    "initially_deferred": primary.initially_deferred,
                    "without_overlaps": primary.without_overlaps,
                },
            )
            if pk_name not in spec.indexes:
                indexes.append(
                    implied_index(
                        pk_name,
                        primary.columns,
                        nulls_not_distinct=False,
                        without_overlaps=primary.without_overlaps,
                    )
                )
        uniques = []
        for uq_name, uq in spec.unique_constraints.items():
            uniques.append(construct(UniqueConstraint, {"name": uq_name, **uq.__dict__}))
            if uq_name not in spec.indexes:
                indexes.append(
                    implied_index(
                        uq_name,
                        uq.columns,
                        nulls_not_distinct=uq.nulls_not_distinct,
                        without_overlaps=uq.without_overlaps,
                    )
                )
        if kind is None:
            kind = spec.kind or ("partitioned_table" if spec.partition_key is not None else "table")
        elif spec.kind is not None:
            kind = spec.kind
        return construct(
            Table,
            {
                "name": name,
                "kind": kind,
                "owner": spec.owner if "owner" in given else table_owner,
                "unlogged": spec.unlogged,
                "partition_key": spec.partition_key,
                "partition_of": spec.partition_of,
                "partition_bound": spec.partition_bound,
                "inherits": spec.inherits,
                "view_definition": spec.view_definition,
                "options": tuple(sorted(spec.options)) if spec.options is not None else None,
                "columns": columns,
                "identity_sequences": _identity_sequences(name, spec)
                if self._identity_options
                else _NO_ITEMS,
                "primary_key": primary_key,
                "foreign_keys": _foreign_keys(spec, schema) if spec.foreign_keys else _NO_ITEMS,
                "unique_constraints": sorted_by(uniques, "name"),
                "check_constraints": _checks(values["check_constraints"]),
                "exclusion_constraints": _named(ExclusionConstraint, values["exclusion_constraints"]),
                "indexes": sorted_by(indexes, "name"),
                "triggers": _named(Trigger, values["triggers"]),
                "rls_enabled": spec.rls_enabled,
                "rls_forced": spec.rls_forced,
                "policies": _named(Policy, values["policies"]),
                "privileges": _privileges(spec) if spec.privileges else _NO_ITEMS,
                "column_privileges": _column_privileges(spec) if spec.column_privileges else _NO_ITEMS,
                "comment": spec.comment,
                "extension": spec.extension,
            },
        )

    def _columns_of(self, spec: TableSpec, key_columns: tuple[str, ...]) -> tuple[Column, ...]:
        made = self._columns
        columns = []
        position = 0
        in_order = True
        self._identity_options = False
        for col_name, col in spec.columns.items():
            if col.identity_options is not None:
                self._identity_options = True
            given = col.__dict__["position"]
            if given is None:
                position += 1
            else:
                in_order = in_order and given > position
                position = given
            nullable = col.nullable
            if (
                nullable
                and "nullable" not in col.__pydantic_fields_set__
                and implies_not_null(col_name, col.type, col.identity, key_columns)
            ):
                nullable = False
            key = (col_name, position, nullable, id(col))
            column = made.get(key)
            if column is None:
                column = made[key] = construct(
                    Column,
                    {
                        "name": col_name,
                        "position": position,
                        "type": col.type,
                        "nullable": nullable,
                        "default": col.default,
                        "identity": col.identity,
                        "generated": col.generated,
                        "generated_storage": _storage(col),
                        "collation": col.collation,
                        "comment": col.comment,
                    },
                )
                self._specs.append(col)
            columns.append(column)
        return tuple(columns) if in_order else sorted_by(columns, "position")


def _identity_sequences(table: str, spec: TableSpec) -> tuple[Sequence, ...]:
    """The sequences of the identity columns whose options the file gives (the others are not
    compared), each filled in with the server's defaults for what it leaves out."""
    made = []
    for col_name, col in spec.columns.items():
        options = col.identity_options
        if options is not None:
            made.append(
                identity_sequence(
                    f"{table}_{col_name}_seq",
                    f"{table}.{col_name}",
                    col.type,
                    **options.model_dump(),
                )
            )
    return sorted_by(made, "name")


def _storage(col: ColumnSpec) -> str | None:
    """A generated column is stored unless the file says `generated_storage: virtual`."""
    if col.generated is None:
        return None
    return col.generated_storage or "stored"


def _named(model: Any, specs: dict[str, Any]) -> tuple[Any, ...]:
    """Constraint, trigger or policy objects from `{name: spec}` (fields alike but `name`)."""
    if not specs:
        return _NO_ITEMS
    return sorted_by((construct(model, {"name": n, **s.__dict__}) for n, s in specs.items()), "name")


def _checks(specs: dict[str, Any]) -> tuple[CheckConstraint, ...]:
    checks = _named(CheckConstraint, specs)
    if all(c.enforced for c in checks):
        return checks
    return tuple(c if c.enforced else _unvalidated(c) for c in checks)


def _unvalidated(c: Any) -> Any:
    """A NOT ENFORCED constraint is never validated (the server says so): `enforced: false` implies it."""
    if not c.validated:
        return c
    return construct(type(c), {**c.__dict__, "validated": False})


def _foreign_keys(spec: TableSpec, schema: str) -> tuple[ForeignKey, ...]:
    fks = sorted_by(
        (
            construct(
                ForeignKey,
                {
                    "name": fk_name,
                    **fk.__dict__,
                    "ref_schema": fk.ref_schema if fk.ref_schema is not None else schema,
                },
            )
            for fk_name, fk in spec.foreign_keys.items()
        ),
        "name",
    )
    if all(fk.enforced for fk in fks):
        return fks
    return tuple(fk if fk.enforced else _unvalidated(fk) for fk in fks)


def _grant(text: str) -> tuple[str, bool]:
    """('SELECT', True) of 'SELECT WITH GRANT OPTION', ('SELECT', False) of 'SELECT'."""
    if text.upper().endswith(GRANT_OPTION_SUFFIX):
        return text[: -len(GRANT_OPTION_SUFFIX)].rstrip(), True
    return text, False


def _privileges(spec: TableSpec) -> tuple[Privilege, ...]:
    made = []
    for grantee, privileges in spec.privileges.items():
        for text in privileges:
            privilege, grantable = _grant(text)
            made.append(
                construct(Privilege, {"grantee": grantee, "privilege": privilege, "grantable": grantable})
            )
    return sorted_by(made, "key")


def _column_privileges(spec: TableSpec) -> tuple[ColumnPrivilege, ...]:
    made = []
    for grantee, per_column in spec.column_privileges.items():
        for column, privileges in per_column.items():
            for text in privileges:
                privilege, grantable = _grant(text)
                values = {
                    "column": column,
                    "grantee": grantee,
                    "privilege": privilege,
                    "grantable": grantable,
                }
                made.append(construct(ColumnPrivilege, values))
    return sorted_by(made, "key")
