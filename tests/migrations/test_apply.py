"""Applying migration files to a real server: psql-like execution and file:line errors."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from drift.sources.migration_layouts import SqlSource, list_migrations
from drift.sources.migrations import MigrationFailed, apply_sql

Conn = psycopg.Connection[tuple[object, ...]]


def source(tmp_path: Path, text: str, first_line: int = 1) -> SqlSource:
    path = tmp_path / "0001_x.sql"
    path.write_text(text, encoding="utf-8")
    return SqlSource(path, text, first_line)


def tables(conn: Conn) -> list[str]:
    rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").fetchall()
    return [str(r[0]) for r in rows]


def test_error_names_file_line_statement_and_server_error(pg_conn: Conn, tmp_path: Path) -> None:
    text = "CREATE TABLE a (id int);\n\nCREATE TABLE b (\n  id int,\n  x nosuchtype\n);\n"
    src = source(tmp_path, text)
    with pytest.raises(MigrationFailed) as info:
        apply_sql(pg_conn, src)
    exc = info.value
    assert exc.line == 5  # the line of the bad type, not of the statement's start
    assert exc.error == 'type "nosuchtype" does not exist'
    assert "CREATE TABLE b" in exc.statement
    assert str(exc).startswith(f'{src.path}:5: type "nosuchtype" does not exist (in: CREATE TABLE b')
    assert "\n" not in str(exc)
    assert tables(pg_conn) == ["a"]  # statement by statement, as psql does


def test_error_line_counts_characters_not_bytes(pg_conn: Conn, tmp_path: Path) -> None:
    text = "COMMENT ON SCHEMA public IS 'ééééé';\nSELECT 'ü',\n  nosuchcolumn;\n"
    with pytest.raises(MigrationFailed) as info:
        apply_sql(pg_conn, source(tmp_path, text))
    assert info.value.line == 3


def test_error_line_without_position_is_the_statement_start(pg_conn: Conn, tmp_path: Path) -> None:
    text = "SELECT 1;\n\nDROP TABLE nosuchtable;\n"
    with pytest.raises(MigrationFailed) as info:
        apply_sql(pg_conn, source(tmp_path, text))
    assert info.value.line == 3
    assert 'table "nosuchtable" does not exist' in str(info.value)


def test_dbmate_section_lines_are_file_lines(pg_conn: Conn, tmp_path: Path) -> None:
    (tmp_path / "20240101_x.sql").write_text(
        "-- migrate:up\nCREATE TABLE a (id int);\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n"
    )
    (m,) = list_migrations(tmp_path)
    with pytest.raises(MigrationFailed) as info:
        apply_sql(pg_conn, m.up)
    assert info.value.line == 3


def test_concurrent_index_and_explicit_transactions_work(pg_conn: Conn, tmp_path: Path) -> None:
    text = (
        "BEGIN;\nCREATE TABLE t (id int);\nCREATE TABLE u (id int);\nCOMMIT;\n"
        "CREATE INDEX CONCURRENTLY t_id_idx ON t (id);\n"
        "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;\n"
    )
    assert apply_sql(pg_conn, source(tmp_path, text)) == []
    assert tables(pg_conn) == ["t", "u"]


def test_failure_inside_a_transaction_block_leaves_the_connection_usable(
    pg_conn: Conn, tmp_path: Path
) -> None:
    text = "BEGIN;\nCREATE TABLE t (id int);\nSELECT nosuch;\nCOMMIT;\n"
    with pytest.raises(MigrationFailed):
        apply_sql(pg_conn, source(tmp_path, text))
    assert pg_conn.execute("SELECT 1").fetchone() == (1,)
    assert tables(pg_conn) == []


def test_keep_going_collects_every_failure(pg_conn: Conn, tmp_path: Path) -> None:
    text = "CREATE TABLE t (id int);\nCREATE TABLE t (id int);\nCREATE TABLE u (id int);\nSELECT nosuch;\n"
    failures = apply_sql(pg_conn, source(tmp_path, text), keep_going=True)
    assert [f.line for f in failures] == [2, 4]
    assert tables(pg_conn) == ["t", "u"]


def test_psql_meta_command_is_a_clear_failure(pg_conn: Conn, tmp_path: Path) -> None:
    with pytest.raises(MigrationFailed, match=r"0001_x\.sql:2: psql meta-command \\set is not SQL"):
        apply_sql(pg_conn, source(tmp_path, "SELECT 1;\n\\set ON_ERROR_STOP on\n"))


def test_copy_from_stdin_is_refused(pg_conn: Conn, tmp_path: Path) -> None:
    pg_conn.execute("CREATE TABLE t (id int)")
    with pytest.raises(MigrationFailed, match=r"COPY \.\.\. FROM STDIN"):
        apply_sql(pg_conn, source(tmp_path, "COPY t (id) FROM stdin;\n"))


def test_missing_role_gets_a_hint(pg_conn: Conn, tmp_path: Path) -> None:
    text = "CREATE TABLE t (id int);\nGRANT SELECT ON t TO no_such_role_here;\n"
    with pytest.raises(
        MigrationFailed, match=r"0001_x\.sql:2: role .* does not exist .*hint: .*--scratch-dsn"
    ):
        apply_sql(pg_conn, source(tmp_path, text))
