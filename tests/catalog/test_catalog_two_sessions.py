"""A large catalog is read over two sessions sharing one snapshot (see reflect.py).

What one session sees and what two see must be the same picture; a second session that cannot be
had (a role's connection limit, a full server) must cost time, never the reflection; and no session
may be left open afterwards.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from drift.catalog import reflect
from drift.model import Snapshot

MakeRole = Callable[..., str]


def _sessions_opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every catalog large enough for two sessions; returns the list of sessions opened."""
    module = sys.modules["drift.catalog.reflect"]
    monkeypatch.setattr(module, "SECOND_SESSION_MIN_RELATIONS", 0)
    opened: list[str] = []
    connect = module.connect

    def counted(*args: Any, **kwargs: Any) -> psycopg.Connection[Any]:
        conn = connect(*args, **kwargs)
        opened.append(str(conn.info.backend_pid))
        return conn

    monkeypatch.setattr(module, "connect", counted)
    return opened


def _structure(snapshot: Snapshot) -> tuple[Any, ...]:
    stats = snapshot.stats
    return (
        snapshot.catalog,
        [(t.schema_name, t.table, t.table_bytes) for t in stats.tables],
        [(i.schema_name, i.table, i.index, i.size_bytes) for i in stats.indexes],
        [(s.schema_name, s.name, s.last_value) for s in stats.sequences],
        stats.hidden,
    )


def _sessions_of(dsn: str, role: str) -> int:
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = %s AND pid <> pg_backend_pid()", (role,)
        ).fetchone()
    assert row is not None
    return int(row[0])


def _wait_until_gone(dsn: str, role: str) -> None:
    """Every session of `role` has ended (a backend leaves a moment after its client closed it);
    fails if one is still there after a few seconds: a session left open."""
    deadline = time.monotonic() + 5
    while (left := _sessions_of(dsn, role)) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert left == 0, f"{left} session(s) of {role} left open"


def test_two_sessions_see_what_one_sees(renexus_dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    one = reflect(renexus_dsn)
    opened = _sessions_opened(monkeypatch)
    two = reflect(renexus_dsn)
    # The first session, the second; before PostgreSQL 18 a third reads sequence positions.
    assert len(opened) >= 2
    assert two.catalog.table_count == one.catalog.table_count > 5
    assert _structure(two) == _structure(one)


def test_a_second_session_refused_costs_nothing_but_time(
    renexus_dsn: str, make_role: MakeRole, monkeypatch: pytest.MonkeyPatch
) -> None:
    role_dsn = make_role("one_connection_only")
    with psycopg.connect(renexus_dsn, autocommit=True) as conn:
        conn.execute("ALTER ROLE one_connection_only CONNECTION LIMIT 1")
    alone = reflect(role_dsn)
    _wait_until_gone(renexus_dsn, "one_connection_only")  # a closed session's backend exits a bit later
    opened = _sessions_opened(monkeypatch)
    refused = reflect(role_dsn)
    assert len(opened) == 1  # the others were refused: too many connections for the role
    assert _structure(refused) == _structure(alone)
    _wait_until_gone(renexus_dsn, "one_connection_only")


def test_ctrl_c_while_building_leaves_no_session_open(
    renexus_dsn: str, make_role: MakeRole, monkeypatch: pytest.MonkeyPatch
) -> None:
    role_dsn = make_role("interrupted")
    opened = _sessions_opened(monkeypatch)
    assemble = importlib.import_module("drift.catalog.assemble")

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(assemble, "build_catalog", interrupted)
    with pytest.raises(KeyboardInterrupt):
        reflect(role_dsn)
    assert len(opened) >= 2
    _wait_until_gone(renexus_dsn, "interrupted")


def test_ctrl_c_while_the_second_session_connects_does_not_wait_for_it(
    renexus_dsn: str, make_role: MakeRole, monkeypatch: pytest.MonkeyPatch
) -> None:
    role_dsn = make_role("slow_second")
    module = sys.modules["drift.catalog.reflect"]
    monkeypatch.setattr(module, "SECOND_SESSION_MIN_RELATIONS", 0)
    connect = module.connect
    calls: list[str] = []

    def slow_after_the_first(*args: Any, **kwargs: Any) -> psycopg.Connection[Any]:
        calls.append(threading.current_thread().name)
        if len(calls) > 1:  # the second session: a slow network
            time.sleep(1.5)
        return connect(*args, **kwargs)

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(module, "connect", slow_after_the_first)
    monkeypatch.setattr(module.QueryQueue, "submit", interrupted)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        reflect(role_dsn)
    assert time.monotonic() - started < 1.0  # the slow connect was not waited for
    assert "drift-second-session" in calls
    # The thread closes the session it opened after all.
    time.sleep(1.0)
    _wait_until_gone(renexus_dsn, "slow_second")


def test_reflection_queues_its_queries_before_importing_the_model() -> None:
    # reflect.py imports the model only once the server has work (see drift/catalog/assemble.py):
    # importing drift.catalog must not import it.
    code = "import sys, drift.catalog; print(sorted(m for m in sys.modules if m.startswith('drift.model')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
