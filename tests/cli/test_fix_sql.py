"""Fix SQL round trip: drift a real database, write the fix script, run it as psql would, re-check.

Golden cases are small drifts of the Renexus database (its migration is the expected state). For each,
running the script made with --allow-destructive must leave zero drift; without the flag, only the
data-losing fixes may remain. The CLI test runs `drift check --fix-sql` end to end.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from drift.catalog import reflect
from drift.diff import diff_catalogs
from drift.fix_script import fix_script, split_sql
from drift.model import Catalog, Finding
from drift.pgserver import PgServer
from drift.sources.migrations import catalog_from_migrations


def shared_renexus_dir() -> Path:
    configured = os.environ.get("DRIFT_SHARED_DIR")
    shared = Path(configured) if configured else Path(__file__).resolve().parents[2].parent / "shared"
    directory = shared / "examples/renexus/migrations"
    if not directory.is_dir():
        pytest.skip(f"Renexus migrations not found at {directory} (set DRIFT_SHARED_DIR)")
    return directory


@pytest.fixture(scope="session")
def renexus_expected(pg_server: PgServer) -> Catalog:
    return catalog_from_migrations(shared_renexus_dir(), scratch_dsn=pg_server.dsn())


def run_script(dsn: str, script: str) -> None:
    """Run the script the way `psql -v ON_ERROR_STOP=1 -f` does: autocommit, one statement at a time."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        for statement in split_sql(script):
            conn.execute(statement.encode())


def drift_of(dsn: str, expected: Catalog) -> list[Finding]:
    actual = reflect(dsn, with_stats=False).catalog
    return diff_catalogs(expected, actual, against="migrations")


CASES: dict[str, tuple[str, set[str]]] = {
    # name: (SQL that drifts the Renexus database, object types the findings must include)
    "missing_column": ("ALTER TABLE users DROP COLUMN profile_image_url", {"column"}),
    "changed_default": ("ALTER TABLE projects ALTER COLUMN status SET DEFAULT 'x'", {"column"}),
    "missing_index": ('DROP INDEX "IDX_session_expire"', {"index"}),
    "missing_foreign_key": (
        "ALTER TABLE content DROP CONSTRAINT content_project_id_projects_id_fk",
        {"foreign_key"},
    ),
    "unexpected_tables": (
        # junk_a sorts first but junk_b references it: dropping them one by one in name order fails.
        "CREATE TABLE junk_a (id int PRIMARY KEY);"
        "CREATE TABLE junk_b (id int, a int REFERENCES junk_a);"
        "INSERT INTO junk_a VALUES (1); INSERT INTO junk_b VALUES (1, 1)",
        {"table"},
    ),
    "changed_type_and_nullability": (
        "ALTER TABLE content_metrics ALTER COLUMN views TYPE bigint;"
        "ALTER TABLE users ALTER COLUMN email DROP NOT NULL",
        {"column"},
    ),
    "unexpected_column_and_index": (
        "ALTER TABLE content ADD COLUMN extra text; CREATE INDEX content_extra_idx ON content (extra)",
        {"column", "index"},
    ),
    "missing_table": ("DROP TABLE sessions", {"table"}),
    "missing_unique": ("ALTER TABLE users DROP CONSTRAINT users_email_unique", {"unique"}),
    "missing_primary_key": (
        "ALTER TABLE social_accounts DROP CONSTRAINT social_accounts_pkey",
        {"primary_key"},
    ),
    "missing_table_referenced_by_missing_fks": (
        "DROP TABLE content_metrics; DROP TABLE content CASCADE",
        {"table"},
    ),
    "everything_at_once": (
        "ALTER TABLE users DROP COLUMN profile_image_url;"
        "ALTER TABLE projects ALTER COLUMN status SET DEFAULT 'x';"
        'DROP INDEX "IDX_session_expire";'
        "ALTER TABLE content DROP CONSTRAINT content_project_id_projects_id_fk;"
        "CREATE TABLE junk_a (id int PRIMARY KEY); CREATE TABLE junk_b (id int, a int REFERENCES junk_a);"
        "ALTER TABLE content_metrics ALTER COLUMN views TYPE bigint;"
        "ALTER TABLE content ADD COLUMN extra text; CREATE INDEX content_extra_idx ON content (extra)",
        {"column", "index", "foreign_key", "table"},
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_fix_script_removes_the_drift(case: str, renexus_dsn: str, renexus_expected: Catalog) -> None:
    drift_sql, kinds = CASES[case]
    assert drift_of(renexus_dsn, renexus_expected) == []
    with psycopg.connect(renexus_dsn, autocommit=True) as conn:
        conn.execute(drift_sql.encode())
    findings = drift_of(renexus_dsn, renexus_expected)
    assert kinds <= {f.object_type for f in findings}, [f.message for f in findings]

    script = fix_script(findings, allow_destructive=True)
    run_script(renexus_dsn, script)
    left = drift_of(renexus_dsn, renexus_expected)
    assert left == [], f"{[f.message for f in left]}\n{script}"


@pytest.mark.parametrize("case", ["unexpected_tables", "unexpected_column_and_index", "everything_at_once"])
def test_without_allow_destructive_only_data_losing_fixes_remain(
    case: str, renexus_dsn: str, renexus_expected: Catalog
) -> None:
    with psycopg.connect(renexus_dsn, autocommit=True) as conn:
        conn.execute(CASES[case][0].encode())
    script = fix_script(drift_of(renexus_dsn, renexus_expected))
    assert "-- hazard: deletes data" in script
    run_script(renexus_dsn, script)
    left = drift_of(renexus_dsn, renexus_expected)
    assert left, "a destructive fix ran without --allow-destructive"
    for f in left:
        assert f.change == "unexpected" and f.object_type in ("table", "column"), f.message


def test_check_fix_sql_end_to_end(renexus_dsn: str, tmp_path: Path) -> None:
    migrations = shared_renexus_dir()
    with psycopg.connect(renexus_dsn, autocommit=True) as conn:
        conn.execute(CASES["everything_at_once"][0].encode())

    def check(*extra: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "DRIFT_", "DATABASE_URL"))}
        args = [
            "check",
            "--dsn",
            renexus_dsn,
            "--expected-migrations",
            str(migrations),
            "--no-advice",
            *extra,
        ]
        return subprocess.run(
            [sys.executable, "-m", "drift", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=180,
            check=False,
        )

    fix = tmp_path / "fix.sql"
    safe = tmp_path / "safe.sql"
    first = check("--fix-sql", str(safe))
    assert first.returncode == 1, first.stderr
    text = safe.read_text()
    assert "-- DROP TABLE public.junk_a, public.junk_b;" in text
    assert "-- ALTER TABLE public.content DROP COLUMN extra;" in text

    first = check("--fix-sql", str(fix), "--allow-destructive")
    assert first.returncode == 1
    script = fix.read_text()
    assert "\nDROP TABLE public.junk_a, public.junk_b;" in script
    assert "CREATE INDEX CONCURRENTLY" in script
    assert script.index("COMMIT;") < script.index("CREATE INDEX CONCURRENTLY")
    assert script.index("COMMIT;") < script.index("VALIDATE CONSTRAINT")
    run_script(renexus_dsn, script)

    second = check("--fail-on", "info")
    assert second.returncode == 0, second.stdout + second.stderr
