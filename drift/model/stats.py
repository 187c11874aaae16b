"""Usage statistics: how the database is used, kept apart from what it is.

Structure (`Catalog`) is compared between sources; statistics are only read by the health rules, the
report and the TUI. Every figure counts since `stats_reset`, so readers can say how old the evidence is.
A role that cannot see some statistics gets what it can see; `hidden` says what was not visible.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from drift.model.base import FrozenModel


class TableStats(FrozenModel):
    schema_name: str
    table: str
    seq_scan: int | None = None
    seq_tup_read: int | None = None
    idx_scan: int | None = None
    n_live_tup: int | None = None
    n_dead_tup: int | None = None
    n_mod_since_analyze: int | None = None
    last_vacuum: datetime | None = None
    last_autovacuum: datetime | None = None
    last_analyze: datetime | None = None
    last_autoanalyze: datetime | None = None
    total_bytes: int | None = Field(
        default=None, description="Table, TOAST and indexes; from page counts unless measured exactly."
    )
    table_bytes: int | None = Field(
        default=None, description="Table and TOAST; from page counts unless measured exactly."
    )
    xid_age: int | None = Field(default=None, description="age(relfrozenxid)")


class IndexStats(FrozenModel):
    schema_name: str
    table: str
    index: str
    idx_scan: int | None = None
    idx_tup_read: int | None = None
    size_bytes: int | None = None


class SequenceUsage(FrozenModel):
    schema_name: str
    name: str
    data_type: str
    last_value: int | None = Field(
        default=None, description="None when never used or not visible to this role."
    )
    min_value: int
    max_value: int
    increment: int = 1

    @property
    def fraction_used(self) -> float | None:
        """Share of the sequence's range consumed, in the direction it moves."""
        if self.last_value is None:
            return None
        span = self.max_value - self.min_value
        if span <= 0:
            return None
        if self.increment >= 0:
            return (self.last_value - self.min_value) / span
        return (self.max_value - self.last_value) / span


class UsageStats(FrozenModel):
    collected_at: datetime | None = None
    stats_reset: datetime | None = Field(
        default=None, description="When the database's statistics were last reset (None: never)."
    )
    postmaster_start: datetime | None = None
    database_bytes: int | None = None
    database_xid_age: int | None = Field(default=None, description="age(datfrozenxid)")
    tables: tuple[TableStats, ...] = ()
    indexes: tuple[IndexStats, ...] = ()
    sequences: tuple[SequenceUsage, ...] = ()
    hidden: tuple[str, ...] = Field(
        default=(), description="What this role could not see, one sentence each."
    )

    def get_table(self, schema: str, table: str) -> TableStats | None:
        for t in self.tables:
            if t.schema_name == schema and t.table == table:
                return t
        return None
