"""Helpers for the health-rule tests on a real server: reflect, advise, flush statistics, run fixes."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import psycopg

from drift.advice import run_advice
from drift.catalog import reflect
from drift.model import Finding, Snapshot

Conn = psycopg.Connection[Any]


def advise(dsn: str, rule: str, **settings: Any) -> list[Finding]:
    """Reflect the database and run one rule (others too, but only its findings come back)."""
    snap = reflect(dsn)
    conf = {rule: settings} if settings else {}
    return [f for f in run_advice(snap.catalog, snap.stats, settings=conf) if f.rule == rule]


def flush_stats(conn: Conn) -> None:
    """Make this session's pending statistics visible to other sessions now.

    pg_stat_force_next_flush() (PostgreSQL 15+) asks for a flush at the next idle moment, which is
    right after this statement. Before 15 a session sends its counters to the statistics collector
    at the end of a transaction at most every 500 ms: a statement that ends a second later sends
    them.
    """
    if conn.info.server_version >= 150000:
        conn.execute("SELECT pg_stat_force_next_flush()")
        conn.execute("SELECT 1")
    else:
        conn.execute("SELECT pg_sleep(1)")


def wait_for(
    dsn: str, ready: Callable[[Snapshot], bool], *, timeout: float = 15.0, interval: float = 0.2
) -> Snapshot:
    """Reflect until `ready(snapshot)` holds (statistics arrive asynchronously); fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        snap = reflect(dsn)
        if ready(snap):
            return snap
        if time.monotonic() > deadline:
            raise AssertionError(f"statistics did not show up within {timeout}s")
        time.sleep(interval)


def table_stat(snap: Snapshot, table: str, field: str) -> Any:
    st = snap.stats.get_table("public", table)
    return getattr(st, field) if st else None


def index_scans(snap: Snapshot, index: str) -> int | None:
    for ix in snap.stats.indexes:
        if ix.index == index:
            return ix.idx_scan
    return None


def apply_fix(conn: Conn, fix: str | None, **replace: str) -> None:
    """Run a finding's fix SQL statement by statement (CONCURRENTLY cannot run in a transaction
    block), after textual replacements (e.g. the `...` placeholder of a CHECK template)."""
    assert fix, "the finding has no fix"
    for old, new in replace.items():
        fix = fix.replace(old, new)
    statement: list[str] = []
    for line in fix.splitlines():
        if line.lstrip().startswith("--"):
            continue
        statement.append(line)
        if line.rstrip().endswith(";"):
            conn.execute("\n".join(statement).encode())
            statement = []
    assert not statement, f"unterminated statement in fix: {statement}"
