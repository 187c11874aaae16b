"""Live PostgreSQL -> `Snapshot`: the fixed sequence of bulk queries and the assembly of the model.

A reflection is about twenty-five queries whatever the size of the database (one per object kind,
plus small lookups), all on one read-only REPEATABLE READ snapshot (see reader.py), queued up front
so the server never waits for this process. Sequence positions are the exception before PostgreSQL
18: they cannot be read in the snapshot without locking every sequence (sequence_positions.py).
The schema filter runs once, in schemas.sql; every later query takes the chosen schemas' oids as a
bound array.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import psycopg

from drift.catalog.connect import connect, milliseconds
from drift.catalog.reader import (
    CatalogReader,
    QueryQueue,
    QueryRouter,
    explain_query_failure,
    snapshot_transaction,
)
from drift.catalog.schema_filter import globs_to_regexes
from drift.catalog.sequence_positions import Positions, read_positions, start_reading_positions
from drift.catalog.sql import SEQUENCE_DATA_VERSION, QueryBuilder
from drift.catalog.usage_queries import submit_usage
from drift.errors import DriftError
from drift.gc_pause import paused_gc

if TYPE_CHECKING:
    # Imported inside _reflect at run time: see assemble.py.
    from drift.model.snapshot import Snapshot

Progress = Callable[[str], None]


# With at least this many relations in the chosen schemas, half of the queries run on a second
# session that shares the first one's snapshot (pg_export_snapshot, as pg_dump --jobs does): the
# server works on two queries at once. Below it, the extra connection costs more than it saves.
SECOND_SESSION_MIN_RELATIONS = 500
# About half of the server's work, picked so both sessions finish at about the same time. The
# indexes and the constraints share a session: rendering partial-index predicates and CHECK bodies
# opens every table, and the second time is cheap on the same session. The table statistics run on
# the first session, which is otherwise idle by then (docs/speed.md).
_SECOND_SESSION_QUERIES = frozenset(
    {"indexes", "index_expressions", "constraints", "triggers", "policies", "privileges",
     "stats_indexes"}
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

    # What the session was given, for a message about a query cancelled before the server said.
    timeouts = {
        "statement_timeout": milliseconds(statement_timeout),
        "lock_timeout": milliseconds(lock_timeout),
    }
    options = _Options(schemas, exclude_schemas, with_stats, exact_sizes, timeouts)
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
    timeouts: Mapping[str, str] = field(default_factory=dict)


def _reflect(
    conn: psycopg.Connection[Any],
    options: _Options,
    progress: Progress | None,
    open_second: OpenSession | None,
) -> Snapshot:
    generated_at = datetime.now(UTC)
    builder = QueryBuilder(conn.info.server_version)
    reader = CatalogReader(conn, builder, progress)
    settings: dict[str, str] = dict(options.timeouts)
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
            opening: Future[CatalogReader | None] | None = None
            if open_second is not None and snapshot_id is not None:
                relations = reader.rows(
                    "relation_count", {"schema_oids": schema_oids, "enough": SECOND_SESSION_MIN_RELATIONS}
                )[0][0]
                if relations >= SECOND_SESSION_MIN_RELATIONS:
                    opening = _open_second_session(stack, open_second, snapshot_id, builder, progress)
                    if options.with_stats and builder.server_version < SEQUENCE_DATA_VERSION:
                        positions_job = start_reading_positions(open_second, builder, schema_oids)
            primary = stack.enter_context(QueryQueue(reader))
            by_schema = {"schema_oids": schema_oids}
            later = _SECOND_SESSION_QUERIES if opening is not None else frozenset()
            # Queued now; the server runs ahead while the rows become models.
            jobs = {name: primary.submit(name, by_schema) for name in _CATALOG_NAMES if name not in later}
            # Imported only now, while the server works on those queries: see assemble.py.
            from drift.catalog import assemble, usage

            secondary = None
            if opening is not None:
                second = opening.result()
                secondary = stack.enter_context(QueryQueue(second)) if second is not None else None
                # Without a second session after all, its queries follow the others on the first.
                target = secondary or primary
                jobs.update(
                    (name, target.submit(name, by_schema)) for name in _CATALOG_NAMES if name in later
                )
            queries = QueryRouter(primary, secondary, _SECOND_SESSION_QUERIES)
            usage_jobs = None
            if options.with_stats:
                relation_rows = queries.take_rows(jobs["relations"])
                never_vacuumed = [row[0] for row in relation_rows if row[-1]]
                usage_jobs = submit_usage(
                    queries, schema_oids, never_vacuumed, exact_sizes=options.exact_sizes
                )
            catalog = assemble.build_catalog(
                queries, jobs, _CATALOG_LABELS, database, server_version, schema_rows
            )
            stats, sequences = usage.build_usage(queries, usage_jobs) if usage_jobs else (None, None)
        if stats is not None and sequences is not None:
            positions = sequences.positions()
            # The rest outside the snapshot (before PostgreSQL 18): see sequence_positions.py.
            unread = sequences.unread_oids
            early = positions_job.result() if positions_job is not None else None
            if early is not None:
                positions.update(early)
                unread = [oid for oid in unread if oid not in early.attempted]
            positions.update(read_positions(conn, builder, unread, reader.say))
            stats = usage.add_sequence_usage(stats, sequences, positions)
    except psycopg.Error as exc:
        raise explain_query_failure(exc, settings) from exc
    if progress is not None:
        progress(f"read {catalog.table_count} tables in {len(catalog.schemas)} schemas")
    return assemble.snapshot(catalog, stats, generated_at)


def _export_snapshot(conn: psycopg.Connection[Any]) -> str:
    """The id of this transaction's snapshot, for a second session (must be the first query)."""
    try:
        row = conn.execute(b"SELECT pg_catalog.pg_export_snapshot()").fetchone()
    except psycopg.Error as exc:
        raise _NoSnapshotExport(str(exc)) from exc
    assert row is not None
    return str(row[0])


def _open_second_session(
    stack: ExitStack,
    open_second: OpenSession,
    snapshot_id: str,
    builder: QueryBuilder,
    progress: Progress | None,
) -> Future[CatalogReader | None]:
    """Start opening a second read-only session on the same snapshot, in a thread, so that the first
    session's queries need not wait for it. The result is None when one cannot be had (too many
    connections, a pooler that refuses it): then everything runs on the first session. Whatever
    happens to the reflection, that session is closed when `stack` unwinds, or by the thread itself
    if it is still connecting then (nobody waits for it: Ctrl-C is not held up by a slow connect)."""
    future: Future[CatalogReader | None] = Future()
    session = ExitStack()
    lock = threading.Lock()
    abandoned = False

    def run() -> None:
        reader: CatalogReader | None = None
        try:
            conn = session.enter_context(open_second())
            session.enter_context(snapshot_transaction(conn, snapshot_id))
            reader = CatalogReader(conn, builder, progress)
        except (DriftError, psycopg.Error):
            session.close()
        except BaseException as exc:  # a bug: never leave the reflection waiting
            session.close()
            future.set_exception(exc)
            return
        with lock:
            if abandoned and reader is not None:
                session.close()
                reader = None
            future.set_result(reader)

    def close() -> None:
        nonlocal abandoned
        with lock:
            abandoned = True
            finished = future.done()
        if finished:  # whatever the thread opened is ours to close (nothing if it failed)
            session.close()

    stack.callback(close)
    threading.Thread(target=run, name="drift-second-session", daemon=True).start()
    return future


_CATALOG_QUERIES = (
    # (query, progress label) in the order they are queued on their session. The columns, the
    # longest query on the first session and the bulk of the model, come right after the
    # relations; the small lookups (roles, collations, operator classes, parents) follow, cheaper
    # then (a fresh session takes 9 ms to read the roles, 1-2 ms once the columns query has cached
    # the catalogs). The builder waits for the columns before it takes them (assemble.py).
    ("relations", "tables"),
    ("columns", "columns"),
    ("inherits", None),
    ("roles", None),
    ("collations", None),
    ("opclasses", None),
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
_CATALOG_NAMES = tuple(name for name, _label in _CATALOG_QUERIES)
_CATALOG_LABELS = dict(_CATALOG_QUERIES)
