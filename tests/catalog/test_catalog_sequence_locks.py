"""Sequence positions on a server with a small lock table, and sequences locked by a migration.

`pg_sequence_last_value()` locks each sequence until the end of its transaction: on PostgreSQL
13-17 drift reads the positions after its snapshot, a few hundred per statement, so a database with
more sequences than the server's lock table holds still reflects (and other sessions never see "out
of shared memory"). PostgreSQL 18's `pg_get_sequence_data()` keeps no lock and is read in the
snapshot; the same tests hold there.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from typing import Any

import psycopg
import pytest
from catalog_testing import hold_lock

from drift.catalog import reflect, reflect_connection
from drift.catalog.sequence_positions import BATCH_SIZE, Positions
from drift.catalog.sql import SEQUENCE_DATA_VERSION
from drift.errors import DriftError
from drift.pgserver import ThrowawayServer

# A few hundred locks fit in this lock table (shared by all sessions): more than a batch of
# positions needs, far fewer than SEQUENCES.
SMALL_LOCK_TABLE = {
    "max_locks_per_transaction": "10",
    "max_connections": "30",
    "max_wal_senders": "0",
    "max_worker_processes": "0",
    "autovacuum_max_workers": "1",
}
SEQUENCES = 1500  # about three times what the lock table holds


def _small_lock_table() -> ThrowawayServer:
    if os.environ.get("DRIFT_TEST_DSN"):
        pytest.skip("needs a server of its own with a small lock table (DRIFT_TEST_DSN is set)")
    return ThrowawayServer(os.environ.get("DRIFT_TEST_PG_BIN") or None, settings=SMALL_LOCK_TABLE)


@pytest.fixture(scope="module")
def small_lock_table() -> Iterator[ThrowawayServer]:
    with _small_lock_table() as server:
        yield server


@pytest.fixture
def filled_lock_table() -> Iterator[ThrowawayServer]:
    """A server of its own for a test that fills the lock table: once full, the table's spare
    memory may have gone to one of its two hash tables for good (PostgreSQL 15), and a later test
    on the same server would fail where it should not."""
    with _small_lock_table() as server:
        yield server


def _many_sequences(server: ThrowawayServer) -> str:
    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE many_sequences")
    dsn = server.dsn("many_sequences")
    with psycopg.connect(dsn, autocommit=True) as conn:
        for start in range(0, SEQUENCES, 100):  # 100 per transaction: creating them takes locks too
            conn.execute(";".join(f"CREATE SEQUENCE s{i:04}" for i in range(start, start + 100)))
        conn.execute("SELECT nextval('s0007'), nextval('s0007'), setval('s1499', 42)")
    return dsn


@pytest.fixture(scope="module")
def many_sequences(small_lock_table: ThrowawayServer) -> str:
    return _many_sequences(small_lock_table)


def test_the_old_way_would_fill_the_lock_table(filled_lock_table: ThrowawayServer) -> None:
    # The premise of this module: one transaction reading every position fails on this server.
    dsn = _many_sequences(filled_lock_table)
    with psycopg.connect(dsn) as conn, pytest.raises(psycopg.errors.OutOfMemory):
        conn.execute("SELECT count(pg_sequence_last_value(oid)) FROM pg_class WHERE relkind = 'S'")


def test_positions_of_more_sequences_than_the_lock_table_holds(many_sequences: str) -> None:
    assert SEQUENCES > 2 * BATCH_SIZE
    stats = reflect(many_sequences).stats
    positions = {s.name: s.last_value for s in stats.sequences}
    assert len(positions) == SEQUENCES
    assert positions["s0007"] == 2
    assert positions["s1499"] == 42
    assert positions["s0000"] is None  # never used
    assert not [note for note in stats.hidden if "sequence" in note]


def test_reflect_connection_reads_positions_and_restores_the_session(many_sequences: str) -> None:
    with psycopg.connect(many_sequences) as conn:
        stats = reflect_connection(conn).stats
        assert conn.autocommit is False
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    assert {s.name: s.last_value for s in stats.sequences}["s0007"] == 2


def test_a_full_lock_table_is_named_not_called_a_lost_connection(filled_lock_table: ThrowawayServer) -> None:
    # Printing a view's definition locks the tables it reads until the reflection ends (as pg_dump
    # does): more of them than the lock table holds fail, with the setting to raise in the one line.
    with psycopg.connect(filled_lock_table.dsn(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE many_views")
    dsn = filled_lock_table.dsn("many_views")
    with psycopg.connect(dsn, autocommit=True) as conn:
        for start in range(0, 800, 50):
            conn.execute(
                ";".join(
                    f"CREATE TABLE t{i:04} (id int); CREATE VIEW v{i:04} AS SELECT id FROM t{i:04}"
                    for i in range(start, start + 50)
                )
            )
    with pytest.raises(DriftError) as failure:
        reflect(dsn)
    message = str(failure.value)
    assert "max_locks_per_transaction" in message and "lost the connection" not in message
    assert "\n" not in message


@pytest.mark.parametrize("beside", [False, True], ids=["after-the-snapshot", "on-a-session-beside-it"])
def test_a_sequence_being_altered_is_not_waited_for(
    pg_dsn: str, pg_conn: psycopg.Connection[Any], monkeypatch: pytest.MonkeyPatch, beside: bool
) -> None:
    # Before PostgreSQL 18 a large catalog has its positions read on a third session while the
    # reflection runs; a small one after it, on the reflection's session. Both skip a locked one.
    module = sys.modules["drift.catalog.reflect"]
    read_beside: list[Positions | None] = []
    if beside:
        monkeypatch.setattr(module, "SECOND_SESSION_MIN_RELATIONS", 0)
        start = module.start_reading_positions

        def recorded(*args: Any) -> Future[Positions | None]:
            future: Future[Positions | None] = start(*args)
            future.add_done_callback(lambda f: read_beside.append(f.result()))
            return future

        monkeypatch.setattr(module, "start_reading_positions", recorded)
    pg_conn.execute("CREATE SEQUENCE busy; CREATE SEQUENCE calm; SELECT nextval('busy'), nextval('calm')")
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(
        target=hold_lock, args=(pg_dsn, "ALTER SEQUENCE busy INCREMENT 5", locked, release)
    )
    holder.start()
    try:
        assert locked.wait(10)
        # Waiting for `busy` would outlast the holder (30 s), then read its position: the test fails.
        stats = reflect(pg_dsn, lock_timeout=60).stats
    finally:
        release.set()
        holder.join()
    positions = {s.name: s.last_value for s in stats.sequences}
    if pg_conn.info.server_version >= SEQUENCE_DATA_VERSION:
        # pg_get_sequence_data() reads the committed position without waiting for the ALTER.
        assert positions == {"busy": 1, "calm": 1}
        assert not [note for note in stats.hidden if "sequence" in note]
    else:  # pg_sequence_last_value() would wait for it: skipped, and said once
        if beside:  # and it was the session beside the reflection that read them
            assert len(read_beside) == 1 and read_beside[0] is not None
            assert list(read_beside[0].values.values()) == [1]  # calm read, busy skipped
        assert positions == {"busy": None, "calm": 1}
        assert len([note for note in stats.hidden if "another session held it locked" in note]) == 1


def test_positions_with_select_or_only_usage(pg_conn: psycopg.Connection[Any], make_role: Any) -> None:
    # PostgreSQL 18 reads positions in the snapshot with pg_get_sequence_data(), which wants SELECT;
    # a sequence the role may only USE is read afterwards, as on earlier versions.
    pg_conn.execute(
        "CREATE SEQUENCE selected; CREATE SEQUENCE used; CREATE SEQUENCE neither;"
        "SELECT nextval('selected'), setval('used', 7), nextval('neither')"
    )
    dsn = make_role("drift_sequence_reader", "pw")
    pg_conn.execute(
        "GRANT USAGE ON SCHEMA public TO drift_sequence_reader;"
        "GRANT SELECT ON selected TO drift_sequence_reader; GRANT USAGE ON used TO drift_sequence_reader"
    )
    stats = reflect(dsn).stats
    assert {s.name: s.last_value for s in stats.sequences} == {"neither": None, "selected": 1, "used": 7}
    assert stats.hidden == (
        "The last value of 1 sequence is hidden: this role has neither SELECT nor USAGE on it.",
    )
