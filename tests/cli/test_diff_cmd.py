"""`drift diff`: two real databases, or a database and a snapshot file, in the check's findings format."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from drift.catalog import reflect
from drift.cli.app import main
from drift.pgserver import PgServer

SCHEMA = "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(["diff", *args])
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


@pytest.fixture
def two_databases(pg_dsn: str, reference_dsn: str) -> tuple[str, str]:
    """(checked, reference): the checked one has an extra column and lacks an index."""
    with psycopg.connect(reference_dsn, autocommit=True) as conn:
        conn.execute(SCHEMA + "CREATE INDEX users_email_idx ON users (email);")
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(SCHEMA + "ALTER TABLE users ADD COLUMN nickname text;")
    return pg_dsn, reference_dsn


def masked(dsn: str, pg_server: PgServer) -> str:
    return dsn.replace(pg_server.password or "\0", "***")


def test_two_databases_with_a_difference(
    two_databases: tuple[str, str], pg_server: PgServer, capsys: pytest.CaptureFixture[str]
) -> None:
    checked, reference = two_databases
    code, out, err = run(capsys, "--dsn", checked, "--dsn", reference, "--json")
    assert code == 1, err
    doc = json.loads(out)
    found = {(f["object_type"], f["change"], ".".join(f["path"])) for f in doc["findings"]}
    assert found == {
        ("column", "unexpected", "public.users.nickname"),
        ("index", "missing", "public.users.users_email_idx"),
    }
    against = {f["against"] for f in doc["findings"]}
    assert against == {masked(reference, pg_server)}
    assert pg_server.password and pg_server.password not in out
    assert doc["target"]["dsn"] == masked(checked, pg_server)
    assert doc["sources"] == [{"kind": "database", "location": masked(reference, pg_server)}]
    # Objects only the checked database has are errors by default (both directions matter).
    assert {f["severity"] for f in doc["findings"]} == {"error"}


def test_from_to_is_the_same_comparison(
    two_databases: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    checked, reference = two_databases
    _, by_dsn, _ = run(capsys, "--dsn", checked, "--dsn", reference, "--json")
    code, by_from, _ = run(capsys, "--from", reference, "--to", checked, "--json")
    assert code == 1
    assert json.loads(by_from)["findings"] == json.loads(by_dsn)["findings"]


def test_identical_databases(pg_dsn: str, reference_dsn: str, capsys: pytest.CaptureFixture[str]) -> None:
    for dsn in (pg_dsn, reference_dsn):
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(SCHEMA)
    code, out, _ = run(capsys, "--dsn", pg_dsn, "--dsn", reference_dsn, "--json")
    assert code == 0
    assert json.loads(out)["findings"] == []


def test_unexpected_policy_and_text_output(
    two_databases: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    checked, reference = two_databases
    code, out, _ = run(capsys, "--dsn", checked, "--dsn", reference, "--unexpected", "ignore")
    assert code == 1
    assert "users_email_idx" in out and "nickname" not in out


def test_snapshot_file_on_either_side(
    two_databases: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checked, reference = two_databases
    snapshot = tmp_path / "prod.json"
    snapshot.write_text(reflect(reference).model_dump_json())
    code, out, _ = run(capsys, "--dsn", checked, "--dsn", str(snapshot), "--json")
    assert code == 1
    doc = json.loads(out)
    assert {f["against"] for f in doc["findings"]} == {str(snapshot)}
    assert doc["sources"] == [{"kind": "snapshot", "location": str(snapshot)}]
    assert len(doc["findings"]) == 2

    checked_snapshot = tmp_path / "staging-yesterday"  # no .json suffix: an existing file is a snapshot
    checked_snapshot.write_text(reflect(checked).model_dump_json())
    code, out, _ = run(capsys, "--from", str(snapshot), "--to", str(checked_snapshot), "--json")
    assert code == 1
    assert len(json.loads(out)["findings"]) == 2


def test_fix_sql_makes_the_checked_database_match(
    two_databases: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from drift.fix_script import split_sql

    checked, reference = two_databases
    fix = tmp_path / "fix.sql"
    code, _, _ = run(
        capsys, "--dsn", checked, "--dsn", reference, "--fix-sql", str(fix), "--allow-destructive"
    )
    assert code == 1
    with psycopg.connect(checked, autocommit=True) as conn:
        for statement in split_sql(fix.read_text()):
            conn.execute(statement.encode())
    code, _, _ = run(capsys, "--dsn", checked, "--dsn", reference)
    assert code == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "snapshot file not found"),
        ("{not json", "not a 'drift inspect --json' snapshot (not valid JSON"),
        ('{"hello": 1}', "not a 'drift inspect --json' snapshot (tool_version: Field required)"),
        ("", "not a 'drift inspect --json' snapshot (not valid JSON"),
    ],
)
def test_bad_snapshot_file_is_one_line_exit_2(
    content: str | None, message: str, pg_dsn: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "snap.json"
    if content is not None:
        path.write_text(content)
    code, out, err = run(capsys, "--dsn", pg_dsn, "--dsn", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"drift: error: {path}: {message}")


def test_directory_as_snapshot(tmp_path: Path, pg_dsn: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--dsn", str(tmp_path), "--dsn", pg_dsn)
    assert code == 2
    assert err.startswith(f"drift: error: {tmp_path}: cannot read the snapshot")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dsn", "a"], "--dsn must be given exactly twice"),
        ([], "give two databases"),
        (["--dsn", "a", "--dsn", "b", "--from", "c"], "either --dsn twice or --from/--to"),
        (["--from", "a"], "give two databases"),
        (["--dsn", "a", "--dsn", "b", "--fail-on", "bad"], "unknown --fail-on 'bad'"),
        (["--dsn", "a", "--dsn", "b", "--unexpected", "bad"], "unknown --unexpected 'bad'"),
    ],
)
def test_usage_errors(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert message in err


def test_unreachable_reference_is_masked(pg_dsn: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "--dsn", pg_dsn, "--dsn", "postgresql://u:hunter2@127.0.0.1:1/db?connect_timeout=2"
    )
    assert code == 2
    assert "hunter2" not in err and err.count("\n") == 1
