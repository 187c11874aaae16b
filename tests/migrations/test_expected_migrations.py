"""`drift check --expected-migrations DIR`: the migrations, applied to a scratch server, are the truth."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
from migration_helpers import leftover_servers, write_files

from drift.model import Catalog, Column, Schema, Sequence, Table
from drift.sources.migrations import without_bookkeeping


def drift_findings(stdout: str) -> list[dict[str, object]]:
    return [f for f in json.loads(stdout)["findings"] if f["category"] == "drift"]


def test_renexus_migrations_match_the_renexus_database(
    renexus_dsn: str, renexus_dir: Path, run_cli: object, server_tmp: Path
) -> None:
    assert callable(run_cli)
    result = run_cli("check", "--dsn", renexus_dsn, "--expected-migrations", str(renexus_dir), "--json")
    assert result.code in (0, 1), result.stderr  # advice may fire; drift must not
    assert drift_findings(result.stdout) == []
    doc = json.loads(result.stdout)
    assert {"kind": "migrations", "location": str(renexus_dir)} in doc["sources"]
    assert leftover_servers(server_tmp) == []


def test_drifted_copy_gives_the_right_findings(
    renexus_dsn: str, renexus_dir: Path, run_cli: object, server_tmp: Path
) -> None:
    assert callable(run_cli)
    with psycopg.connect(renexus_dsn, autocommit=True) as conn:
        conn.execute(
            b"ALTER TABLE users DROP COLUMN profile_image_url;"
            b"ALTER TABLE projects ALTER COLUMN status SET DEFAULT 'archived';"
            b'DROP INDEX "IDX_session_expire";'
            b"CREATE TABLE audit_log (id serial PRIMARY KEY, note text)"
        )
    result = run_cli(
        "check", "--dsn", renexus_dsn, "--expected-migrations", str(renexus_dir), "--no-advice", "--json"
    )
    assert result.code == 1, result.stderr
    found = {(f["object_type"], f["change"], ".".join(f["path"])) for f in drift_findings(result.stdout)}  # type: ignore[arg-type]
    assert found == {
        ("column", "missing", "public.users.profile_image_url"),
        ("column", "changed", "public.projects.status"),
        ("index", "missing", "public.sessions.IDX_session_expire"),
        ("table", "unexpected", "public.audit_log"),
    }
    assert all(f["against"] == "migrations" for f in drift_findings(result.stdout))
    assert leftover_servers(server_tmp) == []


def test_broken_migration_is_one_line_exit_2_and_cleaned_up(
    renexus_dsn: str, run_cli: object, server_tmp: Path, tmp_path: Path
) -> None:
    assert callable(run_cli)
    migrations = write_files(
        tmp_path / "migrations",
        {
            "0001_users.sql": "CREATE TABLE users (id int PRIMARY KEY);\n",
            "0002_posts.sql": "CREATE TABLE posts (\n  id int PRIMARY KEY,\n  user_id int REFERENCES userz (id)\n);\n",
        },
    )
    result = run_cli("check", "--dsn", renexus_dsn, "--expected-migrations", str(migrations))
    assert result.code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        f'drift: error: {migrations / "0002_posts.sql"}:3: relation "userz" does not exist'
    )
    assert "(in: CREATE TABLE posts" in lines[0]
    assert leftover_servers(server_tmp) == []


def test_missing_migrations_directory(renexus_dsn: str, run_cli: object, tmp_path: Path) -> None:
    assert callable(run_cli)
    result = run_cli("check", "--dsn", renexus_dsn, "--expected-migrations", str(tmp_path / "nope"))
    assert result.code == 2
    assert "migrations directory not found" in result.stderr


def test_without_bookkeeping_drops_migration_tool_tables() -> None:
    catalog = Catalog(
        schemas=(
            Schema(
                name="drizzle",
                tables=(Table(name="__drizzle_migrations", columns=(Column(name="id", type="integer"),)),),
                sequences=(Sequence(name="__drizzle_migrations_id_seq", owned_by="__drizzle_migrations.id"),),
            ),
            Schema(
                name="public",
                tables=(Table(name="schema_migrations"), Table(name="users")),
            ),
        )
    )
    cleaned = without_bookkeeping(catalog)
    assert [s.name for s in cleaned.schemas] == ["public"]
    assert [t.name for t in cleaned.schemas[0].tables] == ["users"]
