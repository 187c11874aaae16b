"""Queueing the usage-statistics queries (see usage.py for what becomes of their rows).

Kept apart from usage.py, which builds models, because `reflect` queues these before it imports
the model (drift.model takes a few tens of milliseconds to import; the server works meanwhile).
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from drift.catalog.reader import QueryResult, QueryRouter

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
NO_SIZE = "NULL::int8"


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
