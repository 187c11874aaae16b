"""Usage statistics: counters, sizes, ages and sequence positions, kept apart from structure.

Everything comes from statistics views, size functions and `pg_sequence_last_value` (as the
`pg_sequences` view uses it; read after the snapshot, see sequence_positions.py), never from a user
table, so a role with no SELECT anywhere can run it.
What the role cannot see is left empty and said, one sentence each, in `UsageStats.hidden`: a
permission error or lock timeout in one part only costs that part (the queries run under savepoints,
see reader.py).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import errors

from drift.catalog.reader import QueryResult, QueryRouter, Rows
from drift.catalog.sequence_positions import Positions
from drift.catalog.usage_queries import NO_SIZE, UsageJobs
from drift.model.construct import construct, maker
from drift.model.stats import IndexStats, SequenceUsage, TableStats, UsageStats

TableKey = tuple[str, str]


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

    make_index_stats = maker(IndexStats)
    indexes = [
        make_index_stats(
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
    make_table_stats = maker(TableStats)
    tables = [_table_stats(make_table_stats, row, per_table) for row in table_rows]
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
    rows = queries.take(queries.submit(name, params, optional=True, **{fragment: NO_SIZE}), label)
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


def _table_stats(
    make: Callable[[dict[str, Any]], TableStats],
    row: tuple[Any, ...],
    per_table: dict[TableKey, _IndexTotals],
) -> TableStats:
    (nsp, table, seq_scan, seq_tup_read, live, dead, mod_since_analyze, last_vacuum,
     last_autovacuum, last_analyze, last_autoanalyze, table_bytes, xid_age) = row  # fmt: skip
    indexes = per_table.get((nsp, table), _NO_INDEXES)
    idx_scan = indexes.scans
    total_bytes = None if table_bytes is None or indexes.size is None else table_bytes + indexes.size
    return make(
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
