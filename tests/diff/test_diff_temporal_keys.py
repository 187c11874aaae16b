"""Temporal keys (PostgreSQL 18): a WITHOUT OVERLAPS / PERIOD difference is one
`<kind>.without_overlaps` / `foreign_key.period` error finding whose fix (drop and add) leaves no
drift; missing temporal keys and tables are created with them spelt."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from test_golden_cases import apply_fixes

from drift.catalog import reflect
from drift.diff import ddl, diff_catalogs
from drift.model import Catalog, ForeignKey, PrimaryKey, UniqueConstraint

PARENT = (
    "CREATE TABLE p (id int4range, valid_at daterange,"
    " CONSTRAINT p_pk PRIMARY KEY (id, valid_at WITHOUT OVERLAPS){});"
)
CHILD = (
    "CREATE TABLE c (id int4range, pid int4range, valid_at daterange,"
    " CONSTRAINT c_uq UNIQUE (id, valid_at{}),"
    " CONSTRAINT c_fk FOREIGN KEY (pid{}) REFERENCES p (id{}))"
)


@pytest.fixture
def pg18(pg_conn: psycopg.Connection[Any]) -> psycopg.Connection[Any]:
    if pg_conn.info.server_version < 180000:
        pytest.skip("WITHOUT OVERLAPS and PERIOD are new in PostgreSQL 18")
    return pg_conn


def _reflect(dsn: str) -> Catalog:
    return reflect(dsn, with_stats=False).catalog


def _child(temporal: bool) -> str:
    if temporal:
        return CHILD.format(" WITHOUT OVERLAPS", ", PERIOD valid_at", ", PERIOD valid_at")
    return CHILD.format("", ", valid_at", ", valid_at").replace(
        "REFERENCES p (id, valid_at)", "REFERENCES p2 (id, valid_at)"
    )


@pytest.mark.parametrize("expected_temporal", [True, False])
def test_temporal_difference_and_fix(
    pg18: psycopg.Connection[Any], pg_dsn: str, expected_temporal: bool
) -> None:
    # p2: a plain unique key for the plain foreign key to reference
    pg18.execute(PARENT.format("").encode())
    pg18.execute(b"CREATE TABLE p2 (id int4range, valid_at daterange, UNIQUE (id, valid_at))")
    pg18.execute(_child(expected_temporal).encode())
    want = _reflect(pg_dsn)
    pg18.execute(b"DROP TABLE c")
    pg18.execute(_child(not expected_temporal).encode())

    findings = diff_catalogs(want, _reflect(pg_dsn))
    rules = sorted(f.rule for f in findings)
    assert "unique.without_overlaps" in rules
    assert all(f.severity == "error" for f in findings if f.rule.endswith(("without_overlaps", "period")))
    assert apply_fixes(pg_dsn, findings) == []
    assert diff_catalogs(want, _reflect(pg_dsn)) == []


def test_missing_temporal_tables_are_created(pg18: psycopg.Connection[Any], pg_dsn: str) -> None:
    pg18.execute(PARENT.format("").encode())
    pg18.execute(_child(True).encode())
    want = _reflect(pg_dsn)
    pg18.execute(b"DROP TABLE c, p")
    findings = diff_catalogs(want, _reflect(pg_dsn))
    assert sorted(f.rule for f in findings) == ["table.missing", "table.missing"]
    assert apply_fixes(pg_dsn, findings) == []
    assert diff_catalogs(want, _reflect(pg_dsn)) == []


def test_missing_temporal_keys_are_added(pg18: psycopg.Connection[Any], pg_dsn: str) -> None:
    pg18.execute(PARENT.format("").encode())
    pg18.execute(_child(True).encode())
    want = _reflect(pg_dsn)
    pg18.execute(b"ALTER TABLE c DROP CONSTRAINT c_fk, DROP CONSTRAINT c_uq")
    findings = diff_catalogs(want, _reflect(pg_dsn))
    assert sorted(f.rule for f in findings) == ["foreign_key.missing", "unique.missing"]
    assert apply_fixes(pg_dsn, findings) == []
    assert diff_catalogs(want, _reflect(pg_dsn)) == []


def test_clauses() -> None:
    pk = PrimaryKey(name="k", columns=("id", "valid_at"), without_overlaps=True)
    assert ddl.primary_key_clause(pk) == "CONSTRAINT k PRIMARY KEY (id, valid_at WITHOUT OVERLAPS)"
    uq = UniqueConstraint(name="u", columns=("id", "valid_at"), without_overlaps=True)
    assert ddl.unique_clause(uq) == "CONSTRAINT u UNIQUE (id, valid_at WITHOUT OVERLAPS)"
    fk = ForeignKey(
        name="f",
        columns=("a", "v"),
        ref_schema="public",
        ref_table="p",
        ref_columns=("id", "valid_at"),
        period=True,
    )
    assert ddl.foreign_key_clause(fk) == (
        "CONSTRAINT f FOREIGN KEY (a, PERIOD v) REFERENCES public.p (id, PERIOD valid_at)"
    )
