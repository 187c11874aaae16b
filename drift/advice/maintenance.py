"""Rules on how the tables are used and kept: `vacuum-stale`, `seq-scan-heavy`.

Both read pg_stat_user_tables figures, which count since the last statistics reset; every finding
carries that window so a reader can tell "3 hours of traffic" from "3 months".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from drift.advice.rule import RuleContext
from drift.advice.sqltext import pretty_bytes, qualified
from drift.model import Finding, TableStats

# --- vacuum-stale ------------------------------------------------------------------------------


def _days_since(ctx: RuleContext, *moments: datetime | None) -> float | None:
    """Days since the latest of `moments` (manual or auto), None when there is none."""
    seen = [m for m in moments if m is not None]
    if not seen:
        return None
    latest = max(seen)
    return max(0.0, (ctx.window.measured_at - latest).total_seconds() / 86400)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def check_vacuum_stale(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.stats is None:
        return
    for schema, table in ctx.user_tables("table", "materialized_view"):
        st = ctx.table_stats(schema.name, table.name)
        if st is None:
            continue
        vacuum, analyze, freeze = (
            _vacuum_reasons(ctx, st),
            _analyze_reasons(ctx, st),
            _freeze_reasons(ctx, st),
        )
        if vacuum or analyze or freeze:
            yield _vacuum_finding(ctx, st, vacuum, analyze, freeze)
    yield from _database_xid_age(ctx)


def _vacuum_reasons(ctx: RuleContext, st: TableStats) -> list[str]:
    reasons: list[str] = []
    live, dead = st.n_live_tup or 0, st.n_dead_tup or 0
    if dead >= ctx.integer("min_dead_tuples"):
        vacuum_days = _days_since(ctx, st.last_vacuum, st.last_autovacuum)
        window_days = ctx.window.age_days
        ratio = dead / (live + dead) if live + dead else 0.0  # min_dead_tuples = 0 on an empty table
        if ratio >= ctx.number("max_dead_ratio"):
            reasons.append(f"has {dead:,} dead rows ({ratio:.0%} of all rows) waiting for VACUUM")
        max_days = ctx.number("max_days_since_vacuum")
        if vacuum_days is not None and vacuum_days >= max_days:
            reasons.append(f"was last vacuumed {vacuum_days:.0f} days ago, with {dead:,} dead rows since")
        elif vacuum_days is None and window_days is not None and window_days >= max_days:
            reasons.append(
                f"was not vacuumed in the {window_days:.0f} days the statistics cover, with {dead:,} "
                "dead rows"
            )
    return reasons


def _analyze_reasons(ctx: RuleContext, st: TableStats) -> list[str]:
    reasons: list[str] = []
    live, mods = st.n_live_tup or 0, st.n_mod_since_analyze or 0
    if mods >= ctx.integer("min_mod_since_analyze") and mods >= ctx.number("max_mod_ratio") * live:
        analyze_days = _days_since(ctx, st.last_analyze, st.last_autoanalyze)
        if not live:
            share = "on a table with no live rows"
        elif mods > live:
            share = f"{mods / live:.1f} times its {live:,} live rows"
        else:
            share = f"{mods / live:.0%} of its rows"
        if analyze_days is None:
            reasons.append(
                f"was not analyzed since the statistics began although {mods:,} rows ({share}) "
                "changed, so the planner works from missing or stale estimates"
            )
        elif analyze_days >= ctx.number("max_days_since_analyze"):
            reasons.append(
                f"was last analyzed {analyze_days:.1f} days ago and {mods:,} rows ({share}) changed "
                "since, so the planner works from stale estimates"
            )
    return reasons


def _freeze_reasons(ctx: RuleContext, st: TableStats) -> list[str]:
    if st.xid_age is None or st.xid_age < ctx.integer("max_xid_age"):
        return []
    return [
        f"has unfrozen transaction IDs {st.xid_age:,} transactions old "
        "(wraparound protection stops writes at about 2 billion)"
    ]


def _vacuum_finding(
    ctx: RuleContext, st: TableStats, vacuum: list[str], analyze: list[str], freeze: list[str]
) -> Finding:
    target = qualified(st.schema_name, st.table)
    reasons = vacuum + analyze + freeze
    if vacuum or freeze:
        fix = f"VACUUM ({'FREEZE, ' if freeze else ''}ANALYZE, VERBOSE) {target};"
    else:
        fix = f"ANALYZE VERBOSE {target};"
    live, dead = st.n_live_tup or 0, st.n_dead_tup or 0
    evidence: dict[str, Any] = {
        "n_live_tup": st.n_live_tup,
        "n_dead_tup": st.n_dead_tup,
        "dead_ratio": round(dead / (live + dead), 3) if live + dead else None,
        "n_mod_since_analyze": st.n_mod_since_analyze,
        "last_vacuum": _iso(st.last_vacuum),
        "last_autovacuum": _iso(st.last_autovacuum),
        "last_analyze": _iso(st.last_analyze),
        "last_autoanalyze": _iso(st.last_autoanalyze),
        "days_since_vacuum": _round(_days_since(ctx, st.last_vacuum, st.last_autovacuum)),
        "days_since_analyze": _round(_days_since(ctx, st.last_analyze, st.last_autoanalyze)),
        "xid_age": st.xid_age,
        "reasons": reasons,
        **ctx.window.evidence(),
    }
    return ctx.finding(
        object_type="table",
        path=(st.schema_name, st.table),
        message=(
            f"Table {st.schema_name}.{st.table} {'; '.join(reasons)}. If autovacuum is on, check "
            "what holds it back (long transactions, replication slots, cost limits) as well as "
            "running the fix."
        ),
        evidence=evidence,
        fix=fix,
    )


def _database_xid_age(ctx: RuleContext) -> Iterator[Finding]:
    stats = ctx.stats
    if stats is None or stats.database_xid_age is None:
        return
    if stats.database_xid_age < ctx.integer("max_xid_age"):
        return
    name = ctx.catalog.database or "database"
    yield ctx.finding(
        object_type="database",
        path=(name,),
        message=(
            f"Database {name} is {stats.database_xid_age:,} transactions from its oldest unfrozen "
            "transaction ID (wraparound protection stops writes at about 2 billion). Find the "
            "relations holding it back, system catalogs and TOAST tables included, and VACUUM FREEZE them."
        ),
        evidence={"database_xid_age": stats.database_xid_age, **ctx.window.evidence()},
        fix=(
            "-- the relations with the oldest relfrozenxid:\n"
            "SELECT c.oid::regclass, age(c.relfrozenxid) FROM pg_class c "
            "WHERE c.relkind IN ('r', 't', 'm') ORDER BY 2 DESC LIMIT 20;"
        ),
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# --- seq-scan-heavy ----------------------------------------------------------------------------


def check_seq_scan_heavy(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.stats is None:
        return
    min_rows = ctx.integer("min_rows")
    min_share = ctx.number("min_seq_scan_share")
    min_read = ctx.integer("min_seq_tup_read")
    for schema, table in ctx.user_tables("table", "materialized_view"):
        st = ctx.table_stats(schema.name, table.name)
        if st is None or not st.seq_scan:
            continue
        rows, seq, idx, read = st.n_live_tup or 0, st.seq_scan, st.idx_scan or 0, st.seq_tup_read or 0
        share = seq / (seq + idx)
        if rows < min_rows or share < min_share or read < min_read:
            continue
        indexes = ctx.indexes_of(table)
        unindexed = [fk.name for fk in table.foreign_keys if not indexes.covering(fk.columns)]
        message = (
            f"Table {schema.name}.{table.name} ({rows:,} rows, {pretty_bytes(st.table_bytes)}) was read "
            f"by {seq:,} sequential scans ({share:.0%} of its scans), {read:,} rows in all, over "
            f"{ctx.window.describe()}. Queries that filter or join it probably lack an index: find "
            "them in pg_stat_statements and check their plans with EXPLAIN."
        )
        if unindexed:
            message += f" Its foreign keys without an index ({', '.join(unindexed)}) are candidates."
        yield ctx.finding(
            object_type="table",
            path=(schema.name, table.name),
            message=message,
            evidence={
                "seq_scan": seq,
                "idx_scan": st.idx_scan,
                "seq_scan_share": round(share, 3),
                "seq_tup_read": read,
                "avg_rows_per_seq_scan": read // seq,
                "n_live_tup": st.n_live_tup,
                "table_bytes": st.table_bytes,
                "unindexed_foreign_keys": unindexed,
                **ctx.window.evidence(),
            },
        )
