"""How an object is used, from `UsageStats`: sizes, scans, dead tuples, maintenance times.

Ages are measured against the time the statistics were collected (not "now"), so a snapshot reads
the same tomorrow and the screen is deterministic in tests.
"""

from __future__ import annotations

from datetime import datetime

from drift.model import UsageStats
from drift.report.formatting import format_when, human_bytes, human_count, statistics_age


def age(when: datetime | None, now: datetime | None) -> str:
    """'2024-05-01 12:00 UTC (3d ago)', 'never', or the bare time when the collection time is unknown
    (times in UTC, as the reports write them)."""
    if when is None:
        return "never"
    stamp = format_when(when)
    if now is None:
        return stamp
    seconds = (now - when).total_seconds()
    if seconds < 0:
        return stamp
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{stamp} ({int(seconds // size)}{unit} ago)"
    return f"{stamp} (just now)"


def _latest(a: datetime | None, b: datetime | None) -> tuple[datetime | None, str]:
    if a is None and b is None:
        return None, ""
    if b is None or (a is not None and a >= b):
        return a, ""
    return b, " auto"


def usage_rows(
    stats: UsageStats, path: tuple[str, ...], highlight_index: str | None = None
) -> list[tuple[str, str]]:
    """(label, value) rows for the table at path[:2]: size, scans, tuples, maintenance, indexes."""
    if len(path) >= 2:
        seq = next((s for s in stats.sequences if (s.schema_name, s.name) == path[:2]), None)
        if seq is not None:
            frac = seq.fraction_used
            used = "never used" if frac is None else f"{frac:.1%} of range used"
            return [("last value", human_count(seq.last_value)), ("range", used)]
    if len(path) < 2:
        return []
    ts = stats.get_table(path[0], path[1])
    if ts is None:
        return []
    now = stats.collected_at
    vac, vac_kind = _latest(ts.last_vacuum, ts.last_autovacuum)
    ana, ana_kind = _latest(ts.last_analyze, ts.last_autoanalyze)
    dead = human_count(ts.n_dead_tup)
    if ts.n_dead_tup and ts.n_live_tup:
        dead += f" ({ts.n_dead_tup / (ts.n_live_tup + ts.n_dead_tup):.0%})"
    rows = [
        ("size", f"{human_bytes(ts.total_bytes)} (table {human_bytes(ts.table_bytes)})"),
        ("live rows", human_count(ts.n_live_tup)),
        ("dead rows", dead),
        ("seq scans", human_count(ts.seq_scan)),
        ("index scans", human_count(ts.idx_scan)),
        ("last vacuum" + vac_kind, age(vac, now)),
        ("last analyze" + ana_kind, age(ana, now)),
    ]
    for ix in stats.indexes:
        if (ix.schema_name, ix.table) == path[:2]:
            mark = "▶ " if ix.index == highlight_index else "  "
            rows.append(
                (f"{mark}{ix.index}", f"{human_count(ix.idx_scan)} scans, {human_bytes(ix.size_bytes)}")
            )
    return rows


def stats_note(stats: UsageStats) -> str:
    """Where the figures come from, worded as in the reports: 'statistics since the reset on
    2024-04-01 00:00 UTC (36.4 days)', or since the server start when they were never reset."""
    return f"statistics {statistics_age(stats) or 'since they were last reset'}"
