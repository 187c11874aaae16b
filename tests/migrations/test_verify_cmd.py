"""`drift migrations verify`: apply cleanly, idempotency, downs that undo their ups, missing downs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from migration_helpers import leftover_servers, scratch_databases, write_files

from drift.cli.app import main
from drift.pgserver import PgServer

GOOD = {
    "0001_users.up.sql": "CREATE TABLE IF NOT EXISTS users (id int PRIMARY KEY, email text NOT NULL);\n",
    "0001_users.down.sql": "DROP TABLE users;\n",
    "0002_email_index.up.sql": "CREATE INDEX IF NOT EXISTS users_email_idx ON users (email);\n",
    "0002_email_index.down.sql": "DROP INDEX users_email_idx;\n",
    "0003_posts.up.sql": "CREATE TABLE IF NOT EXISTS posts (id int PRIMARY KEY,\n"
    "  user_id int REFERENCES users (id));\n",
}


def verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(["migrations", "verify", *args])
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


@pytest.fixture
def scratch(pg_server: PgServer) -> str:
    return pg_server.dsn()


def test_clean_directory_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], scratch: str, pg_server: PgServer
) -> None:
    before = scratch_databases(pg_server)
    directory = write_files(tmp_path / "m", GOOD)
    code, out, _ = verify(capsys, str(directory), "--scratch-dsn", scratch)
    assert code == 0, out
    assert "all 3 apply cleanly" in out
    assert "idempotent" in out and "not idempotent" not in out
    assert "0001_users: the down migration restores the schema" in out
    assert "0002_email_index: the down migration restores the schema" in out
    assert "no down migration: 0003_posts" in out
    assert scratch_databases(pg_server) == before


def test_broken_file_is_reported_with_file_statement_and_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], scratch: str
) -> None:
    directory = write_files(
        tmp_path / "m",
        {**GOOD, "0004_broken.up.sql": "ALTER TABLE posts\n  ADD COLUMN title txet;\n"},
    )
    code, out, _ = verify(capsys, str(directory), "--scratch-dsn", scratch)
    assert code == 1
    bad = directory / "0004_broken.up.sql"
    assert f'FAILED  {bad}:2: type "txet" does not exist' in out
    assert "statement: ALTER TABLE posts ADD COLUMN title txet;" in out
    assert "applied cleanly before it: 0001_users, 0002_email_index, 0003_posts" in out

    code, out, _ = verify(capsys, str(directory), "--scratch-dsn", scratch, "--json")
    doc = json.loads(out)
    assert code == 1 and doc["ok"] is False
    assert doc["failure"] == {
        "file": str(bad),
        "line": 2,
        "statement": "ALTER TABLE posts ADD COLUMN title txet;",
        "error": 'type "txet" does not exist',
    }


def test_non_idempotent_set_is_reported_not_fatal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], scratch: str
) -> None:
    directory = write_files(
        tmp_path / "m",
        {
            "1_a.sql": "CREATE TABLE a (id int PRIMARY KEY, v int);\n",
            "2_b.sql": "CREATE TABLE IF NOT EXISTS b (id int);\n-- an unnamed index: a second one each time\n"
            "CREATE INDEX ON b (id);\n",
        },
    )
    code, out, _ = verify(capsys, str(directory), "--scratch-dsn", scratch)
    assert code == 0, out
    assert "not idempotent" in out
    assert f'fails at {directory / "1_a.sql"}:1: relation "a" already exists' in out
    assert "changes the schema:" in out and "b_id_idx1" in out

    code, out, _ = verify(capsys, str(directory), "--scratch-dsn", scratch, "--json")
    doc = json.loads(out)
    assert doc["ok"] is True and doc["idempotent"] is False
    assert [f["line"] for f in doc["idempotency_failures"]] == [1]
    assert any("b_id_idx1" in d for d in doc["idempotency_differences"])


def test_down_that_does_not_undo_its_up_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], scratch: str
) -> None:
    directory = write_files(
        tmp_path / "m",
        {
            **GOOD,
            "0002_email_index.down.sql": "-- forgot the index\nSELECT 1;\n",
            "0004_flag.up.sql": "ALTER TABLE users ADD COLUMN flag boolean;\n",
            "0004_flag.down.sql": "ALTER TABLE users DROP COLUMN flag;\n",
        },
    )
    code, out, _ = verify(capsys, str(directory), "--scratch-dsn", scratch)
    assert code == 1, out
    assert "FAILED  0002_email_index: the down migration does not restore the schema:" in out
    assert "users_email_idx" in out
    # The run went on (on a rebuilt database) and checked the later pair too.
    assert "0004_flag: the down migration restores the schema" in out
    assert "all 4 apply cleanly" in out

    _, out, _ = verify(capsys, str(directory), "--scratch-dsn", scratch, "--json")
    checks = {c["migration"]: c for c in json.loads(out)["down_checks"]}
    assert checks["0002_email_index"]["ok"] is False and checks["0002_email_index"]["differences"]
    assert checks["0004_flag"]["ok"] is True


def test_failing_down_and_up_that_cannot_reapply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], scratch: str
) -> None:
    directory = write_files(
        tmp_path / "m",
        {
            "1_a.up.sql": "CREATE TABLE a (id int);\n",
            "1_a.down.sql": "DROP TABLE nosuch;\n",
            "2_log.sql": "CREATE TABLE log (name text PRIMARY KEY);\n",
            "3_b.up.sql": "CREATE TABLE b (id int);\nINSERT INTO log VALUES ('b');\n",
            "3_b.down.sql": "DROP TABLE b;\n",
        },
    )
    code, out, _ = verify(capsys, str(directory), "--scratch-dsn", scratch)
    assert code == 1
    assert f"1_a: the down migration fails at {directory / '1_a.down.sql'}:1" in out
    # 3_b's down restores the schema, but its up cannot run again (the log row is still there).
    assert "3_b: the down migration restores the schema" not in out
    assert f"3_b: the up does not apply again after the down: {directory / '3_b.up.sql'}:2" in out


def test_json_output_parses_and_lists_missing_downs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], scratch: str
) -> None:
    directory = write_files(tmp_path / "m", GOOD)
    code, out, _ = verify(capsys, str(directory), "--scratch-dsn", scratch, "--json")
    doc = json.loads(out)
    assert code == 0
    assert doc["ok"] is True
    assert doc["migrations"] == ["0001_users", "0002_email_index", "0003_posts"]
    assert doc["applied"] == doc["migrations"]
    assert doc["without_down"] == ["0003_posts"]
    assert doc["idempotent"] is True
    assert [c["migration"] for c in doc["down_checks"]] == ["0001_users", "0002_email_index"]


def test_missing_directory_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = verify(capsys, str(tmp_path / "nope"))
    assert code == 2 and out == ""
    assert err.strip() == f"drift: error: {tmp_path / 'nope'}: migrations directory not found"


def test_renexus_on_a_throwaway_server(renexus_dir: Path, run_cli: object, server_tmp: Path) -> None:
    assert callable(run_cli)
    result = run_cli("migrations", "verify", str(renexus_dir))
    assert result.code == 0, result.stderr
    # The hand audit says "idempotent"; the ADD CONSTRAINT statements are not.
    assert "not idempotent" in result.stdout
    assert 'constraint "projects_user_id_users_id_fk" for relation "projects" already exists' in result.stdout
    assert "no down migration: 0000_nice_forgotten_one" in result.stdout
    assert leftover_servers(server_tmp) == []
