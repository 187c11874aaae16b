"""The 'largest and busiest' sections: top tables and indexes by size, scans and dead tuples.

Statistics are counters since the last reset, so every list is labelled with that age by the
renderers (formatting.statistics_age); here we only pick and order rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from drift.model import UsageStats

TOP_N = 10


@dataclass(frozen=True)
class TableUsage:
    schema: str
    table: str
    total_bytes: int | None
    live_tuples: int | None
    dead_tuples: int | None
    seq_scan: int | None
    idx_scan: int | None
    last_vacuum: datetime | None
    last_analyze: datetime | None

    @property
    def name(self) -> str:
        return f"{self.schema}.{self.table}"

    @property
    def scans(self) -> int:
        return (self.seq_scan or 0) + (self.idx_scan or 0)

    @property
    def dead_ratio(self) -> float | None:
        if self.dead_tuples is None or not ((self.live_tuples or 0) + self.dead_tuples):
            return None
        return self.dead_tuples / ((self.live_tuples or 0) + self.dead_tuples)


@dataclass(frozen=True)
class IndexUsage:
    schema: str
    table: str
    index: str
    size_bytes: int | None
    idx_scan: int | None

    @property
    def table_name(self) -> str:
        return f"{self.schema}.{self.table}"


@dataclass(frozen=True)
class UsageTops:
    largest_tables: tuple[TableUsage, ...]
    busiest_tables: tuple[TableUsage, ...]
    most_dead_tuples: tuple[TableUsage, ...]
    largest_indexes: tuple[IndexUsage, ...]

    @property
    def empty(self) -> bool:
        return not (self.largest_tables or self.busiest_tables or self.largest_indexes)


def _latest(*values: datetime | None) -> datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def table_usage(stats: UsageStats) -> list[TableUsage]:
    return [
        TableUsage(
            schema=t.schema_name,
            table=t.table,
            total_bytes=t.total_bytes,
            live_tuples=t.n_live_tup,
            dead_tuples=t.n_dead_tup,
            seq_scan=t.seq_scan,
            idx_scan=t.idx_scan,
            last_vacuum=_latest(t.last_vacuum, t.last_autovacuum),
            last_analyze=_latest(t.last_analyze, t.last_autoanalyze),
        )
        for t in stats.tables
    ]


def usage_tops(stats: UsageStats | None, n: int = TOP_N) -> UsageTops:
    """The top `n` of each list; ties are broken by name so the output is stable."""
    if stats is None:
        return UsageTops((), (), (), ())
    tables = table_usage(stats)
    largest = sorted(
        (t for t in tables if t.total_bytes is not None), key=lambda t: (-(t.total_bytes or 0), t.name)
    )
    busiest = sorted((t for t in tables if t.scans > 0), key=lambda t: (-t.scans, t.name))
    dead = sorted(
        (t for t in tables if (t.dead_tuples or 0) > 0), key=lambda t: (-(t.dead_tuples or 0), t.name)
    )
    indexes = sorted(
        (
            IndexUsage(i.schema_name, i.table, i.index, i.size_bytes, i.idx_scan)
            for i in stats.indexes
            if i.size_bytes is not None
        ),
        key=lambda i: (-(i.size_bytes or 0), i.schema, i.table, i.index),
    )
    return UsageTops(tuple(largest[:n]), tuple(busiest[:n]), tuple(dead[:n]), tuple(indexes[:n]))
