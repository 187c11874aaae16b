"""Column privileges drift both ways: a declared column grant the database lacks
(`column_privilege.missing`, fixed by `GRANT priv (col) ON ...`), an undeclared one
(`column_privilege.unexpected`, fixed by `REVOKE priv (col) ON ...`), a different WITH GRANT OPTION
(`column_privilege.grantable`). All info, like table grants; applying the fixes leaves no drift."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from test_golden_cases import apply_fixes

from drift.catalog import reflect
from drift.diff import diff_catalogs
from drift.fix_script import split_sql
from drift.model import Catalog, ColumnPrivilege, Table
from drift.pipeline import _orm_findings

ROLES = ("drift_dcp_analyst", "drift_dcp_clerk", "Odd Role")
TABLES = (
    'CREATE TABLE users (id integer, email text, status text, "Odd ""Col""" text);'
    "CREATE SCHEMA hr; CREATE TABLE hr.pay (id integer, amount numeric);"
)
WANT = (
    "GRANT SELECT (email) ON users TO drift_dcp_analyst;"
    "GRANT UPDATE (status, email) ON users TO drift_dcp_clerk;"
    'GRANT SELECT ("Odd ""Col""") ON users TO "Odd Role" WITH GRANT OPTION;'
    "GRANT REFERENCES (id) ON users TO PUBLIC;"
    "GRANT SELECT (amount) ON hr.pay TO drift_dcp_analyst;"
)
HAVE = (
    "GRANT SELECT (email, id) ON users TO drift_dcp_analyst;"  # id: not declared
    "GRANT UPDATE (status) ON users TO drift_dcp_clerk WITH GRANT OPTION;"  # email lacking; option extra
    'GRANT SELECT ("Odd ""Col""") ON users TO "Odd Role";'  # lacks the grant option
    "GRANT INSERT (status) ON users TO PUBLIC;"  # REFERENCES lacking, INSERT extra
    "GRANT SELECT (amount) ON hr.pay TO drift_dcp_clerk;"  # the wrong role
)


@pytest.fixture
def roles(pg_conn: psycopg.Connection[Any], make_role: Any) -> Iterator[None]:
    # make_role: roles are server-wide, and workers sharing a server take turns on a name.
    for role in ROLES:
        make_role(role)
    yield
    pg_conn.execute(b"DROP SCHEMA IF EXISTS hr CASCADE; DROP TABLE IF EXISTS users")


def _reflect(dsn: str) -> Catalog:
    return reflect(dsn, with_stats=False, schemas=["public", "hr"]).catalog


def _expected(conn: psycopg.Connection[Any], dsn: str) -> Catalog:
    conn.execute((TABLES + WANT).encode())
    catalog = _reflect(dsn)
    conn.execute(b"DROP SCHEMA hr CASCADE; DROP TABLE users")
    return catalog


def test_drift_both_ways_and_fixes(pg_conn: psycopg.Connection[Any], pg_dsn: str, roles: None) -> None:
    want = _expected(pg_conn, pg_dsn)
    pg_conn.execute((TABLES + HAVE).encode())
    findings = diff_catalogs(want, _reflect(pg_dsn))
    got = sorted((f.rule, f.path, f.severity, f.object_type) for f in findings)
    info = ("info", "privilege")
    assert got == sorted(
        [
            ("column_privilege.missing", ("hr", "pay", "drift_dcp_analyst:SELECT(amount)"), *info),
            ("column_privilege.unexpected", ("hr", "pay", "drift_dcp_clerk:SELECT(amount)"), *info),
            ("column_privilege.grantable", ("public", "users", 'Odd Role:SELECT(Odd "Col")'), *info),
            ("column_privilege.unexpected", ("public", "users", "drift_dcp_analyst:SELECT(id)"), *info),
            ("column_privilege.missing", ("public", "users", "drift_dcp_clerk:UPDATE(email)"), *info),
            ("column_privilege.grantable", ("public", "users", "drift_dcp_clerk:UPDATE(status)"), *info),
            ("column_privilege.missing", ("public", "users", "PUBLIC:REFERENCES(id)"), *info),
            ("column_privilege.unexpected", ("public", "users", "PUBLIC:INSERT(status)"), *info),
        ]
    )
    fixes = sorted(s.rstrip(";") for f in findings for s in split_sql(f.fix or ""))
    assert fixes == sorted(
        [
            "GRANT SELECT (amount) ON TABLE hr.pay TO drift_dcp_analyst",
            "REVOKE SELECT (amount) ON TABLE hr.pay FROM drift_dcp_clerk",
            'GRANT SELECT ("Odd ""Col""") ON TABLE public.users TO "Odd Role" WITH GRANT OPTION',
            "REVOKE SELECT (id) ON TABLE public.users FROM drift_dcp_analyst",
            "GRANT UPDATE (email) ON TABLE public.users TO drift_dcp_clerk",
            "REVOKE GRANT OPTION FOR UPDATE (status) ON TABLE public.users FROM drift_dcp_clerk",
            "GRANT REFERENCES (id) ON TABLE public.users TO PUBLIC",
            "REVOKE INSERT (status) ON TABLE public.users FROM PUBLIC",
        ]
    )
    missing = next(f for f in findings if f.rule == "column_privilege.missing" and f.path[1] == "pay")
    assert missing.message == "drift_dcp_analyst lacks SELECT on column hr.pay.amount."
    # the ORM cannot declare grants: none of these is drift from the models
    assert _orm_findings(findings) == []

    assert apply_fixes(pg_dsn, findings) == []
    assert diff_catalogs(want, _reflect(pg_dsn)) == []


def test_missing_table_is_created_with_its_column_grants(
    pg_conn: psycopg.Connection[Any], pg_dsn: str, roles: None
) -> None:
    want = _expected(pg_conn, pg_dsn)
    findings = diff_catalogs(want, _reflect(pg_dsn))
    assert apply_fixes(pg_dsn, findings) == []
    assert diff_catalogs(want, _reflect(pg_dsn)) == []


def test_table_and_column_grants_are_told_apart() -> None:
    users = Table(name="users", columns=())
    granted = users.model_copy(
        update={"column_privileges": (ColumnPrivilege(column="email", grantee="a", privilege="SELECT"),)}
    )
    want = Catalog.model_validate({"schemas": [{"name": "public", "tables": [granted.model_dump()]}]})
    have = Catalog.model_validate(
        {
            "schemas": [
                {
                    "name": "public",
                    "tables": [{"name": "users", "privileges": [{"grantee": "a", "privilege": "SELECT"}]}],
                }
            ]
        }
    )
    rules = sorted(f.rule for f in diff_catalogs(want, have))
    assert rules == ["column_privilege.missing", "privilege.unexpected"]
