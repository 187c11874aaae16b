"""Usage statistics: counters, sizes, ages and sequence positions, kept apart from structure.

Everything comes from statistics views and size functions, never from a user table or sequence,
so a role with no SELECT anywhere can run it. What the role cannot see is left empty and said, one
sentence each, in `UsageStats.hidden`: a permission error or lock timeout in one part only costs
that part (the queries run under savepoints, see reader.py).
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import errors

from drift.catalog.construct import construct
from drift.catalog.reader import CatalogReader, Rows
from drift.model.stats import IndexStats, SequenceUsage, TableStats, UsageStats

_TABLE_SIZES = (
    "pg_catalog.pg_total_relation_size(c.oid) AS total_bytes, pg_catalog.pg_table_size(c.oid) AS table_bytes"
)
_NO_TABLE_SIZES = "NULL::int8 AS total_bytes, NULL::int8 AS table_bytes"
_INDEX_SIZE = "pg_catalog.pg_relation_size(i.indexrelid)"
_NO_INDEX_SIZE = "NULL::int8"


def read_usage(reader: CatalogReader, schema_oids: list[int]) -> UsageStats:
    hidden: list[str] = []
    by_schema = {"schema_oids": schema_oids}

    collected_at, postmaster_start, stats_reset, xid_age, track_counts = reader.rows(
        "stats_database", label="statistics"
    )[0]
    if not track_counts:
        hidden.append("track_counts is off on this server, so scan and tuple counters stay at zero.")

    database_bytes: int | None = None
    size = reader.try_rows("stats_database_size")
    if isinstance(size, psycopg.Error):
        hidden.append(f"The database size is hidden from this role ({_reason(size)}).")
    else:
        database_bytes = size[0][0]

    table_rows = _with_size_fallback(
        reader, "stats_tables", by_schema, "sizes", _TABLE_SIZES, _NO_TABLE_SIZES, "Table", hidden
    )
    index_rows = _with_size_fallback(
        reader, "stats_indexes", by_schema, "size", _INDEX_SIZE, _NO_INDEX_SIZE, "Index", hidden
    )
    sequence_rows = reader.try_rows("stats_sequences", by_schema, label="sequence positions")
    if isinstance(sequence_rows, psycopg.Error):
        hidden.append(f"Sequence positions are hidden from this role ({_reason(sequence_rows)}).")
        sequence_rows = []

    tables = sorted((_table_stats(row) for row in table_rows), key=lambda t: (t.schema_name, t.table))
    if any(t.seq_scan is None for t in tables):
        hidden.append(
            "Scan and tuple counters are missing for some tables (no statistics row is visible "
            "to this role for them)."
        )
    indexes = sorted(
        (
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
        ),
        key=lambda i: (i.schema_name, i.table, i.index),
    )
    sequences = []
    not_visible = 0
    for nsp, name, data_type, last_value, min_value, max_value, increment, visible in sequence_rows:
        not_visible += not visible
        sequences.append(
            construct(
                SequenceUsage,
                {
                    "schema_name": nsp,
                    "name": name,
                    "data_type": data_type,
                    "last_value": last_value if visible else None,
                    "min_value": min_value,
                    "max_value": max_value,
                    "increment": increment,
                },
            )
        )
    sequences.sort(key=lambda s: (s.schema_name, s.name))
    if not_visible:
        noun = "sequence" if not_visible == 1 else "sequences"
        hidden.append(
            f"The last value of {not_visible} {noun} is hidden: this role has neither SELECT "
            f"nor USAGE on {'it' if not_visible == 1 else 'them'}."
        )

    return construct(
        UsageStats,
        {
            "collected_at": collected_at,
            "stats_reset": stats_reset,
            "postmaster_start": postmaster_start,
            "database_bytes": database_bytes,
            "database_xid_age": xid_age,
            "tables": tuple(tables),
            "indexes": tuple(indexes),
            "sequences": tuple(sequences),
            "hidden": tuple(hidden),
        },
    )


def _with_size_fallback(
    reader: CatalogReader,
    name: str,
    params: dict[str, Any],
    fragment: str,
    with_sizes: str,
    without_sizes: str,
    noun: str,
    hidden: list[str],
) -> Rows:
    """Rows of `name` with sizes; without them if a size function hit a lock held past
    lock_timeout (a migration) or a permission wall; without the whole part if even that fails."""
    label = f"{noun.lower()} statistics"
    rows = reader.try_rows(name, params, label=label, **{fragment: with_sizes})
    if not isinstance(rows, psycopg.Error):
        return rows
    why = (
        "another session held a lock past lock_timeout"
        if isinstance(rows, errors.LockNotAvailable)
        else _reason(rows)
    )
    hidden.append(f"{noun} sizes were not read: {why}.")
    rows = reader.try_rows(name, params, label=label, **{fragment: without_sizes})
    if isinstance(rows, psycopg.Error):
        hidden.append(f"{noun} statistics are hidden from this role ({_reason(rows)}).")
        return []
    return rows


def _table_stats(row: tuple[Any, ...]) -> TableStats:
    (
        nsp,
        table,
        seq_scan,
        seq_tup_read,
        idx_scan,
        live,
        dead,
        mod_since_analyze,
        last_vacuum,
        last_autovacuum,
        last_analyze,
        last_autoanalyze,
        total_bytes,
        table_bytes,
        xid_age,
    ) = row
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


def _reason(exc: psycopg.Error) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
