"""The throwaway server and the shared fixtures do what the rest of the suite relies on."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from drift.pgserver import PgServer, PgServerError, ThrowawayServer, find_pg_bin

PASSWORD_REFUSED = "password authentication failed"


def _gone(pid: int) -> bool:
    """True once `pid` has exited (a zombie that init has not reaped yet counts as exited)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def _wait_until(condition: object, timeout: float = 15.0) -> bool:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


@pytest.fixture
def pg_bin() -> Path:
    try:
        return find_pg_bin(os.environ.get("DRIFT_TEST_PG_BIN") or None)
    except PgServerError as error:
        pytest.skip(str(error))


@pytest.fixture
def own_server(pg_bin: Path) -> Iterator[ThrowawayServer]:
    """A server of its own, for tests that stop it."""
    server = ThrowawayServer(pg_bin)
    try:
        yield server
    finally:
        server.stop()


def test_server_answers_select_version(pg_server: PgServer) -> None:
    with psycopg.connect(pg_server.dsn()) as conn:
        (version,) = conn.execute("select version()").fetchone() or ("",)
        assert str(version).startswith("PostgreSQL ")
        assert conn.info.server_version // 10000 == pg_server.version


def test_superuser_password_works_over_tcp_and_a_wrong_one_is_refused(
    pg_server: PgServer,
) -> None:
    with psycopg.connect(pg_server.dsn()) as conn:
        row = conn.execute("select current_user, inet_server_addr() is not null").fetchone()
        assert row == (pg_server.superuser, True)
    with pytest.raises(psycopg.OperationalError, match=PASSWORD_REFUSED):
        psycopg.connect(pg_server.dsn(password="not-the-password"), connect_timeout=10)


def test_make_role_logs_in_with_its_password_only(make_role: object, pg_dsn: str) -> None:
    assert callable(make_role)
    dsn = make_role("reader", "s3cret")
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "select current_user, current_database(), rolsuper from pg_roles where rolname = current_user"
        ).fetchone()
    assert row == ("reader", psycopg.conninfo.conninfo_to_dict(pg_dsn)["dbname"], False)
    with pytest.raises(psycopg.OperationalError, match=PASSWORD_REFUSED):
        psycopg.connect(dsn.replace("s3cret", "wrong"), connect_timeout=10)


def test_make_role_drops_roles_that_own_objects(make_role: object, pg_conn: psycopg.Connection) -> None:
    assert callable(make_role)
    dsn = make_role("owner_role", superuser=True)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("create table owned_by_role (id int)")
        assert conn.execute("select rolsuper from pg_roles where rolname = current_user").fetchone() == (
            True,
        )
    # Teardown must manage DROP OWNED + DROP ROLE; the next test would fail on a duplicate role.


def test_two_databases_can_be_created_and_dropped(pg_server: PgServer) -> None:
    names = [f"drift_db_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    for name in names:
        pg_server.create_database(name)
    try:
        for name in names:
            with psycopg.connect(pg_server.dsn(name)) as conn:
                assert conn.execute("select current_database()").fetchone() == (name,)
    finally:
        for name in names:
            pg_server.drop_database(name)
    with psycopg.connect(pg_server.dsn()) as conn:
        left = conn.execute("select datname from pg_database where datname = any(%s)", (names,))
        assert left.fetchall() == []


def test_pg_dsn_is_a_fresh_empty_database(pg_conn: psycopg.Connection) -> None:
    row = pg_conn.execute(
        "select current_database(), count(c.oid) from pg_class c"
        " join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'"
    ).fetchone()
    assert row is not None and row[0].startswith("t_") and row[1] == 0


def test_sessions_run_in_utc(pg_conn: psycopg.Connection) -> None:
    if "DRIFT_TEST_DSN" not in os.environ:
        assert pg_conn.execute("show timezone").fetchone() == ("UTC",)
    assert os.environ["TZ"] == "UTC"


def test_renexus_dsn_has_the_migration_applied(renexus_dsn: str) -> None:
    with psycopg.connect(renexus_dsn) as conn:
        columns = conn.execute(
            "select count(*) from information_schema.columns"
            " where table_schema = 'public' and table_name = 'users'"
        ).fetchone()
        fks = conn.execute("select count(*) from pg_constraint where contype = 'f'").fetchone()
    assert columns == (9,)
    assert fks is not None and fks[0] > 0


def test_start_reports_progress_and_stop_removes_everything(own_server: ThrowawayServer) -> None:
    messages: list[str] = []
    own_server._on_progress = messages.append
    started = time.monotonic()
    own_server.start()
    assert time.monotonic() - started < 10
    root, pid = own_server.root, own_server.pid
    assert root is not None and (root / "data" / "PG_VERSION").is_file()
    assert pid is not None and not _gone(pid)
    assert messages[0] in ("initialising cluster…", "initialising cluster (a copy of the cached one)…")
    assert messages[1] == f"starting PostgreSQL {own_server.version} on 127.0.0.1:{own_server.port}…"
    own_server.stop()
    assert not root.exists()
    assert _gone(pid)
    assert not own_server.is_running()
    own_server.stop()  # a second stop is harmless


def test_find_pg_bin_rejects_an_explicit_directory_without_binaries(tmp_path: Path) -> None:
    with pytest.raises(PgServerError, match="no runnable initdb and postgres"):
        find_pg_bin(tmp_path)


def test_find_pg_bin_honours_drift_pg_bin(monkeypatch: pytest.MonkeyPatch, pg_bin: Path) -> None:
    monkeypatch.setenv("DRIFT_PG_BIN", str(pg_bin))
    assert find_pg_bin() == pg_bin


_CHILD = textwrap.dedent(
    """
    import json, signal, sys, time
    from drift.pgserver import ThrowawayServer
    server = ThrowawayServer(sys.argv[1]).start()
    handler = getattr(signal.getsignal(signal.SIGTERM), "__name__", "")
    print(json.dumps({"pid": server.pid, "root": str(server.root), "sigterm": handler}), flush=True)
    if sys.argv[2] == "exit":
        sys.exit(0)
    time.sleep(60)
    """
)


@pytest.mark.parametrize("ending", ["exit", "sigterm", "sigkill"])
def test_server_does_not_outlive_its_parent(pg_bin: Path, ending: str) -> None:
    """Normal exit (atexit), SIGTERM (handler) and SIGKILL (watchdog) all remove the server."""
    with subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(pg_bin), ending], stdout=subprocess.PIPE, text=True
    ) as child:
        try:
            assert child.stdout is not None
            info = json.loads(child.stdout.readline())
            pid, root = int(info["pid"]), Path(info["root"])
            assert info["sigterm"] == "on_sigterm"  # SIGTERM stops the server itself, not the watchdog
            assert not _gone(pid) and root.exists()
            if ending == "sigterm":
                child.send_signal(signal.SIGTERM)
            elif ending == "sigkill":
                child.kill()
            child.wait(30)
        finally:
            if child.poll() is None:
                child.kill()
    assert _wait_until(lambda: _gone(pid)), f"postmaster {pid} still running after {ending}"
    assert _wait_until(lambda: not root.exists()), f"{root} left behind after {ending}"


# --- the template cache -----------------------------------------------------------------------


def _template_dirs(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir()) if cache.exists() else []


def test_a_cached_cluster_is_copied_and_keeps_each_servers_password(
    pg_bin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("DRIFT_PG_CACHE", str(cache))
    first_messages: list[str] = []
    second_messages: list[str] = []
    with ThrowawayServer(pg_bin, on_progress=first_messages.append) as first:
        assert first_messages[0] == "initialising cluster…"
        (template,) = _template_dirs(cache)
        assert template.startswith(f"pg-{first.version}")
        with ThrowawayServer(pg_bin, on_progress=second_messages.append) as second:
            assert second_messages[0] == "initialising cluster (a copy of the cached one)…"
            assert first.password != second.password
            for server, other in ((first, second), (second, first)):
                with psycopg.connect(server.dsn(), connect_timeout=10) as conn:
                    assert conn.execute("select 1").fetchone() == (1,)
                with pytest.raises(psycopg.OperationalError, match=PASSWORD_REFUSED):
                    psycopg.connect(server.dsn(password=other.password), connect_timeout=10)
    assert _template_dirs(cache) == [template]


def test_the_cache_can_be_turned_off_and_a_broken_one_is_ignored(
    pg_bin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("DRIFT_PG_CACHE", "off")
    with ThrowawayServer(pg_bin) as server, psycopg.connect(server.dsn(), connect_timeout=10):
        pass
    assert not (tmp_path / "xdg").exists()
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("")
    monkeypatch.setenv("DRIFT_PG_CACHE", str(not_a_directory))
    with ThrowawayServer(pg_bin) as server, psycopg.connect(server.dsn(), connect_timeout=10):
        pass


def test_a_damaged_template_is_replaced_not_fatal(
    pg_bin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("DRIFT_PG_CACHE", str(cache))
    ThrowawayServer(pg_bin).start().stop()
    (template,) = _template_dirs(cache)
    (cache / template / "data" / "global" / "pg_control").unlink()
    messages: list[str] = []
    with ThrowawayServer(pg_bin, on_progress=messages.append) as server:
        with psycopg.connect(server.dsn(), connect_timeout=10) as conn:
            assert conn.execute("select 1").fetchone() == (1,)
    assert "initialising cluster…" in messages  # it fell back to initdb
    assert _template_dirs(cache) == [template]  # and cached a good cluster again
    assert (cache / template / "data" / "global" / "pg_control").is_file()


_STARTER = textwrap.dedent(
    """
    import sys, time
    from drift.pgserver import ThrowawayServer
    time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # start together
    with ThrowawayServer(sys.argv[1]) as server:
        import psycopg
        with psycopg.connect(server.dsn(), connect_timeout=10) as conn:
            conn.execute("select 1")
    """
)


def test_concurrent_first_starts_share_one_complete_template(
    pg_bin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "DRIFT_PG_CACHE": str(cache)}
    at = str(time.time() + 1.5)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _STARTER, str(pg_bin), at], env=env, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    (template,) = _template_dirs(cache)  # no second template, no partial copy left behind
    assert (cache / template / "data" / "PG_VERSION").is_file()
    monkeypatch.setenv("DRIFT_PG_CACHE", str(cache))
    messages: list[str] = []
    with ThrowawayServer(pg_bin, on_progress=messages.append) as server:  # the template works
        assert messages[0] == "initialising cluster (a copy of the cached one)…"
        assert server.is_running()


def test_signals_are_held_while_deferred_then_delivered() -> None:
    from drift.pgserver.cleanup import signals_deferred

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # xdist workers ignore it
    try:
        reached_the_end = False
        with pytest.raises(KeyboardInterrupt):
            with signals_deferred():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.05)
                reached_the_end = True
        assert reached_the_end
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, previous)
