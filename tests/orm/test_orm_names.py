"""Names: what the server calls what the model leaves unnamed, and naming conventions as create_all
applies them, including names too long for PostgreSQL's 63 bytes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from orm_testing import CreateAll, comparable

from drift.errors import InputError
from drift.model import Catalog, Table
from drift.sources.orm import catalog_from_metadata
from drift.sources.orm_names import column_names_addition, make_object_name

LONG_TABLE = "a_table_name_that_is_quite_long_for_postgresql_identifiers_x"  # 61 characters
LONG_COL = "a_column_name_that_is_also_quite_long_for_an_identifier"


def _names(table: Table) -> dict[str, list[str]]:
    return {
        "pk": [table.primary_key.name] if table.primary_key else [],
        "fk": [f.name for f in table.foreign_keys],
        "unique": [u.name for u in table.unique_constraints],
        "check": [c.name for c in table.check_constraints],
        "index": [i.name for i in table.indexes],
    }


def _all_names(catalog: Catalog) -> dict[str, dict[str, list[str]]]:
    out = {f"{s.name}.{t.name}": _names(t) for s, t in catalog.iter_tables()}
    for s in catalog.schemas:
        out[f"{s.name} sequences"] = {"seq": [q.name for q in s.sequences]}
    return out


def test_server_default_names(create_all: CreateAll) -> None:
    md = sa.MetaData(naming_convention={})
    sa.Table("parent", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("a", sa.Integer))
    sa.Table(
        "child",
        md,
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("parent_id", sa.ForeignKey("parent.id")),
        sa.Column("a", sa.Integer, sa.CheckConstraint("a > 0")),
        sa.Column("b", sa.Integer),
        sa.Column("Mixed Case", sa.Integer, unique=True),
        sa.UniqueConstraint("a", "b"),
        sa.CheckConstraint("a < 100"),
        sa.CheckConstraint("a < b"),
        sa.CheckConstraint('"Mixed Case" <> 0'),
        sa.CheckConstraint("true"),
        sa.CheckConstraint("b IS NOT NULL OR 'a' = 'b'"),
    )
    # Names from one table collide with another's in the same schema: the server numbers them.
    sa.Table(
        "child_a",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.Integer, unique=True),
        sa.Column("check_x", sa.Integer),
        sa.CheckConstraint("check_x > 0"),
    )
    sa.Table(
        LONG_TABLE,
        md,
        sa.Column(LONG_COL, sa.Integer, primary_key=True),
        sa.Column("other_" + LONG_COL, sa.Integer, sa.CheckConstraint(f"other_{LONG_COL} > 0")),
        sa.Column("ref", sa.ForeignKey("parent.id")),
        sa.UniqueConstraint(LONG_COL, "other_" + LONG_COL),
    )
    expected = catalog_from_metadata([md])
    actual = comparable(create_all(md), expected)
    assert _all_names(expected) == _all_names(actual)
    child = expected.get_table("public", "child")
    assert child is not None
    assert sorted(c.name for c in child.check_constraints) == [
        "child_Mixed Case_check",
        "child_a_check",
        "child_a_check1",
        "child_b_check",
        "child_check",
        "child_check1",
    ]


def test_naming_convention(create_all: CreateAll) -> None:
    md = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    sa.Table(
        "accounts",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String, unique=True),
        sa.Column("score", sa.Integer, index=True),
        sa.Column("flag", sa.Boolean(create_constraint=True, name="flag_bool")),
        sa.Column("parent_id", sa.ForeignKey("accounts.id")),
        sa.Column(LONG_COL, sa.Integer),
        sa.Column("other_" + LONG_COL, sa.Integer),
        sa.UniqueConstraint(LONG_COL, "other_" + LONG_COL),  # long: SQLAlchemy truncates with a hash
        sa.CheckConstraint("score >= 0", name="score_positive"),
        sa.Index(None, LONG_COL, "score"),
    )
    expected = catalog_from_metadata([md])
    actual = comparable(create_all(md), expected)
    assert _all_names(expected) == _all_names(actual)
    accounts = expected.get_table("public", "accounts")
    assert accounts is not None and accounts.primary_key is not None
    assert accounts.primary_key.name == "pk_accounts"
    assert "ck_accounts_score_positive" in [c.name for c in accounts.check_constraints]
    assert max(len(u.name) for u in accounts.unique_constraints) <= 63


def test_unnamed_index_without_convention_is_an_error() -> None:
    md = sa.MetaData(naming_convention={"uq": "uq_%(table_name)s"})  # no "ix" entry
    sa.Table("t", md, sa.Column("id", sa.Integer, primary_key=True), sa.Index(None, "id"))
    with pytest.raises(InputError, match=r"index on public\.t: an index needs a name"):
        catalog_from_metadata([md])


def test_make_object_name() -> None:
    assert make_object_name("orders", "customer_id", "fkey") == "orders_customer_id_fkey"
    assert make_object_name("orders", None, "pkey") == "orders_pkey"
    name = make_object_name("t" * 40, "c" * 40, "key")
    assert len(name) == 63 and name == "t" * 29 + "_" + "c" * 29 + "_key"
    # never splits a multi-byte character
    assert make_object_name("é" * 40, None, "pkey").encode().__len__() <= 63
    assert column_names_addition(["a", "b", "c"]) == "a_b_c"
