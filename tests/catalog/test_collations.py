"""Collations outside pg_catalog (`CREATE COLLATION app.mycoll ...`, the usual home of a
case-insensitive ICU collation is `public`): an index key names them as the server does
(`b COLLATE app.mycoll`, never `COLLATE "app.mycoll"`, which names a collation that does not exist),
and the fix SQL drift writes for columns, domains and indexes that use them runs on a real server.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from catalog_testing import server_index_keys

from drift.catalog import reflect
from drift.cli.app import main
from drift.diff.quoting import collation_sql

# Collations are not reflected as objects of their own: both databases create them.
COLLATIONS = """
CREATE SCHEMA app;
CREATE COLLATION app.mycoll (provider = libc, locale = 'C');
CREATE COLLATION app."Odd Coll" (provider = libc, locale = 'C');
CREATE COLLATION public.case_insensitive (provider = libc, locale = 'POSIX');
"""

OBJECTS = """
CREATE DOMAIN app.code AS text COLLATE app.mycoll;
CREATE TABLE app.t (
    id integer PRIMARY KEY,
    a text COLLATE app.mycoll,
    b text COLLATE "C",
    c text COLLATE app."Odd Coll",
    d text COLLATE public.case_insensitive,
    e app.code
);
CREATE INDEX t_a_c_idx ON app.t (a COLLATE "C");
CREATE INDEX t_b_mycoll_idx ON app.t (b COLLATE app.mycoll);
CREATE INDEX t_b_odd_idx ON app.t (b COLLATE app."Odd Coll" DESC);
CREATE INDEX t_b_ci_idx ON app.t (b COLLATE public.case_insensitive);
CREATE INDEX t_a_posix_idx ON app.t (a COLLATE "POSIX");
"""


def test_index_keys_name_collations_as_the_server_does(pg_dsn: str) -> None:
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(COLLATIONS + OBJECTS)
        server = server_index_keys(conn, "app.t")
    schema = reflect(pg_dsn).catalog.get_schema("app")
    assert schema is not None
    table = next(t for t in schema.tables if t.name == "t")
    keys = {i.name: i.keys for i in table.indexes}
    assert keys == {
        "t_a_c_idx": ('a COLLATE "C"',),
        "t_b_mycoll_idx": ("b COLLATE app.mycoll",),
        "t_b_odd_idx": ('b COLLATE app."Odd Coll" DESC',),
        "t_b_ci_idx": ("b COLLATE public.case_insensitive",),
        "t_a_posix_idx": ('a COLLATE "POSIX"',),
        "t_pkey": ("id",),
    }
    # Each key is the server's own text, except that a collation in public keeps its schema (the
    # server leaves it out only while public is on the search path).
    for name, (key,) in keys.items():
        assert key == server[name].replace("COLLATE case_insensitive", "COLLATE public.case_insensitive")
    columns = {c.name: c.collation for c in table.columns}
    assert columns == {
        "id": None,
        "a": "app.mycoll",
        "b": "C",
        "c": "app.Odd Coll",
        "d": "public.case_insensitive",
        "e": None,
    }


def test_fix_sql_recreates_columns_domains_and_indexes_with_such_collations(
    pg_dsn: str, reference_dsn: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from drift.fix_script import split_sql

    with psycopg.connect(reference_dsn, autocommit=True) as conn:
        conn.execute(COLLATIONS + OBJECTS)
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(COLLATIONS)
    fix = tmp_path / "fix.sql"
    with pytest.raises(SystemExit) as info:
        main(["diff", "--dsn", pg_dsn, "--dsn", reference_dsn, "--fix-sql", str(fix)])
    assert info.value.code == 1, capsys.readouterr().err
    sql = fix.read_text()
    assert "COLLATE app.mycoll" in sql and 'COLLATE app."Odd Coll"' in sql
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        for statement in split_sql(sql):
            conn.execute(statement.encode())
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        main(["diff", "--dsn", pg_dsn, "--dsn", reference_dsn])
    assert info.value.code == 0, capsys.readouterr().out


@pytest.mark.parametrize(
    ("collation", "schemas", "sql"),
    [
        ("C", (), '"C"'),
        ("ucs_basic", (), "ucs_basic"),
        ("en_US.utf8", (), '"en_US.utf8"'),  # a pg_catalog libc collation, one name
        ("app.mycoll", ("app",), "app.mycoll"),
        ("app.Odd Coll", ("app",), 'app."Odd Coll"'),
        ("public.case_insensitive", (), "public.case_insensitive"),
        ("pg_catalog.C", (), 'pg_catalog."C"'),
        ('"C"', (), '"C"'),  # already SQL (an expected-schema file may quote it)
        ("My.Schema.x", ("My.Schema",), '"My.Schema".x'),
    ],
)
def test_collation_sql(collation: str, schemas: tuple[str, ...], sql: str) -> None:
    assert collation_sql(collation, *schemas) == sql
