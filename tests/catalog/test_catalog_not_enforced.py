"""NOT ENFORCED foreign keys and checks (PostgreSQL 18): `enforced` is False (and the server reports
them not validated); everything before 18, and every other constraint, is enforced."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from catalog_testing import ReflectSql, table

from drift.catalog.sql import QueryBuilder
from drift.model import CheckConstraint, ForeignKey

SQL = (
    "CREATE TABLE p (id integer PRIMARY KEY);"
    "CREATE TABLE t (id integer, pid integer, v integer,"
    " CONSTRAINT t_fk FOREIGN KEY (pid) REFERENCES p (id) NOT ENFORCED,"
    " CONSTRAINT t_fk_on FOREIGN KEY (pid) REFERENCES p (id),"
    " CONSTRAINT t_ck CHECK (v > 0) NOT ENFORCED,"
    " CONSTRAINT t_ck_on CHECK (v < 100))"
)


def test_not_enforced_constraints(reflect_sql: ReflectSql, pg_conn: psycopg.Connection[Any]) -> None:
    if pg_conn.info.server_version < 180000:
        pytest.skip("NOT ENFORCED constraints are new in PostgreSQL 18")
    t = table(reflect_sql(SQL).catalog, "t", "public")
    fks = {fk.name: fk for fk in t.foreign_keys}
    checks = {c.name: c for c in t.check_constraints}
    assert (fks["t_fk"].enforced, fks["t_fk"].validated) == (False, False)
    assert (fks["t_fk_on"].enforced, fks["t_fk_on"].validated) == (True, True)
    assert (checks["t_ck"].enforced, checks["t_ck"].validated) == (False, False)
    assert (checks["t_ck_on"].enforced, checks["t_ck_on"].validated) == (True, True)
    # what construct() built is what validation builds
    for fk in fks.values():
        assert ForeignKey.model_validate(fk.model_dump()) == fk
    for ck in checks.values():
        assert CheckConstraint.model_validate(ck.model_dump()) == ck


def test_enforced_by_default(reflect_sql: ReflectSql) -> None:
    t = table(
        reflect_sql(
            "CREATE TABLE p (id integer PRIMARY KEY);"
            "CREATE TABLE t (pid integer REFERENCES p (id), v integer CHECK (v > 0))"
        ).catalog,
        "t",
        "public",
    )
    assert [fk.enforced for fk in t.foreign_keys] == [True]
    assert [c.enforced for c in t.check_constraints] == [True]


def test_query_fragment_by_version() -> None:
    assert b"co.conenforced AS conenforced" in QueryBuilder(180000).build("constraints")
    assert b"true AS conenforced" in QueryBuilder(170000).build("constraints")


def test_old_documents_mean_enforced() -> None:
    fk = ForeignKey.model_validate(
        {"name": "f", "columns": ["a"], "ref_schema": "public", "ref_table": "p", "ref_columns": ["id"]}
    )
    assert fk.enforced is True
    assert CheckConstraint.model_validate({"name": "c", "expression": "a > 0"}).enforced is True
