"""Expressions and defaults spelt as the server prints them back (`pg_get_expr`, `pg_get_indexdef`).

Each case is created on the real server and read back; the converter's text must be identical, or,
for shapes outside the supported subset, the converter must say so (None) rather than guess.
"""

from __future__ import annotations

from typing import Any

import psycopg
import sqlalchemy as sa
from orm_testing import CreateAll

from drift.sources.orm import catalog_from_metadata
from drift.sources.orm_defaults import referenced_columns
from drift.sources.orm_exprs import server_expression

COLUMNS = {
    "i": "integer",
    "b": "bigint",
    "s": "smallint",
    "n": "numeric(10,2)",
    "r": "real",
    "d": "double precision",
    "v": "character varying(10)",
    "t": "text",
    "c": "character(2)",
    "e": "ab",
    "bo": "boolean",
    "dt": "timestamp without time zone",
    "tz": "timestamp with time zone",
    "dd": "date",
}
SUPPORTED = [
    "i > 0", "i > -1", "i > '5'", "i > 1.5", "i > b", "s > 0", "s > i", "b > 3000000000",
    "n > 0", "n > -1", "n > -1.5", "n > '5'", "n >= 0.0", "n > i", "i * n > 0", "i / 2 > n",
    "r > 0", "r > 1.5", "r > d", "d > 0", "n > d", "r > n", "d > '5'",
    "v = 'x'", "v = t", "t = 'x'", "c = 'ab'", "v = c", "c = t", "v <> ''", "i != 3",
    "v || 'x' = 'y'", "t || v = 'z'", "e = 'a'", "bo = 'true'", "bo", "NOT bo",
    "bo AND i > 0 AND n > 0", "i > 0 OR (n > 0 AND i < 5)", "i IS NULL", "v IS NOT NULL",
    "char_length(v) > 0", "lower(v) = 'x'", "length(t) < 5", "upper(c) = 'X'", "abs(n) > 1",
    "coalesce(i, 0) > 0", "i + 1 > 2", "-i > 0", "i % 2 = 0", "b + i > 0", "(i > 0) = true",
    "i BETWEEN 1 AND 5", "i NOT BETWEEN 1 AND 5", "i >= 0 AND i <= 10",
    "v IN ('a', 'b')", "i IN (1, 2)", "n IN (1, 2.5)", "t IN ('a', 'b')", "e IN ('a', 'b')",
    "i NOT IN (1, 2)", "v LIKE 'a%'", "v NOT LIKE 'a%'", "t ILIKE 'a'", "v ~ '^a'",
    "i::numeric > 1", "v::text = 'a'", "dt > now()", "tz > now()", "dd < CURRENT_DATE",
    "dt > tz", '"i" > 0',
]  # fmt: skip
UNSUPPORTED = ["i <> ALL (ARRAY[1])", "n > 1e3", "t ~ ANY (ARRAY['a'])", "i = (SELECT 1)", "v SIMILAR TO 'a'"]
INDEX_KEYS = ["lower(v)", "upper(t)", "char_length(v)", "coalesce(i, 0)", "abs(n)"]


def _setup(conn: psycopg.Connection[Any]) -> None:
    conn.execute("CREATE TYPE ab AS ENUM ('a', 'b')")


def _table(conn: psycopg.Connection[Any], name: str, extra: str) -> None:
    columns = ", ".join(f"{c} {t}" for c, t in COLUMNS.items())
    conn.execute(f"CREATE TABLE {name} ({columns}, {extra})")


def test_check_expressions_as_the_server_prints_them(pg_conn: psycopg.Connection[Any]) -> None:
    _setup(pg_conn)
    wrong = []
    for k, expression in enumerate(SUPPORTED):
        _table(pg_conn, f"t{k}", f"CONSTRAINT ck CHECK ({expression})")
        row = pg_conn.execute(
            "SELECT pg_get_expr(conbin, conrelid) FROM pg_constraint WHERE conrelid = %s::regclass",
            (f"t{k}",),
        ).fetchone()
        assert row is not None
        mine = server_expression(expression, COLUMNS)
        if mine != row[0]:
            wrong.append((expression, mine, row[0]))
    assert wrong == []


def test_index_expressions_as_the_server_prints_them(pg_conn: psycopg.Connection[Any]) -> None:
    _setup(pg_conn)
    _table(pg_conn, "t", "id int")
    wrong = []
    for k, key in enumerate(INDEX_KEYS):
        pg_conn.execute(f"CREATE INDEX ix{k} ON t (({key}))")
        row = pg_conn.execute("SELECT pg_get_indexdef(%s::regclass, 1, true)", (f"ix{k}",)).fetchone()
        assert row is not None
        mine = server_expression(key, COLUMNS, pretty=True)
        if mine != row[0]:
            wrong.append((key, mine, row[0]))
    assert wrong == []


def test_outside_the_subset_nothing_is_guessed() -> None:
    assert [server_expression(e, COLUMNS) for e in UNSUPPORTED] == [None] * len(UNSUPPORTED)
    assert server_expression("unknown_column > 0", COLUMNS) is None
    assert server_expression("some_function(i) > 0", COLUMNS) is None


def test_referenced_columns() -> None:
    columns = {"a", "b", "Mixed"}
    assert referenced_columns("a > 0 AND lower(b) = 'a'", columns) == ["a", "b"]
    assert referenced_columns("'a' = b::text", columns) == ["b"]
    assert referenced_columns('"Mixed" > 0 AND A < 1', columns) == ["Mixed", "a"]
    assert referenced_columns("now() > '2020-01-01'", columns) == []


SERVER_DEFAULTS: list[tuple[Any, Any]] = [
    (sa.Integer, "0"), (sa.Integer, "-1"), (sa.Integer, sa.text("0")), (sa.Integer, sa.text("-1")),
    (sa.Integer, "42"), (sa.Integer, sa.literal(5)), (sa.Integer, sa.text("1 + 2")),
    (sa.BigInteger, "0"), (sa.BigInteger, sa.text("0")), (sa.BigInteger, sa.text("3000000000")),
    (sa.SmallInteger, "0"), (sa.SmallInteger, sa.text("0")),
    (sa.Numeric(10, 2), "0"), (sa.Numeric(10, 2), sa.text("0")), (sa.Numeric(10, 2), "1.5"),
    (sa.Numeric(10, 2), "007.50"), (sa.Numeric(10, 2), sa.text("1.5")), (sa.Numeric, sa.text("-1.5")),
    (sa.Float, "0"), (sa.Float, sa.text("1.5")), (sa.REAL, sa.text("1.5")),
    (sa.Boolean, "true"), (sa.Boolean, "false"), (sa.Boolean, "t"), (sa.Boolean, "0"),
    (sa.Boolean, sa.true()), (sa.Boolean, sa.false()), (sa.Boolean, sa.text("TRUE")),
    (sa.String, "active"), (sa.String(20), "active"), (sa.String, "it's"), (sa.Text, "x"),
    (sa.CHAR(2), "ab"), (sa.Text, ""), (sa.String, sa.literal("z")), (sa.String, sa.text("current_user")),
    (sa.DateTime, sa.func.now()), (sa.DateTime, sa.text("now()")), (sa.DateTime, sa.text("NOW()")),
    (sa.DateTime, sa.text("CURRENT_TIMESTAMP")), (sa.DateTime, sa.func.current_timestamp()),
    (sa.DateTime, sa.text("LOCALTIMESTAMP")), (sa.DateTime, sa.text("statement_timestamp()")),
    (sa.Date, sa.func.current_date()), (sa.Date, "2020-01-01"),
    (sa.JSON, "{}"), (sa.dialects.postgresql.JSONB, "{}"), (sa.dialects.postgresql.JSONB, sa.text("'[]'::jsonb")),
    (sa.ARRAY(sa.Text), "{}"), (sa.ARRAY(sa.Text), sa.text("'{}'::text[]")),
    (sa.ARRAY(sa.Text), sa.text("ARRAY[]::text[]")),
    (sa.Uuid, sa.func.gen_random_uuid()), (sa.Uuid, sa.text("gen_random_uuid()")),
    (sa.Enum("a", "b", name="ab_default"), "a"), (sa.Interval, "1 day"),
    (sa.Integer, sa.text("nextval('default_seq')")), (sa.Integer, sa.text("nextval('public.default_seq'::regclass)")),
]  # fmt: skip


def test_server_defaults_as_the_server_prints_them(create_all: CreateAll) -> None:
    md = sa.MetaData()
    sa.Sequence("default_seq", metadata=md)
    sa.Table(
        "defaults",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        *(sa.Column(f"c{i}", t, server_default=d) for i, (t, d) in enumerate(SERVER_DEFAULTS)),
    )
    mine = catalog_from_metadata([md]).get_table("public", "defaults")
    theirs = create_all(md).get_table("public", "defaults")
    assert mine is not None and theirs is not None
    wrong = [
        (repr(SERVER_DEFAULTS[i - 1]), m.default, t.default)
        for i, (m, t) in enumerate(zip(mine.columns, theirs.columns, strict=True))
        if m.default != t.default
    ]
    assert wrong == []
