"""Live PostgreSQL -> `Snapshot`: the fixed sequence of bulk queries and the assembly of the model.

A reflection is about twenty queries whatever the size of the database (one per object kind, plus
small lookups), all in one read-only REPEATABLE READ transaction (see reader.py). The schema filter
runs once, in schemas.sql; every later query takes the chosen schemas' oids as a bound array.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import psycopg

from drift import __version__
from drift.catalog.connect import connect
from drift.catalog.construct import construct
from drift.catalog.objects import (
    build_domains,
    build_enums,
    build_extensions,
    build_functions,
    build_sequences,
)
from drift.catalog.reader import CatalogReader, explain_query_failure, snapshot_transaction
from drift.catalog.schema_filter import globs_to_regexes
from drift.catalog.sql import QueryBuilder
from drift.catalog.tables import Lookups, RelationRows, build_tables
from drift.catalog.usage import read_usage
from drift.model.catalog import Catalog, Schema
from drift.model.snapshot import SNAPSHOT_VERSION, Snapshot
from drift.model.stats import UsageStats

Progress = Callable[[str], None]


def reflect(
    dsn: str | None,
    *,
    schemas: Sequence[str] = (),
    exclude_schemas: Sequence[str] = (),
    statement_timeout: float = 30.0,
    lock_timeout: float = 2.0,
    with_stats: bool = True,
    progress: Progress | None = None,
) -> Snapshot:
    """Connect to `dsn` (see `connect.resolve_dsn`) read-only and reflect its structure and, unless
    `with_stats` is False, its usage statistics. Schema filters are globs."""
    if progress is not None:
        progress("connecting…")
    with connect(dsn, statement_timeout=statement_timeout, lock_timeout=lock_timeout) as conn:
        return reflect_connection(
            conn,
            schemas=schemas,
            exclude_schemas=exclude_schemas,
            with_stats=with_stats,
            progress=progress,
        )


def reflect_connection(
    conn: psycopg.Connection[Any],
    *,
    schemas: Sequence[str] = (),
    exclude_schemas: Sequence[str] = (),
    with_stats: bool = True,
    progress: Progress | None = None,
) -> Snapshot:
    """`reflect()` on an open, idle connection (its session settings are left as they are)."""
    generated_at = datetime.now(UTC)
    builder = QueryBuilder(conn.info.server_version)
    reader = CatalogReader(conn, builder, progress)
    settings: dict[str, str] = {}
    try:
        with snapshot_transaction(conn):
            database, server_version, statement_timeout, lock_timeout = reader.rows("database")[0]
            settings.update(statement_timeout=statement_timeout, lock_timeout=lock_timeout)
            catalog, schema_oids = _read_catalog(reader, database, server_version, schemas, exclude_schemas)
            stats = read_usage(reader, schema_oids) if with_stats else UsageStats()
    except psycopg.Error as exc:
        raise explain_query_failure(exc, settings) from exc
    if progress is not None:
        progress(f"read {catalog.table_count} tables in {len(catalog.schemas)} schemas")
    return construct(
        Snapshot,
        {
            "snapshot_version": SNAPSHOT_VERSION,
            "tool_version": __version__,
            "generated_at": generated_at,
            "catalog": catalog,
            "stats": stats,
        },
    )


def _read_catalog(
    reader: CatalogReader,
    database: str,
    server_version: str,
    schemas: Sequence[str],
    exclude_schemas: Sequence[str],
) -> tuple[Catalog, list[int]]:
    schema_rows = reader.rows(
        "schemas",
        {"include": globs_to_regexes(schemas), "exclude": globs_to_regexes(exclude_schemas)},
        label="schemas",
    )
    schema_oids = sorted(row[0] for row in schema_rows)
    by_schema = {"schema_oids": schema_oids}

    lookups = Lookups(
        roles=dict(reader.rows("roles")),
        collations={
            oid: name if nsp == "pg_catalog" else f"{nsp}.{name}"
            for oid, nsp, name in reader.rows("collations")
        },
        opclasses={oid: (name, default) for oid, name, default in reader.rows("opclasses")},
        schema_names={row[0]: row[1] for row in schema_rows},
    )
    relation_rows = RelationRows(
        relations=reader.rows("relations", by_schema, label="tables"),
        inherits=reader.rows("inherits", by_schema),
        columns=reader.rows("columns", by_schema, label="columns"),
        constraints=reader.rows("constraints", by_schema, label="constraints"),
        indexes=reader.rows("indexes", by_schema, label="indexes"),
        index_expressions=reader.rows("index_expressions", by_schema),
        triggers=reader.rows("triggers", by_schema, label="triggers"),
        policies=reader.rows("policies", by_schema, label="policies"),
        privileges=reader.rows("privileges", by_schema, label="privileges"),
    )
    tables = build_tables(
        relation_rows, lookups, lambda oids: reader.rows("referenced_columns", {"oids": oids})
    )
    sequences = build_sequences(reader.rows("sequences", by_schema, label="sequences"))
    enums = build_enums(reader.rows("enums", by_schema, label="enums"))
    domains = build_domains(reader.rows("domains", by_schema, label="domains"), lookups.collations)
    functions = build_functions(reader.rows("functions", by_schema, label="functions"))
    extensions = build_extensions(reader.rows("extensions", label="extensions"))

    schema_models = [
        construct(
            Schema,
            {
                "name": name,
                "owner": lookups.roles.get(owner),
                "comment": comment,
                "tables": tuple(tables.get(oid, ())),
                "sequences": tuple(sequences.get(oid, ())),
                "enums": tuple(enums.get(oid, ())),
                "domains": tuple(domains.get(oid, ())),
                "functions": tuple(functions.get(oid, ())),
            },
        )
        for oid, name, owner, comment in schema_rows
    ]
    schema_models.sort(key=lambda s: s.name)
    catalog = construct(
        Catalog,
        {
            "database": database,
            "server_version": server_version,
            "schemas": tuple(schema_models),
            "extensions": extensions,
        },
    )
    return catalog, schema_oids
