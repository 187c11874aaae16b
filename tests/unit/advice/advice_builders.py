"""Small builders for hand-made catalogs and statistics in the advice unit tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from drift.advice import run_advice
from drift.model import (
    Catalog,
    Column,
    Finding,
    ForeignKey,
    Index,
    IndexStats,
    PrimaryKey,
    Schema,
    Table,
    TableStats,
    UsageStats,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def col(name: str, type: str = "integer", **kw: Any) -> Column:
    return Column(name=name, type=type, **kw)


def table(name: str, *columns: Column | str, pk: str | tuple[str, ...] | None = "id", **kw: Any) -> Table:
    cols = [c if isinstance(c, Column) else col(c) for c in columns]
    for i, c in enumerate(cols, start=1):
        cols[i - 1] = c.model_copy(update={"position": i})
    extra: dict[str, Any] = {}
    indexes = list(kw.pop("indexes", ()))
    if pk is not None:
        pk_cols = (pk,) if isinstance(pk, str) else pk
        extra["primary_key"] = PrimaryKey(name=f"{name}_pkey", columns=pk_cols)
        indexes.append(Index(name=f"{name}_pkey", keys=pk_cols, unique=True, constraint=f"{name}_pkey"))
    return Table(name=name, columns=tuple(cols), indexes=tuple(indexes), **extra, **kw)


def fk(
    name: str, columns: tuple[str, ...], ref_table: str, ref_columns: tuple[str, ...] = ("id",), **kw: Any
) -> ForeignKey:
    return ForeignKey(
        name=name, columns=columns, ref_schema="public", ref_table=ref_table, ref_columns=ref_columns, **kw
    )


def catalog(*tables: Table, **schema_kw: Any) -> Catalog:
    return Catalog(database="app", schemas=(Schema(name="public", tables=tables, **schema_kw),))


def stats(
    *,
    age_days: float = 30.0,
    tables: tuple[TableStats, ...] = (),
    indexes: tuple[IndexStats, ...] = (),
    **kw: Any,
) -> UsageStats:
    return UsageStats(
        collected_at=NOW,
        stats_reset=NOW - timedelta(days=age_days),
        tables=tables,
        indexes=indexes,
        **kw,
    )


def tstats(name: str, **kw: Any) -> TableStats:
    return TableStats(schema_name="public", table=name, **kw)


def istats(table_name: str, index: str, **kw: Any) -> IndexStats:
    return IndexStats(schema_name="public", table=table_name, index=index, **kw)


def run(
    cat: Catalog, st: UsageStats | None = None, rule: str | None = None, **settings: Any
) -> list[Finding]:
    """Run the advice; with `rule`, only that rule's findings (and its settings from kwargs)."""
    conf: dict[str, dict[str, Any]] = {}
    if rule is not None and settings:
        conf[rule] = settings
    found = run_advice(cat, st, settings=conf, now=NOW)
    return [f for f in found if rule is None or f.rule == rule]


def paths(findings: list[Finding]) -> list[tuple[str, ...]]:
    return [f.path for f in findings]
