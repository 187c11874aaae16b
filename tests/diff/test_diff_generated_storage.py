"""STORED versus VIRTUAL generated columns (PostgreSQL 18): one `column.generated_storage` finding,
whose fix (drop and re-add: the server cannot convert one into the other) leaves no drift."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from test_golden_cases import apply_fixes

from drift.catalog import reflect
from drift.diff import ddl, diff_catalogs
from drift.fix_hazards import hazards_of
from drift.fix_script import split_sql
from drift.model import Catalog, Column

TABLE = "CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (a * 2) {})"


@pytest.fixture
def pg18(pg_conn: psycopg.Connection[Any]) -> psycopg.Connection[Any]:
    if pg_conn.info.server_version < 180000:
        pytest.skip("VIRTUAL generated columns are new in PostgreSQL 18")
    return pg_conn


def _reflect(dsn: str) -> Catalog:
    return reflect(dsn, with_stats=False).catalog


def _expected_from(sql: str, conn: psycopg.Connection[Any], dsn: str) -> Catalog:
    """The catalog of `sql`, made on the test database and dropped again."""
    conn.execute(sql.encode())
    catalog = _reflect(dsn)
    conn.execute(b"DROP TABLE t")
    return catalog


@pytest.mark.parametrize(("expected", "actual"), [("VIRTUAL", "STORED"), ("STORED", "VIRTUAL")])
def test_storage_change_is_one_finding_and_its_fix_works(
    pg18: psycopg.Connection[Any], pg_dsn: str, expected: str, actual: str
) -> None:
    want = _expected_from(TABLE.format(expected), pg18, pg_dsn)
    pg18.execute(TABLE.format(actual).encode())
    pg18.execute(b"INSERT INTO t (id, a) VALUES (1, 21)")

    findings = diff_catalogs(want, _reflect(pg_dsn))
    assert [(f.rule, f.path, f.severity) for f in findings] == [
        ("column.generated_storage", ("public", "t", "b"), "error")
    ]
    f = findings[0]
    assert (f.attribute, f.expected, f.actual) == ("generated_storage", expected.lower(), actual.lower())
    assert f.message == (f"Column public.t.b is a {actual} generated column; expected {expected}.")
    statements = [s.rstrip(";") for s in split_sql(f.fix or "")]
    assert statements == [
        "ALTER TABLE public.t DROP COLUMN b",
        f"ALTER TABLE public.t ADD COLUMN b integer GENERATED ALWAYS AS ((a * 2)) {expected}",
    ]
    assert "deletes data" in hazards_of(statements[0])
    assert ("rewrites table" in hazards_of(statements[1])) == (expected == "STORED")

    assert apply_fixes(pg_dsn, findings) == []
    assert diff_catalogs(want, _reflect(pg_dsn)) == []
    assert pg18.execute(b"SELECT b FROM t").fetchone() == (42,)


def test_expression_and_storage_change_is_one_generated_finding(
    pg18: psycopg.Connection[Any], pg_dsn: str
) -> None:
    want = _expected_from(TABLE.format("VIRTUAL"), pg18, pg_dsn)
    pg18.execute(
        b"CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (a * 3) STORED)"
    )
    findings = diff_catalogs(want, _reflect(pg_dsn))
    assert [f.rule for f in findings] == ["column.generated"]
    assert findings[0].message == (
        "Column public.t.b is GENERATED ALWAYS AS ((a * 3)) STORED; expected GENERATED ALWAYS AS ((a * 2)) VIRTUAL."
    )
    assert apply_fixes(pg_dsn, findings) == []
    assert diff_catalogs(want, _reflect(pg_dsn)) == []


def test_virtual_to_plain_column_is_dropped_and_added(pg18: psycopg.Connection[Any], pg_dsn: str) -> None:
    """DROP EXPRESSION works only on a stored column; a virtual one has no values to keep."""
    want = _expected_from("CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer)", pg18, pg_dsn)
    pg18.execute(TABLE.format("VIRTUAL").encode())
    findings = diff_catalogs(want, _reflect(pg_dsn))
    assert [f.rule for f in findings] == ["column.generated"]
    assert "DROP EXPRESSION" not in (findings[0].fix or "")
    assert apply_fixes(pg_dsn, findings) == []
    assert diff_catalogs(want, _reflect(pg_dsn)) == []


def test_created_generated_columns_say_their_storage() -> None:
    """Without a keyword PostgreSQL 18 makes a VIRTUAL column, so the DDL always names one."""
    stored = Column(name="b", type="integer", generated="(a * 2)", generated_storage="stored")
    virtual = stored.model_copy(update={"generated_storage": "virtual"})
    unknown = stored.model_copy(update={"generated_storage": None})  # a snapshot from before
    assert ddl.column_definition(stored) == "b integer GENERATED ALWAYS AS ((a * 2)) STORED"
    assert ddl.column_definition(virtual) == "b integer GENERATED ALWAYS AS ((a * 2)) VIRTUAL"
    assert ddl.column_definition(unknown) == "b integer GENERATED ALWAYS AS ((a * 2)) STORED"
    assert "rewrites table" not in hazards_of("ALTER TABLE t ADD COLUMN " + ddl.column_definition(virtual))
    assert "rewrites table" in hazards_of("ALTER TABLE t ADD COLUMN " + ddl.column_definition(stored))
