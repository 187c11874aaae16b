"""The production-safe session, a role with few privileges, locks held by others, consistency."""

from __future__ import annotations

import threading
import time
from typing import Any

import psycopg
import pytest
from catalog_testing import ReflectSql, hold_lock
from psycopg.conninfo import conninfo_to_dict

from drift.catalog import reflect, reflect_connection
from drift.catalog.connect import connect
from drift.catalog.reader import explain_query_failure
from drift.errors import DriftError

SETUP = """
CREATE SCHEMA app;
CREATE TABLE app.accounts (id serial PRIMARY KEY, balance numeric CHECK (balance >= 0), owner text);
CREATE TABLE app.audit (id bigint GENERATED ALWAYS AS IDENTITY, note text);
CREATE INDEX accounts_owner_idx ON app.accounts (owner);
CREATE VIEW app.rich AS SELECT id FROM app.accounts WHERE balance > 1000;
CREATE SEQUENCE app.ticket;
INSERT INTO app.accounts (balance, owner) VALUES (10, 'a'), (20, 'b');
SELECT nextval('app.ticket');
REVOKE ALL ON SCHEMA public FROM PUBLIC;
"""


def test_session_is_read_only_and_time_bounded(pg_dsn: str) -> None:
    with connect(pg_dsn, statement_timeout=12.5, lock_timeout=0.25) as conn:

        def show(name: str) -> str:
            row = conn.execute(f"SHOW {name}").fetchone()
            assert row is not None
            return str(row[0])

        assert show("default_transaction_read_only") == "on"
        assert show("statement_timeout") == "12500ms"
        assert show("lock_timeout") == "250ms"
        assert show("idle_in_transaction_session_timeout") == "1min"
        assert show("application_name") == "drift"
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("CREATE TABLE nope (id integer)")


def test_statement_timeout_becomes_one_clear_error(pg_dsn: str) -> None:
    with connect(pg_dsn, statement_timeout=0.05) as conn:
        with pytest.raises(psycopg.errors.QueryCanceled) as caught:
            conn.execute("SELECT pg_sleep(2)")
    error = explain_query_failure(caught.value, {"statement_timeout": "50ms"})
    assert "statement_timeout (50ms)" in str(error)
    assert "--statement-timeout" in str(error)


def test_role_without_any_select_can_reflect(
    reflect_sql: ReflectSql, pg_conn: psycopg.Connection[Any], make_role: Any
) -> None:
    superuser = reflect_sql(SETUP)
    dsn = make_role("drift_lowpriv", "s3cret-pw")
    low = reflect(dsn)
    # The structure a role sees in the catalogs does not depend on table privileges.
    assert low.catalog == superuser.catalog
    assert {t.table for t in low.stats.tables} == {"accounts", "audit"}
    accounts = low.stats.get_table("app", "accounts")
    assert accounts is not None and accounts.total_bytes and accounts.total_bytes > 0
    # Sequence positions need SELECT or USAGE on the sequence: hidden, and said so.
    assert {s.name: s.last_value for s in superuser.stats.sequences} == {
        "accounts_id_seq": 2, "audit_id_seq": None, "ticket": 1,
    }  # fmt: skip
    assert all(s.last_value is None for s in low.stats.sequences)
    assert low.stats.hidden == (
        "The last value of 3 sequences is hidden: this role has neither SELECT nor USAGE on them.",
    )
    assert superuser.stats.hidden == ()


def test_role_sees_what_it_is_granted(
    reflect_sql: ReflectSql, pg_conn: psycopg.Connection[Any], make_role: Any
) -> None:
    reflect_sql(SETUP)
    dsn = make_role("drift_seq_reader", "pw")
    pg_conn.execute(
        "GRANT USAGE ON SCHEMA app TO drift_seq_reader; GRANT USAGE ON app.ticket TO drift_seq_reader"
    )
    stats = reflect(dsn).stats
    assert {s.name: s.last_value for s in stats.sequences}["ticket"] == 1
    assert stats.hidden == (
        "The last value of 2 sequences is hidden: this role has neither SELECT nor USAGE on them.",
    )


def test_reflect_connection_leaves_the_connection_as_it_was(
    reflect_sql: ReflectSql, pg_conn: psycopg.Connection[Any]
) -> None:
    expected = reflect_sql(SETUP)
    pg_conn.execute("SET search_path = app; SET TimeZone = 'Asia/Tokyo'")
    snapshot = reflect_connection(pg_conn)
    assert snapshot.catalog == expected.catalog  # rendering does not depend on session settings
    assert pg_conn.autocommit is True
    assert pg_conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    assert pg_conn.execute("SHOW search_path").fetchone() == ("app",)
    assert pg_conn.execute("SHOW TimeZone").fetchone() == ("Asia/Tokyo",)
    pg_conn.autocommit = False
    try:
        assert reflect_connection(pg_conn, with_stats=False).catalog == expected.catalog
        assert pg_conn.autocommit is False
    finally:
        pg_conn.rollback()
        pg_conn.autocommit = True


def test_reflect_connection_refuses_an_open_transaction(pg_dsn: str) -> None:
    with psycopg.connect(pg_dsn) as conn:
        conn.execute("SELECT 1")
        with pytest.raises(DriftError, match="transaction in progress"):
            reflect_connection(conn)


def test_sizes_blocked_by_a_migration_are_left_out_not_fatal(reflect_sql: ReflectSql, pg_dsn: str) -> None:
    reflect_sql("CREATE TABLE busy (id integer PRIMARY KEY); CREATE TABLE calm (id integer)")
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(
        target=hold_lock, args=(pg_dsn, "LOCK TABLE busy IN ACCESS EXCLUSIVE MODE", locked, release)
    )
    holder.start()
    try:
        assert locked.wait(10)
        snapshot = reflect(pg_dsn, lock_timeout=0.2)
    finally:
        release.set()
        holder.join()
    assert snapshot.catalog.get_table("public", "busy") is not None
    busy = snapshot.stats.get_table("public", "busy")
    assert busy is not None and busy.total_bytes is None and busy.seq_scan is not None
    assert any("sizes were not read" in note and "lock_timeout" in note for note in snapshot.stats.hidden)


def test_structure_blocked_by_a_migration_fails_in_one_line(reflect_sql: ReflectSql, pg_dsn: str) -> None:
    # Printing a view's definition locks the tables it reads (as pg_dump would).
    reflect_sql("CREATE TABLE busy (id integer); CREATE VIEW busy_view AS SELECT id FROM busy")
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(
        target=hold_lock, args=(pg_dsn, "LOCK TABLE busy IN ACCESS EXCLUSIVE MODE", locked, release)
    )
    holder.start()
    try:
        assert locked.wait(10)
        with pytest.raises(DriftError) as caught:
            reflect(pg_dsn, lock_timeout=0.2)
    finally:
        release.set()
        holder.join()
    message = str(caught.value)
    assert "lock_timeout (200ms)" in message and "\n" not in message


def test_one_consistent_snapshot(pg_dsn: str, pg_conn: psycopg.Connection[Any]) -> None:
    """DDL committed by others during a reflection is either wholly in the picture or not at all."""
    pg_conn.execute("CREATE TABLE first (id integer PRIMARY KEY)")
    seen: list[str] = []

    def progress(message: str) -> None:
        # Between reading the tables and the constraints, another session adds a table with an FK.
        if message == "reading columns…" and not seen:
            seen.append(message)
            with psycopg.connect(pg_dsn, autocommit=True) as other:
                other.execute("CREATE TABLE second (first_id integer REFERENCES first (id))")

    snapshot = reflect(pg_dsn, progress=progress)
    assert seen
    assert snapshot.catalog.get_table("public", "second") is None
    first = snapshot.catalog.get_table("public", "first")
    assert first is not None and first.foreign_keys == ()
    assert reflect(pg_dsn).catalog.get_table("public", "second") is not None


def test_dsn_from_environment(monkeypatch: pytest.MonkeyPatch, pg_dsn: str) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    monkeypatch.setenv("DRIFT_DSN", pg_dsn)
    assert reflect(None, with_stats=False).catalog.database == conninfo_to_dict(pg_dsn)["dbname"]


def test_interrupt_cancels_queued_queries_and_closes_the_session(
    reflect_sql: ReflectSql, pg_dsn: str, pg_conn: psycopg.Connection[Any]
) -> None:
    reflect_sql(SETUP)

    def progress(message: str) -> None:
        if message.startswith("reading columns"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        reflect(pg_dsn, progress=progress)
    # The client closed its connection; the server process ends a moment later.
    deadline = time.monotonic() + 30  # generous: the CI machine may be busy
    while True:
        pg_conn.execute("SELECT pg_stat_clear_snapshot()")
        row = pg_conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'drift' "
            "AND datname = current_database()"
        ).fetchone()
        if row == (0,) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert row == (0,)
