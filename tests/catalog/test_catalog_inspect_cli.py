"""`drift inspect` end to end: text summary, JSON snapshot, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from drift.cli.app import main
from drift.model import Snapshot

SQL = """
CREATE SCHEMA app;
CREATE TABLE app.big (id serial PRIMARY KEY, payload text);
INSERT INTO app.big (payload) SELECT repeat('x', 200) FROM generate_series(1, 2000);
CREATE TABLE app.small (id integer);
CREATE VIEW app.v AS SELECT id FROM app.small;
CREATE TYPE app.k AS ENUM ('a');
"""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    out, err = capsys.readouterr()
    return int(caught.value.code or 0), out, err


def test_inspect_text(
    pg_dsn: str, pg_conn: psycopg.Connection[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    pg_conn.execute(SQL)
    code, out, err = run(["inspect", "--dsn", pg_dsn], capsys)
    assert (code, err) == (0, "")
    assert f"database {conninfo_to_dict(pg_dsn)['dbname']} (PostgreSQL" in out
    assert "  app: 2 tables, 1 index, 1 view, 1 sequence, 1 enum" in out
    assert "largest tables" in out
    lines = out.splitlines()
    first_table = lines[lines.index("largest tables") + 2]
    assert first_table.split()[0] == "app.big"
    assert "statistics" in out
    assert "\x1b[" not in out  # plain text when stdout is not a terminal


def test_inspect_json_and_out(
    pg_dsn: str, pg_conn: psycopg.Connection[Any], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pg_conn.execute(SQL)
    code, out, err = run(["inspect", "--dsn", pg_dsn, "--json", "-n", "app"], capsys)
    assert (code, err) == (0, "")
    snapshot = Snapshot.model_validate_json(out)
    assert [s.name for s in snapshot.catalog.schemas] == ["app"]
    assert json.loads(out)["snapshot_version"] == 1
    target = tmp_path / "snap.json"
    code, out, err = run(["inspect", "--dsn", pg_dsn, "--json", "--no-stats", "--out", str(target)], capsys)
    assert (code, out, err) == (0, "", "")
    from_file = Snapshot.model_validate_json(target.read_text())
    assert from_file.stats.collected_at is None
    assert [s.name for s in from_file.catalog.schemas] == ["app", "public"]


def test_inspect_excludes_schemas_and_takes_timeouts(
    pg_dsn: str, pg_conn: psycopg.Connection[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    pg_conn.execute(SQL)
    argv = ["inspect", "--dsn", pg_dsn, "-N", "app", "--statement-timeout", "5", "--lock-timeout", "0.5"]
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert "  public: empty" in out and "  app:" not in out


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _assert_one_line_error(code: int, out: str, err: str, *, secret: str, fragment: str) -> None:
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("drift: error: ")
    assert fragment in err
    assert secret not in err
    assert "Traceback" not in err


def test_errors_are_one_line(pg_server: Any, make_role: Any, capsys: pytest.CaptureFixture[str]) -> None:
    port = _closed_port()
    cases = [
        (f"postgresql://app:Hunter2pw@127.0.0.1:{port}/prod", "connection refused"),
        ("postgres:/app:Hunter2pw@db/prod", "invalid connection string"),
        (pg_server.dsn("no_such_database_here"), 'database "no_such_database_here" does not exist'),
    ]
    make_role("drift_pw_role", "right-password")
    db = "postgres"
    cases.append(
        (pg_server.dsn(db, user="drift_pw_role", password="Hunter2pw"),
         'password authentication failed for user "drift_pw_role"'),
    )  # fmt: skip
    for dsn, fragment in cases:
        code, out, err = run(["inspect", "--dsn", dsn], capsys)
        _assert_one_line_error(code, out, err, secret="Hunter2pw", fragment=fragment)


def test_console_script_error_in_a_subprocess(tmp_path: Path) -> None:
    port = _closed_port()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "drift",
            "inspect",
            "--json",
            "--dsn",
            f"postgresql://u:Hunter2pw@127.0.0.1:{port}/x",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    _assert_one_line_error(proc.returncode, proc.stdout, proc.stderr, secret="Hunter2pw",
                           fragment="connection refused")  # fmt: skip


def test_no_connect_privilege_is_one_line(
    pg_conn: psycopg.Connection[Any], make_role: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    dsn = make_role("drift_no_connect", "Hunter2pw")
    db = pg_conn.info.dbname
    pg_conn.execute(f'REVOKE CONNECT ON DATABASE "{db}" FROM PUBLIC')
    code, out, err = run(["inspect", "--dsn", dsn], capsys)
    _assert_one_line_error(
        code, out, err, secret="Hunter2pw", fragment=f'permission denied for database "{db}"'
    )
