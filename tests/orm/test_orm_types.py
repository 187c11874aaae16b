"""Column types: the converter's spelling is exactly what `format_type()` shows after `create_all`."""

from __future__ import annotations

import enum
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from orm_testing import CreateAll
from sqlalchemy.dialects import mysql
from sqlalchemy.dialects import postgresql as pg

from drift.errors import InputError
from drift.pgserver import PgServer
from drift.sources.orm import catalog_from_metadata
from drift.sources.orm_types import catalog_spelling, uncast_spelling


class Mood(enum.Enum):
    happy = 1
    sad = 2


# (SQLAlchemy type, the format_type() spelling the catalog shows)
TYPES: list[tuple[Any, str]] = [
    (sa.String(), "character varying"),
    (sa.String(255), "character varying(255)"),
    (sa.Unicode(10), "character varying(10)"),
    (sa.VARCHAR(5), "character varying(5)"),
    (sa.Text(), "text"),
    (sa.UnicodeText(), "text"),
    (sa.CHAR(), "character(1)"),
    (sa.CHAR(3), "character(3)"),
    (sa.NCHAR(2), "character(2)"),
    (sa.Integer(), "integer"),
    (sa.BigInteger(), "bigint"),
    (sa.SmallInteger(), "smallint"),
    (sa.Numeric(), "numeric"),
    (sa.Numeric(10, 2), "numeric(10,2)"),
    (sa.Numeric(10), "numeric(10,0)"),
    (sa.DECIMAL(6, 3), "numeric(6,3)"),
    (sa.Float(), "double precision"),
    (sa.Float(24), "real"),
    (sa.Float(53), "double precision"),
    (sa.REAL(), "real"),
    (sa.Double(), "double precision"),
    (sa.DOUBLE_PRECISION(), "double precision"),
    (sa.Boolean(), "boolean"),
    (sa.Date(), "date"),
    (sa.DateTime(), "timestamp without time zone"),
    (sa.DateTime(timezone=True), "timestamp with time zone"),
    (pg.TIMESTAMP(precision=3), "timestamp(3) without time zone"),
    (pg.TIMESTAMP(timezone=True, precision=0), "timestamp(0) with time zone"),
    (sa.Time(), "time without time zone"),
    (sa.Time(timezone=True), "time with time zone"),
    (pg.TIME(precision=2), "time(2) without time zone"),
    (sa.Interval(), "interval"),
    (pg.INTERVAL(fields="DAY TO SECOND"), "interval day to second"),
    (pg.INTERVAL(fields="DAY TO SECOND", precision=3), "interval day to second(3)"),
    (pg.INTERVAL(precision=3), "interval(3)"),
    (pg.INTERVAL(fields="YEAR"), "interval year"),
    (sa.LargeBinary(), "bytea"),
    (sa.PickleType(), "bytea"),
    (pg.BYTEA(), "bytea"),
    (sa.JSON(), "json"),
    (pg.JSON(), "json"),
    (pg.JSONB(), "jsonb"),
    (sa.Uuid(), "uuid"),
    (pg.UUID(), "uuid"),
    (sa.Uuid(as_uuid=False), "uuid"),
    (pg.INET(), "inet"),
    (pg.CIDR(), "cidr"),
    (pg.MACADDR(), "macaddr"),
    (pg.MACADDR8(), "macaddr8"),
    (pg.MONEY(), "money"),
    (pg.OID(), "oid"),
    (pg.REGCLASS(), "regclass"),
    (pg.REGCONFIG(), "regconfig"),
    (pg.TSVECTOR(), "tsvector"),
    (pg.TSQUERY(), "tsquery"),
    (pg.BIT(), "bit(1)"),
    (pg.BIT(3), "bit(3)"),
    (pg.BIT(varying=True), "bit varying"),
    (pg.BIT(5, varying=True), "bit varying(5)"),
    (pg.INT4RANGE(), "int4range"),
    (pg.INT8RANGE(), "int8range"),
    (pg.NUMRANGE(), "numrange"),
    (pg.DATERANGE(), "daterange"),
    (pg.TSRANGE(), "tsrange"),
    (pg.TSTZRANGE(), "tstzrange"),
    (pg.INT4MULTIRANGE(), "int4multirange"),
    (pg.TSTZMULTIRANGE(), "tstzmultirange"),
    (sa.ARRAY(sa.Text()), "text[]"),
    (pg.ARRAY(sa.Integer(), dimensions=2), "integer[]"),
    (sa.ARRAY(sa.String(10)), "character varying(10)[]"),
    (sa.ARRAY(sa.Numeric(5, 2)), "numeric(5,2)[]"),
    (sa.ARRAY(sa.DateTime(timezone=True)), "timestamp with time zone[]"),
    (pg.ARRAY(pg.JSONB()), "jsonb[]"),
    (sa.Enum("a", "b", name="abc"), "abc"),
    (sa.ARRAY(sa.Enum("a", "b", name="abc")), "abc[]"),
    (sa.Enum(Mood, name="mood"), "mood"),
    (sa.Enum("x", "yy", name="xy", native_enum=False), "character varying(2)"),
    (pg.ENUM("p", "q", name="Weird Name"), '"Weird Name"'),
    (sa.Enum("m", "n", name="other_enum", schema="other"), "other.other_enum"),
    (sa.Enum("m", "n", name="public_enum", schema="public"), "public_enum"),
    (pg.DOMAIN("posint", sa.Integer(), check="VALUE > 0"), "posint"),
    (sa.String(collation="C"), "character varying"),
    (sa.Text(collation="POSIX"), "text"),
]


class Shouting(sa.types.TypeDecorator[str]):
    """A TypeDecorator: compiles as its implementation."""

    impl = sa.String(40)
    cache_ok = True


class Vector(sa.types.UserDefinedType[Any]):
    """An extension type whose DDL is upper case; the server folds it."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "TSVECTOR"


EXTRA: list[tuple[Any, str]] = [
    (Shouting(), "character varying(40)"),
    (sa.String(20).with_variant(mysql.VARCHAR(30), "mysql"), "character varying(20)"),
    (sa.Text().with_variant(pg.JSONB(), "postgresql"), "jsonb"),
    (Vector(), "tsvector"),
]


def _metadata(types: list[tuple[Any, str]]) -> sa.MetaData:
    md = sa.MetaData()
    sa.Table(
        "typed",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        *(sa.Column(f"c{i}", t) for i, (t, _) in enumerate(types)),
    )
    return md


def test_types_spelled_as_format_type(create_all: CreateAll, pg_server: PgServer) -> None:
    # Multirange types exist from PostgreSQL 14.
    cases = [case for case in TYPES + EXTRA if pg_server.version >= 14 or "multirange" not in case[1]]
    md = _metadata(cases)
    converted = catalog_from_metadata([md]).get_table("public", "typed")
    reflected = create_all(md, schemas=["other"]).get_table("public", "typed")
    assert converted is not None and reflected is not None
    mismatches = []
    for i, (type_, spelling) in enumerate(cases):
        mine = converted.get_column(f"c{i}")
        theirs = reflected.get_column(f"c{i}")
        assert mine is not None and theirs is not None
        if not (mine.type == theirs.type == spelling and mine.collation == theirs.collation):
            mismatches.append(
                (repr(type_), spelling, mine.type, theirs.type, mine.collation, theirs.collation)
            )
    assert mismatches == []


def test_collation_is_kept_apart_from_the_type() -> None:
    md = _metadata([(sa.String(collation="C"), ""), (sa.Text(collation='my "coll"'), "")])
    table = catalog_from_metadata([md]).get_table("public", "typed")
    assert table is not None
    assert [(c.type, c.collation) for c in table.columns[1:]] == [
        ("character varying", "C"),
        ("text", 'my "coll"'),
    ]


def test_extension_types(create_all: CreateAll, pg_conn: psycopg.Connection[Any]) -> None:
    try:
        pg_conn.execute("CREATE EXTENSION citext")
        pg_conn.execute("CREATE EXTENSION hstore")
    except psycopg.Error as e:
        pytest.skip(f"contrib extensions not available: {e}")
    types: list[tuple[Any, str]] = [(pg.CITEXT(), "citext"), (pg.HSTORE(), "hstore")]
    md = _metadata(types)
    converted = catalog_from_metadata([md]).get_table("public", "typed")
    reflected = create_all(md).get_table("public", "typed")
    assert converted is not None and reflected is not None
    assert [c.type for c in converted.columns] == [c.type for c in reflected.columns]


@pytest.mark.parametrize(
    ("compiled", "spelling"),
    [
        ("VARCHAR(10)[][]", "character varying(10)[]"),
        ("public.mood", "mood"),
        ('"public"."Mood"', '"Mood"'),
        ("app.mood[]", "app.mood[]"),
        ("GEOMETRY(POINT,4326)", "geometry(POINT,4326)"),
        ("NUMERIC(10, 2)", "numeric(10,2)"),
        ("TIMESTAMP WITH TIME ZONE", "timestamp with time zone"),
    ],
)
def test_catalog_spelling(compiled: str, spelling: str) -> None:
    assert catalog_spelling(compiled).spelling == spelling


@pytest.mark.parametrize(
    ("spelling", "uncast"),
    [
        ("character varying(20)", "character varying"),
        ("character(2)", "bpchar"),
        ("numeric(10,2)", "numeric"),
        ("timestamp(3) with time zone", "timestamp with time zone"),
        ("bit(3)", '"bit"'),
        ("interval day to second(3)", "interval"),
        ("character varying(5)[]", "character varying[]"),
        ("jsonb", "jsonb"),
    ],
)
def test_uncast_spelling(spelling: str, uncast: str) -> None:
    assert uncast_spelling(spelling) == uncast


def test_another_dialects_type_is_a_clear_error() -> None:
    md = sa.MetaData()
    sa.Table("flags", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("f", mysql.TINYINT()))
    with pytest.raises(InputError) as err:
        catalog_from_metadata([md])
    message = str(err.value)
    assert "public.flags.f" in message
    assert "TINYINT" in message and "mysql" in message and "PostgreSQL" in message
    assert "\n" not in message


def test_a_column_without_a_type_is_a_clear_error() -> None:
    md = sa.MetaData()
    sa.Table("t", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("x"))
    with pytest.raises(InputError, match=r"public\.t\.x: the model gives no type"):
        catalog_from_metadata([md])
