"""Live PostgreSQL -> `Snapshot`: the fixed sequence of bulk queries and the assembly of the model.

A reflection is about twenty-five queries whatever the size of the database (one per object kind,
plus small lookups), all on one read-only REPEATABLE READ snapshot (see reader.py), queued up front
so the server never waits for this process. Sequence positions are the exception before PostgreSQL
18: they cannot be read in the snapshot without locking every sequence (sequence_positions.py).
The schema filter runs once, in schemas.sql; every later query takes the chosen schemas' oids as a
bound array.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg

from drift import __version__
from drift.catalog.connect import connect
from drift.catalog.objects import (
    build_domains,
    build_enums,
    build_extensions,
    build_functions,
    build_sequences,
)
from drift.catalog.reader import (
    CatalogReader,
    QueryQueue,
    QueryResult,
    QueryRouter,
    explain_query_failure,
    snapshot_transaction,
)
from drift.catalog.relation import Lookups
from drift.catalog.schema_filter import globs_to_regexes
from drift.catalog.sequence_positions import Positions, read_positions, start_reading_positions
from drift.catalog.sql import SEQUENCE_DATA_VERSION, QueryBuilder
from drift.catalog.tables import RelationRows, build_tables
from drift.catalog.usage import add_sequence_usage, build_usage, submit_usage
from drift.errors import DriftError
from drift.gc_pause import paused_gc
from drift.model.catalog import Catalog, Schema
from drift.model.construct import construct
from drift.model.snapshot import SNAPSHOT_VERSION, Snapshot
from drift.model.stats import UsageStats

Progress = Callable[[str], None]


# With at least this many relations in the chosen schemas, half of the queries run on a second
# session that shares the first one's snapshot (pg_export_snapshot, as pg_dump --jobs does): the
# server works on two queries at once. Below it, the extra connection costs more than it saves.
SECOND_SESSION_MIN_RELATIONS = 500
# About half of the server's work, picked so both sessions finish at about the same time.
_SECOND_SESSION_QUERIES = frozenset(
    {"indexes", "index_expressions", "constraints", "triggers", "policies", "privileges",
     "stats_indexes", "stats_tables"}
)  # fmt: skip

OpenSession = Callable[[], "psycopg.Connection[Any]"]


class _NoSnapshotExport(Exception):
    """pg_export_snapshot() failed; the reflection starts over with a single session."""


def reflect(
    dsn: str | None,
    *,
    schemas: Sequence[str] = (),
    exclude_schemas: Sequence[str] = (),
    statement_timeout: float = 30.0,
    lock_timeout: float = 2.0,
    with_stats: bool = True,
    progress: Progress | None = None,
    exact_sizes: bool = False,
) -> Snapshot:
    """Connect to `dsn` (see `connect.resolve_dsn`) read-only and reflect its structure and, unless
    `with_stats` is False, its usage statistics. Schema filters are globs. Sizes are the server's
    own figures as of the last VACUUM / ANALYZE unless `exact_sizes` (which opens every table and
    index in turn: slower, and it waits behind a migration holding one of them). A large
    catalog is read over two sessions sharing one snapshot."""
    if progress is not None:
        progress("connecting…")

    def open_session() -> psycopg.Connection[Any]:
        return connect(dsn, statement_timeout=statement_timeout, lock_timeout=lock_timeout)

    options = _Options(schemas, exclude_schemas, with_stats, exact_sizes)
    with open_session() as conn, paused_gc():
        try:
            return _reflect(conn, options, progress, open_session)
        except _NoSnapshotExport:
            return _reflect(conn, options, progress, None)


def reflect_connection(
    conn: psycopg.Connection[Any],
    *,
    schemas: Sequence[str] = (),
    exclude_schemas: Sequence[str] = (),
    with_stats: bool = True,
    progress: Progress | None = None,
    exact_sizes: bool = False,
) -> Snapshot:
    """`reflect()` on an open, idle connection (its session settings are left as they are); always
    a single session."""
    with paused_gc():
        return _reflect(conn, _Options(schemas, exclude_schemas, with_stats, exact_sizes), progress, None)


@dataclass(frozen=True)
class _Options:
    schemas: Sequence[str]
    exclude_schemas: Sequence[str]
    with_stats: bool
    exact_sizes: bool


def _reflect(
    conn: psycopg.Connection[Any],
    options: _Options,
    progress: Progress | None,
    open_second: OpenSession | None,
) -> Snapshot:
    generated_at = datetime.now(UTC)
    builder = QueryBuilder(conn.info.server_version)
    reader = CatalogReader(conn, builder, progress)
    settings: dict[str, str] = {}
    positions_job: Future[Positions | None] | None = None
    try:
        with snapshot_transaction(conn), ExitStack() as stack:
            snapshot_id = _export_snapshot(conn) if open_second is not None else None
            database, server_version, statement_timeout, lock_timeout = reader.rows("database")[0]
            settings.update(statement_timeout=statement_timeout, lock_timeout=lock_timeout)
            schema_rows = reader.rows(
                "schemas",
                {
                    "include": globs_to_regexes(options.schemas),
                    "exclude": globs_to_regexes(options.exclude_schemas),
                },
                label="schemas",
            )
            schema_oids = sorted(row[0] for row in schema_rows)
            second: CatalogReader | None = None
            if open_second is not None and snapshot_id is not None:
                relations = reader.rows("relation_count", {"schema_oids": schema_oids})[0][0]
                if relations >= SECOND_SESSION_MIN_RELATIONS:
                    second = _second_session(stack, open_second, snapshot_id, builder, progress)
                    if options.with_stats and builder.server_version < SEQUENCE_DATA_VERSION:
                        positions_job = start_reading_positions(open_second, builder, schema_oids)
            primary = stack.enter_context(QueryQueue(reader))
            secondary = stack.enter_context(QueryQueue(second)) if second is not None else None
            queries = QueryRouter(primary, secondary, _SECOND_SESSION_QUERIES)
            # Everything is queued now; the server runs ahead while the rows become models.
            catalog_jobs = _submit_catalog(queries, schema_oids)
            usage_jobs = None
            if options.with_stats:
                relation_rows = queries.take_rows(catalog_jobs["relations"])
                never_vacuumed = [row[0] for row in relation_rows if row[-1]]
                usage_jobs = submit_usage(
                    queries, schema_oids, never_vacuumed, exact_sizes=options.exact_sizes
                )
            catalog = _build_catalog(queries, catalog_jobs, database, server_version, schema_rows)
            stats, sequences = build_usage(queries, usage_jobs) if usage_jobs else (UsageStats(), None)
        if sequences is not None:
            positions = sequences.positions()
            # The rest outside the snapshot (before PostgreSQL 18): see sequence_positions.py.
            unread = sequences.unread_oids
            early = positions_job.result() if positions_job is not None else None
            if early is not None:
                positions.update(early)
                unread = [oid for oid in unread if oid not in early.attempted]
            positions.update(read_positions(conn, builder, unread, reader.say))
            stats = add_sequence_usage(stats, sequences, positions)
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


def _export_snapshot(conn: psycopg.Connection[Any]) -> str:
    """The id of this transaction's snapshot, for a second session (must be the first query)."""
    try:
        row = conn.execute(b"SELECT pg_catalog.pg_export_snapshot()").fetchone()
    except psycopg.Error as exc:
        raise _NoSnapshotExport(str(exc)) from exc
    assert row is not None
    return str(row[0])


def _second_session(
    stack: ExitStack,
    open_second: OpenSession,
    snapshot_id: str,
    builder: QueryBuilder,
    progress: Progress | None,
) -> CatalogReader | None:
    """A second read-only session on the same snapshot, or None when one cannot be had (too many
    connections, a pooler that refuses it): then everything runs on the first session."""
    try:
        second = stack.enter_context(open_second())
        stack.enter_context(snapshot_transaction(second, snapshot_id))
    except (DriftError, psycopg.Error):
        return None
    return CatalogReader(second, builder, progress)


_CATALOG_QUERIES = (
    # (query, progress label) in the order the models are built.
    ("roles", None),
    ("collations", None),
    ("opclasses", None),
    ("relations", "tables"),
    ("inherits", None),
    ("columns", "columns"),
    ("indexes", "indexes"),
    ("index_expressions", None),
    ("constraints", "constraints"),
    ("triggers", "triggers"),
    ("policies", "policies"),
    ("privileges", "privileges"),
    ("sequences", "sequences"),
    ("enums", "enums"),
    ("domains", "domains"),
    ("functions", "functions"),
    ("extensions", "extensions"),
)

Jobs = dict[str, Future[QueryResult]]


def _submit_catalog(queries: QueryRouter, schema_oids: list[int]) -> Jobs:
    by_schema = {"schema_oids": schema_oids}
    return {name: queries.submit(name, by_schema) for name, _label in _CATALOG_QUERIES}


def _build_catalog(
    queries: QueryRouter,
    jobs: Jobs,
    database: str,
    server_version: str,
    schema_rows: list[tuple[Any, ...]],
) -> Catalog:
    labels = dict(_CATALOG_QUERIES)

    def rows(name: str) -> list[tuple[Any, ...]]:
        return queries.take_rows(jobs[name], labels[name])

    def source(name: str) -> Callable[[], list[tuple[Any, ...]]]:
        return lambda: rows(name)

    def referenced(oids: list[int]) -> list[tuple[Any, ...]]:
        return queries.take_rows(queries.submit("referenced_columns", {"oids": oids}))

    lookups = Lookups(
        roles=dict(rows("roles")),
        collations={
            oid: name if nsp == "pg_catalog" else f"{nsp}.{name}" for oid, nsp, name in rows("collations")
        },
        opclasses={oid: (name, default) for oid, name, default in rows("opclasses")},
        schema_names={row[0]: row[1] for row in schema_rows},
    )
    relation_rows = RelationRows(
        relations=source("relations"),
        inherits=source("inherits"),
        columns=source("columns"),
        indexes=source("indexes"),
        index_expressions=source("index_expressions"),
        constraints=source("constraints"),
        triggers=source("triggers"),
        policies=source("policies"),
        privileges=source("privileges"),
    )
    tables = build_tables(relation_rows, lookups, referenced)
    sequences = build_sequences(rows("sequences"))
    enums = build_enums(rows("enums"))
    domains = build_domains(rows("domains"), lookups.collations)
    functions = build_functions(rows("functions"))
    extensions = build_extensions(rows("extensions"))

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
    return construct(
        Catalog,
        {
            "database": database,
            "server_version": server_version,
            "schemas": tuple(schema_models),
            "extensions": extensions,
        },
    )
