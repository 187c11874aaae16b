"""SQLAlchemy metadata as a `Catalog`: what `metadata.create_all()` would leave in a PostgreSQL database.

Why this exists: `drift check --orm app.models:Base` compares the live database with the application's
models. The differ compares catalogs, so the models are converted into the catalog the server would
show after `create_all` on an empty database: types compiled by SQLAlchemy's PostgreSQL dialect and
spelt as `format_type()` prints them, names the model leaves out chosen as the server chooses them,
naming conventions applied exactly as `create_all` applies them, integer autoincrement primary keys
as the `serial` column (default and owned sequence) `create_all` makes.

What a model does not say stays empty: a column without `server_default` has `default=None` (the
model cannot say "no default"; the check reports a database default the model omits at info level),
and the catalog carries no triggers, policies, privileges, views or functions, which models do not
declare. The loader of `--orm` targets lives in `orm_load.py`, one table's conversion in
`orm_tables.py` (over `orm_columns.py` and `orm_context.py`), type spelling in `orm_types.py`, the
server's naming rules in `orm_names.py` and default spelling in `orm_defaults.py`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence as Seq

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.ddl import sort_tables_and_constraints

from drift.errors import InputError
from drift.model import Catalog, Domain, Enum, Schema, Sequence, Table
from drift.sources.orm_defaults import server_default_text
from drift.sources.orm_exprs import server_expression
from drift.sources.orm_load import load_orm_target
from drift.sources.orm_names import SchemaNames, truncate_identifier
from drift.sources.orm_tables import TableConverter
from drift.sources.orm_types import compile_type, iter_schema_types, postgresql_dialect, uncast_spelling

__all__ = ["catalog_from_metadata", "load_orm_target"]

_TYPE_RANGE = {
    "smallint": (-(2**15), 2**15 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}


def catalog_from_metadata(
    metadatas: Seq[sa.MetaData], *, default_schema: str = "public", server_version: str | None = None
) -> Catalog:
    """The catalog `create_all` of every MetaData (in order) would produce on an empty database.

    Tables without a schema go to `default_schema`. `server_version` (`SHOW server_version`, e.g.
    '18.1') is the server `create_all` would run on; it decides what a `Computed` column without
    `persisted` becomes, as SQLAlchemy decides it: VIRTUAL on 18+, STORED before. None: a recent
    server (18+). Raises `InputError` for models PostgreSQL cannot create (types of another dialect,
    unnamed indexes, two definitions of one table).
    """
    dialect = postgresql_dialect()
    major = _major_version(server_version)
    if major is not None:
        dialect.supports_virtual_generated_columns = major >= 18  # type: ignore[attr-defined]
    names = SchemaNames()
    tables = _ordered_tables(metadatas, default_schema)
    converter = TableConverter(dialect, names, default_schema)
    for table in tables:
        converter.reserve_explicit_names(table)
    sequences: dict[tuple[str, str], Sequence] = {}
    for md in metadatas:
        for seq in md._sequences.values():
            if seq.optional and dialect.sequences_optional:
                continue  # create_all skips it on PostgreSQL: the column is a serial instead
            schema = seq.schema or default_schema
            names.take_relation(schema, truncate_identifier(seq.name))
            sequences[(schema, truncate_identifier(seq.name))] = _sequence(seq, dialect, default_schema)
    by_schema: dict[str, list[Table]] = defaultdict(list)
    for table in tables:
        converted, owned = converter.convert(table)
        by_schema[table.schema or default_schema].append(converted)
        for seq_schema, owned_seq in owned:
            sequences[(seq_schema, owned_seq.name)] = owned_seq
    enums, domains = _schema_types(tables, dialect, default_schema)
    schema_names = set(by_schema) | {s for s, _ in sequences} | {s for s, _ in enums} | set(domains)
    return Catalog(
        schemas=tuple(
            Schema(
                name=name,
                tables=tuple(by_schema.get(name, ())),
                sequences=tuple(seq for (s, _), seq in sequences.items() if s == name),
                enums=tuple(e for (s, _), e in enums.items() if s == name),
                domains=tuple(domains.get(name, ())),
            )
            for name in sorted(schema_names)
        )
    )


def _ordered_tables(metadatas: Seq[sa.MetaData], default_schema: str) -> list[sa.Table]:
    """Every table once, in the order `create_all` creates them (dependencies first)."""
    seen: dict[tuple[str, str], sa.Table] = {}
    ordered: list[sa.Table] = []
    for md in metadatas:
        for table, _fks in sort_tables_and_constraints(list(md.tables.values())):  # type: ignore[no-untyped-call]
            if table is None:
                continue
            key = (table.schema or default_schema, table.name)
            if key in seen and seen[key] is not table:
                raise InputError(f"table {key[0]}.{key[1]} is defined by two of the given MetaData objects")
            if key not in seen:
                seen[key] = table
                ordered.append(table)
    return ordered


def _major_version(server_version: str | None) -> int | None:
    """18 of '18.1', '18beta1' or '18.1 (Debian 18.1-1)'; None when there is no leading number."""
    digits = re.match(r"\d+", server_version or "")
    return int(digits.group()) if digits else None


def _sequence(seq: sa.Sequence, dialect: sa.Dialect, default_schema: str) -> Sequence:
    where = f"sequence {seq.name}"
    data_type = (
        compile_type(seq.data_type, dialect, where=where, default_schema=default_schema).spelling
        if seq.data_type is not None
        else "bigint"
    )
    low, high = _TYPE_RANGE.get(data_type, _TYPE_RANGE["bigint"])
    increment = seq.increment or 1
    min_value = seq.minvalue if seq.minvalue is not None else (1 if increment > 0 else low)
    max_value = seq.maxvalue if seq.maxvalue is not None else (high if increment > 0 else -1)
    if seq.nominvalue:
        min_value = 1 if increment > 0 else low
    if seq.nomaxvalue:
        max_value = high if increment > 0 else -1
    start = seq.start if seq.start is not None else (min_value if increment > 0 else max_value)
    return Sequence(
        name=truncate_identifier(seq.name),
        data_type=data_type,
        start=start,
        increment=increment,
        min_value=min_value,
        max_value=max_value,
        cache=seq.cache or 1,
        cycle=bool(seq.cycle),
    )


def _schema_types(
    tables: list[sa.Table], dialect: sa.Dialect, default_schema: str
) -> tuple[dict[tuple[str, str], Enum], dict[str, list[Domain]]]:
    """Native enums and domains the columns use, which `create_all` creates before the tables."""
    enums: dict[tuple[str, str], Enum] = {}
    domains: dict[str, dict[str, Domain]] = defaultdict(dict)
    for table in tables:
        for column in table.columns:
            for type_ in iter_schema_types(column.type, dialect):
                if isinstance(type_, postgresql.DOMAIN):
                    schema = type_.schema or default_schema
                    if type_.name and type_.name not in domains[schema]:
                        domains[schema][type_.name] = _domain(type_, dialect, default_schema)
                elif isinstance(type_, sa.Enum) and type_.native_enum and type_.name:
                    schema = type_.schema or default_schema
                    enums.setdefault((schema, type_.name), Enum(name=type_.name, labels=tuple(type_.enums)))
    return enums, {s: list(d.values()) for s, d in domains.items()}


def _domain(domain: postgresql.DOMAIN, dialect: sa.Dialect, default_schema: str) -> Domain:
    base = compile_type(
        domain.data_type, dialect, where=f"domain {domain.name}", default_schema=default_schema
    )
    ddl = dialect.ddl_compiler(dialect, None)  # type: ignore[arg-type]  # used for its helpers
    try:
        default = (
            server_default_text(
                ddl.render_default_string(domain.default),
                uncast_spelling(base.spelling),
                default_schema=default_schema,
            )
            if domain.default is not None
            else None
        )
        checks: tuple[str, ...] = ()
        if domain.check is not None:
            check = sa.text(domain.check) if isinstance(domain.check, str) else domain.check
            text = ddl.sql_compiler.process(check, include_table=False, literal_binds=True)
            spelt = server_expression(text, {"value": base.spelling}, domain_check=True)
            checks = (spelt or text,)
    except sa_exc.CompileError as e:
        raise InputError(f"domain {domain.name}: {str(e).splitlines()[0]}") from e
    return Domain(
        name=domain.name,
        base_type=base.spelling,
        nullable=not domain.not_null,
        default=default,
        checks=checks,
        collation=domain.collation or base.collation,
    )
