"""Turning the catalog queries' rows into the `Catalog` and the `Snapshot` (reflect.py queues the
queries; this module builds the models from their results).

reflect.py imports this module only once its queries are queued: importing the model takes a few
tens of milliseconds, which the server spends working on the first queries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Future
from datetime import datetime
from typing import Any

from drift import __version__
from drift.catalog.objects import (
    build_domains,
    build_enums,
    build_extensions,
    build_functions,
    build_sequences,
)
from drift.catalog.reader import QueryResult, QueryRouter
from drift.catalog.relation import Lookups
from drift.catalog.tables import RelationRows, build_tables
from drift.model.catalog import Catalog, Schema
from drift.model.construct import construct
from drift.model.snapshot import SNAPSHOT_VERSION, Snapshot
from drift.model.stats import UsageStats

Jobs = dict[str, Future[QueryResult]]


def build_catalog(
    queries: QueryRouter,
    jobs: Jobs,
    labels: Mapping[str, str | None],
    database: str,
    server_version: str,
    schema_rows: list[tuple[Any, ...]],
) -> Catalog:
    def rows(name: str) -> list[tuple[Any, ...]]:
        return queries.take_rows(jobs[name], labels[name])

    def source(name: str) -> Callable[[], list[tuple[Any, ...]]]:
        return lambda: rows(name)

    def referenced(oids: list[int]) -> list[tuple[Any, ...]]:
        return queries.take_rows(queries.submit("referenced_columns", {"oids": oids}))

    # The small lookups below are queued behind the columns, the first session's longest query
    # (reflect.py): waiting for them is waiting for the columns, so the progress line says so.
    queries.take(jobs["columns"], labels["columns"])
    collation_rows = rows("collations")
    lookups = Lookups(
        roles=dict(rows("roles")),
        collations={
            oid: name if nsp == "pg_catalog" else f"{nsp}.{name}" for oid, nsp, name, _ in collation_rows
        },
        opclasses={oid: (name, default) for oid, name, default in rows("opclasses")},
        schema_names={row[0]: row[1] for row in schema_rows},
        collation_keys={row[0]: row[3] for row in collation_rows},
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
        sequences=source("sequences"),
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


def snapshot(catalog: Catalog, stats: UsageStats | None, generated_at: datetime) -> Snapshot:
    """The `Snapshot` of a reflection (`stats` None: statistics not read)."""
    return construct(
        Snapshot,
        {
            "snapshot_version": SNAPSHOT_VERSION,
            "tool_version": __version__,
            "generated_at": generated_at,
            "catalog": catalog,
            "stats": UsageStats() if stats is None else stats,
        },
    )
