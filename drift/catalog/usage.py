"""Usage statistics: counters, sizes, ages and sequence positions, kept apart from structure.

Everything comes from statistics views, size functions and `pg_sequence_last_value` (as the
`pg_sequences` view uses it; read after the snapshot, see sequence_positions.py), never from a user
table, so a role with no SELECT anywhere can run it.
What the role cannot see is left empty and said, one sentence each, in `UsageStats.hidden`: a
permission error or lock timeout in one part only costs that part (the queries run under savepoints,
see reader.py).
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import errors

from drift.catalog.reader import QueryResult, QueryRouter, Rows
from drift.catalog.sequence_positions import Positions
from drift.model.construct import construct
from drift.model.stats import IndexStats, SequenceUsage, TableStats, UsageStats

_EXACT_TABLE_SIZE = "pg_catalog.pg_table_size(c.oid)"
_EXACT_INDEX_SIZE = "pg_catalog.pg_total_relation_size(i.indexrelid)"
# Sizes from relpages: what the last VACUUM / ANALYZE / CREATE INDEX counted. They cost nothing and
# lock nothing, where the size functions open and briefly lock every table and index: about a second
# on 5,000 tables, and each one waits (up to lock_timeout) behind a migration holding its table.
# A table never vacuumed nor analyzed has relpages 0 whatever it holds: measured exactly when there
# are few such tables (%(exact_oids)s, chosen from the relations rows), unknown (NULL) otherwise.
EXACT_SIZE_LIMIT = 1000
_NEVER_VACUUMED = "(c.relkind IN ('r', 'm') AND {{never_vacuumed}})"
_BLOCK = "pg_catalog.current_setting('block_size')::int8"
_ESTIMATED_TABLE_SIZE = (
    f"CASE WHEN c.oid = ANY (%(exact_oids)s::oid[]) THEN {_EXACT_TABLE_SIZE} "
    f"WHEN {_NEVER_VACUUMED} THEN NULL ELSE (c.relpages::int8 + "
    f"coalesce(toast.relpages, 0) + coalesce(toast_index.relpages, 0)) * {_BLOCK} END"
)
_ESTIMATED_INDEX_SIZE = (
    f"CASE WHEN c.oid = ANY (%(exact_oids)s::oid[]) THEN {_EXACT_INDEX_SIZE} "
    f"WHEN {_NEVER_VACUUMED} THEN NULL ELSE ic.relpages::int8 * {_BLOCK} END"
)
_EXACT_DATABASE_SIZE = "pg_catalog.pg_database_size(pg_catalog.current_database())"
_ESTIMATED_DATABASE_SIZE = f"(SELECT sum(relpages)::int8 * {_BLOCK} FROM pg_catalog.pg_class)"
_NO_SIZE = "NULL::int8"

TableKey = tuple[str, str]


@dataclass
class UsageJobs:
    """The statistics queries, submitted; `build_usage` takes their results."""

    params: dict[str, Any]
    notes: list[str]
    database: Future[QueryResult]
    database_size: Future[QueryResult]
    indexes: Future[QueryResult]
    tables: Future[QueryResult]
    sequences: Future[QueryResult]


def submit_usage(
    queries: QueryRouter, schema_oids: list[int], never_vacuumed: list[int], *, exact_sizes: bool = False
) -> UsageJobs:
    """Queue the statistics queries of the chosen schemas. Sizes come from relpages (as of the last
    VACUUM or ANALYZE) unless `exact_sizes`; tables never vacuumed nor analyzed (`never_vacuumed`,
    oids) are measured exactly when there are at most EXACT_SIZE_LIMIT of them."""
    notes = []
    exact_oids = sorted(never_vacuumed)
    if len(exact_oids) > EXACT_SIZE_LIMIT and not exact_sizes:
        notes.append(
            f"The size of {len(exact_oids)} tables is unknown: they were never vacuumed nor analyzed "
            "(run ANALYZE, or ask for exact sizes)."
        )
        exact_oids = []
    by_schema = {"schema_oids": schema_oids, "exact_oids": exact_oids}
    table_size = _EXACT_TABLE_SIZE if exact_sizes else _ESTIMATED_TABLE_SIZE
    index_size = _EXACT_INDEX_SIZE if exact_sizes else _ESTIMATED_INDEX_SIZE
    database_size = _EXACT_DATABASE_SIZE if exact_sizes else _ESTIMATED_DATABASE_SIZE
    return UsageJobs(
        params=by_schema,
        notes=notes,
        database=queries.submit("stats_database"),
        database_size=queries.submit("stats_database_size", optional=True, database_size=database_size),
        indexes=queries.submit("stats_indexes", by_schema, optional=True, index_size=index_size),
        tables=queries.submit("stats_tables", by_schema, optional=True, table_size=table_size),
        sequences=queries.submit("stats_sequences", by_schema, optional=True),
    )


def build_usage(queries: QueryRouter, jobs: UsageJobs) -> tuple[UsageStats, SequenceRows]:
    """The statistics without sequence positions, and the sequences whose positions
    `add_sequence_usage` reads once the snapshot transaction has ended."""
    hidden: list[str] = list(jobs.notes)
    database = queries.take_rows(jobs.database, "statistics")[0]
    collected_at, postmaster_start, stats_reset, xid_age, track_counts = database
    if not track_counts:
        hidden.append("track_counts is off on this server, so scan and tuple counters stay at zero.")

    database_bytes: int | None = None
    size = queries.take(jobs.database_size)
    if isinstance(size, psycopg.Error):
        hidden.append(f"The database size is hidden from this role ({_reason(size)}).")
    else:
        database_bytes = size[0][0]

    index_rows = _sized_rows(
        queries, jobs.indexes, "stats_indexes", jobs.params, "index_size", "Index", hidden
    )
    table_rows = _sized_rows(queries, jobs.tables, "stats_tables", jobs.params, "table_size", "Table", hidden)
    sequence_rows = queries.take(jobs.sequences, "sequences")
    if isinstance(sequence_rows, psycopg.Error):
        hidden.append(f"Sequence positions are hidden from this role ({_reason(sequence_rows)}).")
        sequence_rows = []

    indexes = [
        construct(
            IndexStats,
            {
                "schema_name": nsp,
                "table": table,
                "index": index,
                "idx_scan": scans,
                "idx_tup_read": tup_read,
                "size_bytes": size_bytes,
            },
        )
        for nsp, table, index, scans, tup_read, size_bytes in index_rows
    ]
    indexes.sort(key=lambda i: (i.schema_name, i.table, i.index))

    # As pg_stat_user_tables and pg_total_relation_size define them: a table's idx_scan is the sum
    # over its indexes (None without indexes); its total size is pg_table_size plus every index.
    per_table: dict[TableKey, _IndexTotals] = {}
    for i in indexes:
        per_table.setdefault((i.schema_name, i.table), _IndexTotals()).add(i)
    tables = [_table_stats(row, per_table) for row in table_rows]
    tables.sort(key=lambda t: (t.schema_name, t.table))
    if any(t.seq_scan is None for t in tables):
        hidden.append(
            "Scan and tuple counters are missing for some tables: no statistics row is visible "
            "to this role for them."
        )

    stats = construct(
        UsageStats,
        {
            "collected_at": collected_at,
            "stats_reset": stats_reset,
            "postmaster_start": postmaster_start,
            "database_bytes": database_bytes,
            "database_xid_age": xid_age,
            "tables": tuple(tables),
            "indexes": tuple(indexes),
            "sequences": (),  # add_sequence_usage fills them in
            "hidden": tuple(hidden),
        },
    )
    return stats, SequenceRows(sequence_rows)


def _sized_rows(
    queries: QueryRouter,
    job: Future[QueryResult],
    name: str,
    params: dict[str, Any],
    fragment: str,
    noun: str,
    hidden: list[str],
) -> Rows:
    """The rows of `job`; if a size function hit a lock held past lock_timeout (a migration) or a
    permission wall, the same query again without sizes; no rows if even that fails."""
    label = f"{noun.lower()} statistics"
    rows = queries.take(job, label)
    if not isinstance(rows, psycopg.Error):
        return rows
    if isinstance(rows, errors.LockNotAvailable):
        why = "another session held a lock on one of them past lock_timeout"
    else:
        why = _reason(rows)
    hidden.append(f"{noun} sizes were not read: {why}.")
    rows = queries.take(queries.submit(name, params, optional=True, **{fragment: _NO_SIZE}), label)
    if isinstance(rows, psycopg.Error):
        hidden.append(f"{noun} statistics are hidden from this role ({_reason(rows)}).")
        return []
    return rows


class _IndexTotals:
    __slots__ = ("scans", "size")

    def __init__(self) -> None:
        self.scans: int | None = 0
        self.size: int | None = 0

    def add(self, index: IndexStats) -> None:
        if self.scans is not None:
            self.scans = None if index.idx_scan is None else self.scans + index.idx_scan
        if self.size is not None:
            self.size = None if index.size_bytes is None else self.size + index.size_bytes


_NO_INDEXES = _IndexTotals()
_NO_INDEXES.scans = None


def _table_stats(row: tuple[Any, ...], per_table: dict[TableKey, _IndexTotals]) -> TableStats:
    (nsp, table, seq_scan, seq_tup_read, live, dead, mod_since_analyze, last_vacuum,
     last_autovacuum, last_analyze, last_autoanalyze, table_bytes, xid_age) = row  # fmt: skip
    indexes = per_table.get((nsp, table), _NO_INDEXES)
    idx_scan = indexes.scans
    total_bytes = None if table_bytes is None or indexes.size is None else table_bytes + indexes.size
    return construct(
        TableStats,
        {
            "schema_name": nsp,
            "table": table,
            "seq_scan": seq_scan,
            "seq_tup_read": seq_tup_read,
            "idx_scan": idx_scan,
            "n_live_tup": live,
            "n_dead_tup": dead,
            "n_mod_since_analyze": mod_since_analyze,
            "last_vacuum": last_vacuum,
            "last_autovacuum": last_autovacuum,
            "last_analyze": last_analyze,
            "last_autoanalyze": last_autoanalyze,
            "total_bytes": total_bytes,
            "table_bytes": table_bytes,
            "xid_age": xid_age,
        },
    )


@dataclass(frozen=True)
class SequenceRows:
    """The rows of stats_sequences.sql: oid, schema, name, type, bounds, increment, visible, and
    the last value where the server could read it inside the snapshot (PostgreSQL 18+)."""

    rows: Rows

    def positions(self) -> Positions:
        """The positions read with the rows (PostgreSQL 18+, sequences this role may SELECT)."""
        return Positions(values={row[0]: row[9] for row in self.rows if row[8]})

    @property
    def unread_oids(self) -> list[int]:
        """The visible sequences whose positions were not read with the rows."""
        return [row[0] for row in self.rows if row[7] and not row[8]]


def add_sequence_usage(stats: UsageStats, sequences: SequenceRows, positions: Positions) -> UsageStats:
    """`stats` with the sequences' usage: their positions (read after the snapshot, see
    sequence_positions.py) against their bounds, and notes on what stayed unknown."""
    usage = []
    not_visible = 0
    for oid, nsp, name, data_type, min_value, max_value, increment, visible, _, _ in sequences.rows:
        not_visible += not visible
        usage.append(
            construct(
                SequenceUsage,
                {
                    "schema_name": nsp,
                    "name": name,
                    "data_type": data_type,
                    "last_value": positions.values.get(oid) if visible else None,
                    "min_value": min_value,
                    "max_value": max_value,
                    "increment": increment,
                },
            )
        )
    usage.sort(key=lambda s: (s.schema_name, s.name))
    hidden = list(stats.hidden)
    if not_visible:
        many = not_visible > 1
        hidden.append(
            f"The last value of {not_visible} sequence{'s' if many else ''} is hidden: this role "
            f"has neither SELECT nor USAGE on {'them' if many else 'it'}."
        )
    hidden.extend(positions.notes)
    return stats.model_copy(update={"sequences": tuple(usage), "hidden": tuple(hidden)})


def _reason(exc: psycopg.Error) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
