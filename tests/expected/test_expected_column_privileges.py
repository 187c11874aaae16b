"""`column_privileges:` in an expected-schema file (grantee -> column -> privileges): read into
`Table.column_privileges`, written by `drift init`, read back exactly (init then check is clean), and
validated the same by the fast reader and pydantic."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from test_expected_errors import _error
from test_expected_fast_specs import _check, _variants
from test_expected_live import _run, check_drift

from drift.sources.expected import load_expected
from drift.sources.expected.yaml_reader import read_yaml

TABLE = """schema: public
tables:
  users:
    columns:
      id: integer
      email: text
      Odd Col: text
    privileges:
      drift_ecp_analyst: [SELECT]
    column_privileges:
      drift_ecp_analyst:
        email: [SELECT, UPDATE WITH GRANT OPTION]
      PUBLIC:
        id: [REFERENCES]
      Odd Role:
        Odd Col: [INSERT]
"""


def _grants(tmp_path: Path, text: str) -> list[tuple[str, str, str, bool]]:
    (tmp_path / "public.yaml").write_text(text, encoding="utf-8")
    table = load_expected(tmp_path).catalog.get_table("public", "users")
    assert table is not None
    return [(p.column, p.grantee, p.privilege, p.grantable) for p in table.column_privileges]


def test_read(tmp_path: Path) -> None:
    assert _grants(tmp_path, TABLE) == [
        ("Odd Col", "Odd Role", "INSERT", False),
        ("email", "drift_ecp_analyst", "SELECT", False),
        ("email", "drift_ecp_analyst", "UPDATE", True),
        ("id", "PUBLIC", "REFERENCES", False),
    ]


def test_empty_section_is_none(tmp_path: Path) -> None:
    assert _grants(tmp_path, "schema: public\ntables:\n  users:\n    column_privileges:\n") == []


def test_a_grantee_without_columns_is_an_error(tmp_path: Path) -> None:
    text = "schema: public\ntables:\n  users:\n    column_privileges:\n      analyst: [SELECT]\n"
    message = _error(tmp_path, text)
    assert message.startswith("public.yaml:5: tables.users.column_privileges.analyst")


def test_a_grant_on_an_undeclared_column_is_an_error(tmp_path: Path) -> None:
    text = (
        "schema: public\ntables:\n  users:\n    columns:\n      id: bigint\n      email: text\n"
        "    column_privileges:\n      analyst:\n        emial: [SELECT]\n"
    )
    assert _error(tmp_path, text) == (
        "public.yaml:9: tables.users.column_privileges.analyst.emial: "
        "'emial' is not a column of users; did you mean 'email'?"
    )


def test_fast_reader_agrees_with_pydantic() -> None:
    assert _check(read_yaml(TABLE))  # the plain form takes the fast path
    for variant in _variants(read_yaml(TABLE)):
        _check(variant)


ROLES = ("drift_ecp_analyst", "Odd Role")


@pytest.fixture
def roles(pg_conn: psycopg.Connection[Any], make_role: Any) -> Iterator[None]:
    # make_role: roles are server-wide, and workers sharing a server take turns on a name.
    for role in ROLES:
        make_role(role)
    yield


def _drift(capsys: Any, pg_dsn: str, out: Path) -> tuple[int, list[tuple[str, list[str]]]]:
    code, drift = check_drift(capsys, pg_dsn, out)
    return code, [(f["rule"], f["path"]) for f in drift]


def test_init_then_check_is_clean(
    pg_conn: psycopg.Connection[Any], pg_dsn: str, tmp_path: Path, capsys: Any, roles: None
) -> None:
    pg_conn.execute(
        b'CREATE TABLE users (id integer, email text, "Odd Col" text, "a.b:c" text);'
        b"CREATE SCHEMA hr; CREATE TABLE hr.pay (id integer, amount numeric);"
        b"GRANT SELECT (email) ON users TO drift_ecp_analyst;"
        b'GRANT UPDATE (email, "Odd Col") ON users TO drift_ecp_analyst WITH GRANT OPTION;'
        b'GRANT INSERT ("a.b:c") ON users TO "Odd Role";'
        b"GRANT REFERENCES (id) ON users TO PUBLIC;"
        b"GRANT SELECT (amount) ON hr.pay TO drift_ecp_analyst;"
    )
    out = tmp_path / "expected"
    assert _run("init", "--dsn", pg_dsn, "--out", str(out)) == 0
    written = (out / "public.yaml").read_text(encoding="utf-8")
    assert "column_privileges:" in written
    assert "column_privileges:" in (out / "hr.yaml").read_text(encoding="utf-8")
    assert _drift(capsys, pg_dsn, out) == (0, [])

    # revoke one column grant and add another: two findings, one each way
    pg_conn.execute(
        b'REVOKE SELECT (email) ON users FROM drift_ecp_analyst; GRANT SELECT (id) ON users TO "Odd Role"'
    )
    code, found = _drift(capsys, pg_dsn, out)
    assert sorted(found) == [
        ("column_privilege.missing", ["public", "users", "drift_ecp_analyst:SELECT(email)"]),
        ("column_privilege.unexpected", ["public", "users", "Odd Role:SELECT(id)"]),
    ]
    assert code == 0  # info findings: the default fail_on is not reached
