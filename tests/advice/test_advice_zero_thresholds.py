"""Thresholds set to zero are legal settings: the rules must not divide by the figures they gate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from drift.advice import run_advice
from drift.model import Catalog, Column, Schema, Table, TableStats, UsageStats

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_vacuum_stale_with_min_dead_tuples_zero_on_an_empty_table() -> None:
    catalog = Catalog(
        database="app",
        schemas=(
            Schema(name="public", tables=(Table(name="t", columns=(Column(name="id", type="bigint"),)),)),
        ),
    )
    stats = UsageStats(
        collected_at=NOW,
        stats_reset=NOW - timedelta(days=30),
        tables=(TableStats(schema_name="public", table="t", n_live_tup=0, n_dead_tup=0),),
    )
    settings = {"vacuum-stale": {"min_dead_tuples": 0}}
    (found,) = [f for f in run_advice(catalog, stats, settings=settings, now=NOW) if f.rule == "vacuum-stale"]
    assert found.path == ("public", "t")
    assert "not vacuumed in the 30 days" in found.message
