"""Statistics rules on a real server with real workload: queries that use and skip indexes, deletes
that leave dead rows, sequences pushed near their end. Autovacuum is off on the test server, so the
counters only move when a test moves them; statistics arrive asynchronously, so tests poll (bounded).
"""

from __future__ import annotations

import psycopg
import pytest
from advice_live_helpers import Conn, advise, apply_fix, flush_stats, index_scans, table_stat, wait_for

from drift.advice import run_advice


@pytest.fixture
def conn(pg_conn: psycopg.Connection[tuple[object, ...]]) -> Conn:
    return pg_conn


def test_unused_index_fires_and_clears_once_the_index_is_used(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, a int, b int)")
    conn.execute("INSERT INTO t SELECT g, g % 100, g % 7 FROM generate_series(1, 5000) g")
    conn.execute("CREATE INDEX t_a ON t (a)")
    conn.execute("CREATE INDEX t_b ON t (b)")
    conn.execute("ANALYZE t")
    conn.execute("SELECT pg_stat_reset()")  # the window starts now: stats_reset is set
    # Before PostgreSQL 15 the statistics collector applies the reset a moment later.
    wait_for(pg_dsn, lambda s: s.stats.stats_reset is not None)
    young = advise(pg_dsn, "unused-index")
    assert young == [], "statistics younger than min_stats_age_days prove nothing"

    found = advise(pg_dsn, "unused-index", min_stats_age_days=0)
    assert [f.path[2] for f in found] == ["t_a", "t_b"]
    ev = found[0].evidence
    assert ev is not None and ev["idx_scan"] == 0 and ev["size_bytes"] > 0
    assert ev["stats_since_basis"] == "stats_reset" and ev["stats_age_days"] is not None

    conn.execute("SET enable_seqscan = off")
    conn.execute("SELECT count(*) FROM t WHERE a = 5")
    flush_stats(conn)
    wait_for(pg_dsn, lambda s: bool(index_scans(s, "t_a")))
    (still,) = advise(pg_dsn, "unused-index", min_stats_age_days=0)
    assert still.path[2] == "t_b"
    apply_fix(conn, still.fix)
    assert advise(pg_dsn, "unused-index", min_stats_age_days=0) == []


def test_unused_index_keeps_the_only_index_of_a_foreign_key(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE p (id int PRIMARY KEY)")
    conn.execute("CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p)")
    conn.execute("CREATE INDEX c_p_id ON c (p_id)")
    assert advise(pg_dsn, "unused-index", min_stats_age_days=0) == []


def test_seq_scan_heavy_fires_then_clears_when_an_index_takes_over(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE big (id int, v int)")
    conn.execute("INSERT INTO big SELECT g, g FROM generate_series(1, 20000) g")
    for _ in range(30):
        conn.execute("SELECT * FROM big WHERE v = 42")
    flush_stats(conn)
    wait_for(pg_dsn, lambda s: (table_stat(s, "big", "seq_tup_read") or 0) >= 30 * 20000)
    limits = {"min_rows": 10_000, "min_seq_tup_read": 100_000}
    (f,) = advise(pg_dsn, "seq-scan-heavy", **limits)
    assert f.path == ("public", "big")
    assert f.evidence is not None and f.evidence["seq_scan"] >= 30 and f.evidence["seq_scan_share"] == 1.0
    assert f.evidence["n_live_tup"] == 20000

    conn.execute("CREATE INDEX big_v ON big (v)")
    conn.execute("ANALYZE big")
    for i in range(100):
        conn.execute("SELECT * FROM big WHERE v = %s", (i,))
    flush_stats(conn)
    wait_for(pg_dsn, lambda s: (table_stat(s, "big", "idx_scan") or 0) >= 100)
    assert advise(pg_dsn, "seq-scan-heavy", **limits) == []


def test_vacuum_stale_fires_on_dead_rows_and_clears_after_vacuum(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE churn (id int PRIMARY KEY, v text)")
    conn.execute("INSERT INTO churn SELECT g, 'x' FROM generate_series(1, 20000) g")
    conn.execute("DELETE FROM churn WHERE id > 5000")
    flush_stats(conn)
    wait_for(pg_dsn, lambda s: (table_stat(s, "churn", "n_dead_tup") or 0) >= 15000)
    (f,) = advise(pg_dsn, "vacuum-stale")
    assert f.path == ("public", "churn")
    ev = f.evidence
    assert ev is not None and ev["n_dead_tup"] == 15000 and ev["n_live_tup"] == 5000
    assert ev["dead_ratio"] == 0.75 and ev["last_autovacuum"] is None
    assert any("dead rows" in r for r in ev["reasons"])
    assert f.fix == "VACUUM (ANALYZE, VERBOSE) public.churn;"
    apply_fix(conn, f.fix)
    flush_stats(conn)
    wait_for(pg_dsn, lambda s: table_stat(s, "churn", "n_dead_tup") == 0)
    assert advise(pg_dsn, "vacuum-stale") == []


def test_vacuum_stale_stale_analyze_and_xid_age(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE fresh (id int PRIMARY KEY)")
    conn.execute("INSERT INTO fresh SELECT generate_series(1, 12000)")
    flush_stats(conn)
    wait_for(pg_dsn, lambda s: (table_stat(s, "fresh", "n_mod_since_analyze") or 0) >= 12000)
    (f,) = advise(pg_dsn, "vacuum-stale")
    assert f.fix == "ANALYZE VERBOSE public.fresh;"
    assert "not analyzed" in f.message
    apply_fix(conn, f.fix)
    flush_stats(conn)
    wait_for(pg_dsn, lambda s: table_stat(s, "fresh", "n_mod_since_analyze") == 0)
    assert advise(pg_dsn, "vacuum-stale") == []

    for _ in range(3):
        conn.execute("SELECT txid_current()")  # age the table's relfrozenxid by a few transactions
    snap = wait_for(pg_dsn, lambda s: (table_stat(s, "fresh", "xid_age") or 0) >= 3)
    age = table_stat(snap, "fresh", "xid_age")
    # The database's own datfrozenxid is older than `age` too: that is a finding of its own.
    found = advise(pg_dsn, "vacuum-stale", max_xid_age=age)
    (database,) = [f for f in found if f.object_type == "database"]
    assert database.evidence is not None and database.evidence["database_xid_age"] >= age
    (old,) = [f for f in found if f.object_type == "table"]
    assert old.fix == "VACUUM (FREEZE, ANALYZE, VERBOSE) public.fresh;"
    assert old.evidence is not None and old.evidence["xid_age"] >= age
    apply_fix(conn, old.fix)
    tables = [f for f in advise(pg_dsn, "vacuum-stale", max_xid_age=age) if f.object_type == "table"]
    assert tables == []


def test_sequence_exhaustion_fires_then_clears(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE orders (id serial PRIMARY KEY)")
    conn.execute("CREATE TABLE lines (id int PRIMARY KEY, order_id int REFERENCES orders)")
    conn.execute("CREATE SEQUENCE wide AS bigint")
    conn.execute("CREATE TABLE legacy (id integer PRIMARY KEY DEFAULT nextval('wide'))")
    conn.execute("CREATE SEQUENCE fine")
    conn.execute("SELECT setval('orders_id_seq', 1900000000), setval('wide', 2000000000), nextval('fine')")
    found = advise(pg_dsn, "sequence-exhaustion")
    assert [f.path for f in found] == [("public", "orders_id_seq"), ("public", "wide")]
    orders, wide = found
    assert orders.evidence is not None and orders.evidence["limited_by"] == "sequence"
    assert (
        orders.fix is not None and "ALTER TABLE public.lines ALTER COLUMN order_id TYPE bigint;" in orders.fix
    )
    assert wide.evidence is not None and wide.evidence["limited_by"] == "column public.legacy.id (integer)"
    assert wide.evidence["data_type"] == "bigint"
    for f in found:
        apply_fix(conn, f.fix)
    assert advise(pg_dsn, "sequence-exhaustion") == []
    conn.execute("INSERT INTO orders DEFAULT VALUES")  # still works after the widening


def test_a_role_without_privileges_gets_advice_without_errors(
    pg_dsn: str, conn: Conn, make_role: object
) -> None:
    conn.execute("CREATE TABLE orders (id serial PRIMARY KEY, status text)")
    conn.execute("SELECT setval('orders_id_seq', 2000000000)")
    low = make_role("advice_reader")  # type: ignore[operator]
    assert advise(pg_dsn, "sequence-exhaustion") != []
    from drift.catalog import reflect

    snap = reflect(low)
    found = run_advice(snap.catalog, snap.stats)
    assert "status-without-check" in {f.rule for f in found}
    (seq,) = [f for f in found if f.rule == "sequence-exhaustion"]
    # last_value is hidden from this role: no warning, only the integer-column facet
    assert (seq.severity, seq.path) == ("info", ("public", "orders", "id"))
    assert seq.evidence is not None and seq.evidence["last_value"] is None
