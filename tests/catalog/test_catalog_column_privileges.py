"""Column privileges (pg_attribute.attacl) are reflected as `Table.column_privileges`: one entry per
(column, grantee, privilege), PUBLIC spelt PUBLIC, WITH GRANT OPTION as `grantable`, the owner's own
privileges left out, and never confused with table privileges (pg_class.relacl)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from catalog_testing import ReflectSql, table

from drift.catalog import reflect
from drift.model import ColumnPrivilege, Table

ROLES = ("drift_col_analyst", "drift_col_clerk", "Odd Role")


@pytest.fixture
def roles(pg_conn: psycopg.Connection[Any], make_role: Any) -> Iterator[None]:
    # make_role: roles are server-wide, and workers sharing a server take turns on a name.
    for role in ROLES:
        make_role(role)
    yield


def _grants(t: Table) -> list[tuple[str, str, str, bool]]:
    return [(p.column, p.grantee, p.privilege, p.grantable) for p in t.column_privileges]


def test_column_grants(reflect_sql: ReflectSql, roles: None) -> None:
    snapshot = reflect_sql(
        'CREATE TABLE users (id integer, email text, status text, "Odd Col" text, note text);'
        "GRANT SELECT (email) ON users TO drift_col_analyst;"
        "GRANT UPDATE (status, note) ON users TO drift_col_clerk;"
        'GRANT SELECT ("Odd Col") ON users TO drift_col_clerk WITH GRANT OPTION;'
        "GRANT INSERT (id) ON users TO PUBLIC;"
        'GRANT REFERENCES (id) ON users TO "Odd Role";'
        "GRANT SELECT ON users TO drift_col_analyst;"  # a table grant stays a table grant
    )
    users = table(snapshot.catalog, "users", "public")
    assert _grants(users) == [
        ("Odd Col", "drift_col_clerk", "SELECT", True),
        ("email", "drift_col_analyst", "SELECT", False),
        ("id", "Odd Role", "REFERENCES", False),
        ("id", "PUBLIC", "INSERT", False),
        ("note", "drift_col_clerk", "UPDATE", False),
        ("status", "drift_col_clerk", "UPDATE", False),
    ]
    assert [(p.grantee, p.privilege) for p in users.privileges] == [("drift_col_analyst", "SELECT")]
    # what construct() built is what validation builds
    assert Table.model_validate(users.model_dump()) == users
    assert all(isinstance(p, ColumnPrivilege) for p in users.column_privileges)


def test_no_column_grants_and_dropped_columns(reflect_sql: ReflectSql, roles: None) -> None:
    snapshot = reflect_sql(
        "CREATE TABLE plain (id integer);"
        "CREATE TABLE t (id integer, gone text, kept text);"
        "GRANT SELECT (gone, kept) ON t TO drift_col_analyst;"
        "ALTER TABLE t DROP COLUMN gone;"
    )
    assert table(snapshot.catalog, "plain", "public").column_privileges == ()
    assert _grants(table(snapshot.catalog, "t", "public")) == [("kept", "drift_col_analyst", "SELECT", False)]


def test_second_schema_and_views(reflect_sql: ReflectSql, roles: None) -> None:
    snapshot = reflect_sql(
        "CREATE SCHEMA hr; CREATE SCHEMA other;"
        "CREATE TABLE hr.pay (id integer, amount numeric);"
        "CREATE VIEW hr.pay_v AS SELECT id, amount FROM hr.pay;"
        "CREATE TABLE other.x (id integer);"
        "GRANT SELECT (amount) ON hr.pay TO drift_col_analyst;"
        "GRANT SELECT (id) ON hr.pay_v TO drift_col_clerk;"
        "GRANT SELECT (id) ON other.x TO drift_col_clerk;",
        schemas=["hr"],
    )
    catalog = snapshot.catalog
    assert _grants(table(catalog, "pay", "hr")) == [("amount", "drift_col_analyst", "SELECT", False)]
    assert _grants(table(catalog, "pay_v", "hr")) == [("id", "drift_col_clerk", "SELECT", False)]
    assert catalog.get_schema("other") is None


def test_owner_column_grants_left_out(reflect_sql: ReflectSql, roles: None) -> None:
    snapshot = reflect_sql(
        "CREATE TABLE t (id integer); ALTER TABLE t OWNER TO drift_col_clerk;"
        "GRANT SELECT (id) ON t TO drift_col_clerk;"  # the owner's own: not a grant to anyone
        "GRANT UPDATE (id) ON t TO drift_col_analyst;"
    )
    assert _grants(table(snapshot.catalog, "t", "public")) == [("id", "drift_col_analyst", "UPDATE", False)]


def test_a_role_without_table_privileges_sees_column_grants(
    reflect_sql: ReflectSql, pg_conn: psycopg.Connection[Any], make_role: Any, roles: None
) -> None:
    """attacl is in pg_attribute, readable by any role: docs/safety.md's minimum role suffices."""
    pg_conn.execute(
        b"CREATE TABLE t (id integer, secret text); GRANT SELECT (secret) ON t TO drift_col_analyst"
    )
    dsn = make_role("drift_col_lowpriv", "pw")
    low = table(reflect(dsn, with_stats=False).catalog, "t", "public")
    assert _grants(low) == [("secret", "drift_col_analyst", "SELECT", False)]
    assert low == table(reflect_sql().catalog, "t", "public")
