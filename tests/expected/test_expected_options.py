"""Storage parameters and view options (reloptions) through `drift init` / `drift check` and ORM
models (`postgresql_with`): written when a table has them, compared only where the expected side
gives them, a change one `table.options` / `view.options` finding whose fix runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa
from test_expected_live import _run, check_drift

from drift.catalog import reflect
from drift.diff import diff_catalogs
from drift.sources.orm import catalog_from_metadata

SQL = """
CREATE TABLE t (a int) WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01);
CREATE TABLE plain (a int);
CREATE VIEW v WITH (security_barrier = true) AS SELECT a FROM t;
"""


def test_init_writes_options_and_check_compares_them(
    pg_conn: psycopg.Connection[Any], pg_dsn: str, tmp_path: Path, capsys: Any
) -> None:
    pg_conn.execute(SQL)
    out = tmp_path / "expected"
    assert _run("init", "--dsn", pg_dsn, "--out", str(out)) == 0
    text = (out / "public.yaml").read_text()
    assert "options: [autovacuum_vacuum_scale_factor=0.01, fillfactor=70]" in text
    assert "options: [security_barrier=true]" in text
    assert text.count("options:") == 2  # plain has none: not written, so not compared
    assert check_drift(capsys, pg_dsn, out) == (0, [])

    pg_conn.execute(
        "ALTER TABLE t SET (fillfactor = 50); ALTER TABLE plain SET (fillfactor = 60);"
        "ALTER VIEW v RESET (security_barrier)"
    )
    code, findings = check_drift(capsys, pg_dsn, out)
    assert code == 1
    assert sorted((f["rule"], f["path"], f["severity"]) for f in findings) == [
        ("table.options", ["public", "t"], "warning"),
        ("view.options", ["public", "v"], "error"),  # a security option
    ]
    for finding in findings:
        pg_conn.execute(finding["fix"].encode())
    assert check_drift(capsys, pg_dsn, out) == (0, [])


def test_orm_postgresql_with_is_compared(pg_conn: psycopg.Connection[Any], pg_dsn: str) -> None:
    metadata = sa.MetaData()
    sa.Table(
        "t",
        metadata,
        sa.Column("a", sa.Integer),
        postgresql_with={"fillfactor": 70, "autovacuum_enabled": False},
    )
    sa.Table("plain", metadata, sa.Column("a", sa.Integer))
    model = catalog_from_metadata([metadata])
    assert model.get_table("public", "t").options == ("autovacuum_enabled=false", "fillfactor=70")  # type: ignore[union-attr]
    assert model.get_table("public", "plain").options is None  # type: ignore[union-attr]
    pg_conn.execute(
        "CREATE TABLE t (a int) WITH (fillfactor = 70); CREATE TABLE plain (a int) WITH (fillfactor = 60)"
    )
    findings = diff_catalogs(model, reflect(pg_dsn, with_stats=False).catalog)
    assert [(f.rule, f.path) for f in findings if f.object_type == "table"] == [
        ("table.options", ("public", "t"))
    ]
