"""`drift inspect` failing in the ways production databases fail: each one exit code 2, one line on
stderr without a traceback, and never the password of the DSN on either stream.

Every case runs the real command line in a subprocess (`python -m drift`).
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest

from tests.cli.conftest import CliResult, DriftRunner, assert_one_line_error

MakeRole = Callable[..., str]  # the `make_role` fixture of tests/conftest.py


def _secret() -> str:
    return f"s3cretpw{uuid.uuid4().hex[:10]}"


def assert_fails_in_one_line(result: CliResult, secret: str, *fragments: str) -> None:
    assert_one_line_error(result, *fragments)
    assert result.out == ""
    assert secret not in result.out and secret not in result.err


def _unique_role() -> str:
    return f"drift_cli_err_{uuid.uuid4().hex[:12]}"


# --- before a session exists ----------------------------------------------------------------------


def test_unknown_host(drift_cli: DriftRunner) -> None:
    secret = _secret()
    started = time.monotonic()
    result = drift_cli(
        "inspect", "--dsn", f"postgresql://u:{secret}@no-such-host.invalid/db?connect_timeout=3"
    )
    assert_fails_in_one_line(result, secret, "cannot connect to no-such-host.invalid:5432/db", "unknown host")
    assert time.monotonic() - started < 30


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A local TCP port that accepts connections and never says a word; yields the port."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            accepted.append(conn)  # kept open, never read from or written to

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(5)
        for conn in accepted:
            conn.close()
        listener.close()
    assert accepted, "drift never connected to the silent server"


def test_connect_timeout(drift_cli: DriftRunner, silent_server: int) -> None:
    secret = _secret()
    started = time.monotonic()
    result = drift_cli(
        "inspect", "--dsn", f"postgresql://u:{secret}@127.0.0.1:{silent_server}/db?connect_timeout=1"
    )
    elapsed = time.monotonic() - started
    assert_fails_in_one_line(
        result, secret, f"cannot connect to 127.0.0.1:{silent_server}/db", "timed out while connecting"
    )
    assert elapsed < 15, elapsed  # connect_timeout=1 (libpq may try twice: SSL, then plain)


def test_connect_timeout_from_the_environment(drift_cli: DriftRunner, silent_server: int) -> None:
    secret = _secret()
    started = time.monotonic()
    result = drift_cli(
        "inspect",
        "--dsn",
        f"postgresql://u:{secret}@127.0.0.1:{silent_server}/db",
        env={"PGCONNECT_TIMEOUT": "1"},
    )
    assert_fails_in_one_line(result, secret, "timed out while connecting")
    assert time.monotonic() - started < 15


# --- while reading the catalog --------------------------------------------------------------------

MANY_TABLES = """
DO $$
BEGIN
    FOR i IN 1..500 LOOP
        EXECUTE format('CREATE TABLE t%s (id integer PRIMARY KEY, a integer, b integer, c integer, '
                       'd date, e integer CHECK (e > 0))', i);
    END LOOP;
END
$$
"""


def test_statement_timeout(
    drift_cli: DriftRunner, pg_conn: psycopg.Connection[Any], make_role: MakeRole
) -> None:
    # Five hundred tables: reading their columns, constraints and statistics takes tens of
    # milliseconds per query, so a 10 ms limit cancels the catalog read (the first, tiny query,
    # which reads the limit back for the message, still fits).
    pg_conn.execute(MANY_TABLES)
    secret = _secret()
    dsn = make_role(_unique_role(), secret)
    result = drift_cli("inspect", "--dsn", dsn, "--statement-timeout", "0.01")
    assert_fails_in_one_line(
        result, secret, "took longer than statement_timeout (10ms)", "raise --statement-timeout"
    )
    # The same database with the default limit reflects fine: the limit was the only problem.
    assert drift_cli("inspect", "--dsn", dsn, "--no-stats").code == 0


@pytest.fixture
def locked_table(pg_dsn: str, pg_conn: psycopg.Connection[Any]) -> Iterator[psycopg.Connection[Any]]:
    """A table behind a view, locked ACCESS EXCLUSIVE by another session's open transaction (a
    migration running): printing the view's definition must wait for it. Yields that session."""
    pg_conn.execute("CREATE TABLE busy (id integer); CREATE VIEW busy_view AS SELECT id FROM busy")
    with psycopg.connect(pg_dsn) as holder:
        holder.execute("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE")
        try:
            yield holder
        finally:
            holder.rollback()


def test_statement_timeout_while_waiting_for_a_lock(
    drift_cli: DriftRunner, locked_table: psycopg.Connection[Any], make_role: MakeRole
) -> None:
    # With no lock_timeout, the wait is cut by statement_timeout: one line, not a hang.
    secret = _secret()
    dsn = make_role(_unique_role(), secret)
    started = time.monotonic()
    result = drift_cli("inspect", "--dsn", dsn, "--lock-timeout", "0", "--statement-timeout", "0.5")
    assert_fails_in_one_line(result, secret, "took longer than statement_timeout (500ms)")
    assert time.monotonic() - started < 30


def test_lock_timeout(
    drift_cli: DriftRunner, locked_table: psycopg.Connection[Any], make_role: MakeRole
) -> None:
    secret = _secret()
    dsn = make_role(_unique_role(), secret)
    for extra in ((), ("--no-stats",), ("--json",)):
        result = drift_cli("inspect", "--dsn", dsn, "--lock-timeout", "0.2", *extra)
        assert_fails_in_one_line(
            result, secret, "another session held a lock", "lock_timeout (200ms)", "--lock-timeout"
        )
    # Once the migration commits, the same run succeeds: the lock was the only problem.
    locked_table.rollback()
    assert drift_cli("inspect", "--dsn", dsn, "--lock-timeout", "0.2", "--no-stats").code == 0


@pytest.mark.parametrize(
    "options",
    [("--lock-timeout", "0.0004"), ("--lock-timeout", "0", "--statement-timeout", "0.0004")],
    ids=["lock-timeout", "statement-timeout"],
)
def test_a_sub_millisecond_timeout_is_still_a_limit(
    drift_cli: DriftRunner, locked_table: psycopg.Connection[Any], pg_dsn: str, options: tuple[str, ...]
) -> None:
    # The lock is released after 3 s: a run that waited for it ends with exit 0 instead of 2.
    timer = threading.Timer(3, locked_table.rollback)
    timer.start()
    try:
        result = drift_cli("inspect", "--dsn", pg_dsn, "--no-stats", *options)
    finally:
        timer.cancel()
        timer.join()
    assert result.code == 2, (result.code, result.err)


def test_permission_denied_while_reading_the_catalog(
    drift_cli: DriftRunner, pg_conn: psycopg.Connection[Any], make_role: MakeRole
) -> None:
    secret = _secret()
    dsn = make_role(_unique_role(), secret)
    # pg_proc is not a shared catalog: this REVOKE concerns the per-test database only.
    pg_conn.execute("REVOKE SELECT ON pg_catalog.pg_proc FROM PUBLIC")
    try:
        results = [drift_cli("inspect", "--dsn", dsn, *extra) for extra in ((), ("--no-stats",))]
    finally:
        pg_conn.execute("GRANT SELECT ON pg_catalog.pg_proc TO PUBLIC")
    for result in results:
        assert_fails_in_one_line(
            result,
            secret,
            "permission denied while reading the catalog",
            "permission denied for table pg_proc",
        )
    # Restored: the same role reads the catalog again.
    assert drift_cli("inspect", "--dsn", dsn, "--no-stats").code == 0
