"""`catalog_from_metadata(md)` equals what `md.create_all()` leaves in an empty database.

Compared object by object on the reflected catalog (owners, privileges and schema comments aside,
which models do not declare), and through the differ, which must find nothing.
"""

from __future__ import annotations

from typing import Any

import orm_models_broad as broad
import psycopg
import pytest
import sqlalchemy as sa
from orm_testing import CreateAll, comparable

from drift.diff import diff_catalogs
from drift.errors import InputError
from drift.examples import renexus_models
from drift.model import Catalog, Finding
from drift.pgserver import PgServer
from drift.sources.orm import catalog_from_metadata, load_orm_target


def _tables_equal(expected: Catalog, actual: Catalog) -> None:
    actual = comparable(actual, expected)
    assert [s.name for s in actual.schemas] == [s.name for s in expected.schemas]
    for schema in expected.schemas:
        live = actual.get_schema(schema.name)
        assert live is not None
        assert [t.name for t in live.tables] == [t.name for t in schema.tables]
        for table in schema.tables:
            assert live.get_table(table.name) == table, f"{schema.name}.{table.name}"
        assert live.sequences == schema.sequences
        assert live.enums == schema.enums
        assert live.domains == schema.domains


def _structural(findings: list[Finding]) -> list[Finding]:
    """Findings other than the server's own comment on the public schema, which models never declare."""
    return [f for f in findings if not (f.object_type == "comment" and len(f.path) == 1)]


def test_broad_model_matches_create_all(create_all: CreateAll, pg_server: PgServer) -> None:
    if pg_server.version < 15:
        pytest.skip("the broad model has a UNIQUE NULLS NOT DISTINCT constraint (PostgreSQL 15+)")
    expected = catalog_from_metadata([broad.Base.metadata])
    actual = create_all(broad.Base.metadata, schemas=broad.SCHEMAS)
    _tables_equal(expected, actual)
    assert _structural(diff_catalogs(expected, actual, against="orm")) == []


def test_broad_model_covers_what_it_should() -> None:
    """Guard against the broad model silently losing the features the equality test is about."""
    catalog = catalog_from_metadata([broad.Base.metadata])
    posts = catalog.get_table("public", "posts")
    authors = catalog.get_table("public", "authors")
    events = catalog.get_table("audit", "events")
    tickets = catalog.get_table("public", "tickets")
    assert posts and authors and events and tickets
    assert {fk.on_delete for fk in posts.foreign_keys} == {"CASCADE", "SET NULL", "RESTRICT"}
    assert {c.name for c in posts.check_constraints} == {
        "posts_amounts_check",
        "posts_price_check",
        "posts_price_check1",
        "posts_quantity_check",
    }
    assert [c.name for c in authors.check_constraints] == ["authors_first_name_check"]
    assert any(i.predicate for i in posts.indexes)
    assert any("lower" in k for i in posts.indexes for k in i.keys)
    assert [c.identity for c in tickets.columns[:2]] == ["always", "by default"]
    assert posts.get_column("total") and posts.get_column("total").generated  # type: ignore[union-attr]
    assert authors.comment and events.comment
    audit = catalog.get_schema("audit")
    assert audit and audit.enums and audit.sequences
    public = catalog.get_schema("public")
    assert public and {e.name for e in public.enums} == {"status"}
    assert {s.name for s in public.sequences} >= {"authors_id_seq", "ticket_serial_seq"}
    assert [d.name for d in public.domains] == ["positive_int"]
    bookings = catalog.get_table("public", "bookings")
    measurements = catalog.get_table("public", "measurements")
    assert bookings and bookings.unlogged and len(bookings.exclusion_constraints) == 2
    assert measurements and measurements.kind == "partitioned_table"


def test_two_metadatas_and_schemas(create_all: CreateAll) -> None:
    app = sa.MetaData()
    archive = sa.MetaData(schema="archive")
    sa.Table("customers", app, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "daily",
        app,
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("customer_id", sa.ForeignKey("customers.id")),
        sa.Column("n", sa.BigInteger, server_default="0", nullable=False),
        schema="reporting",
    )
    sa.Table("old_orders", archive, sa.Column("id", sa.BigInteger, primary_key=True))
    expected = catalog_from_metadata([app, archive])
    create_all(app, schemas=["reporting"])
    _tables_equal(expected, create_all(archive, schemas=["archive"]))
    daily = expected.get_table("reporting", "daily")
    assert daily is not None
    assert (daily.foreign_keys[0].ref_schema, daily.foreign_keys[0].name) == (
        "public",
        "daily_customer_id_fkey",
    )
    assert daily.get_column("n").default == "'0'::bigint"  # type: ignore[union-attr]
    old = expected.get_table("archive", "old_orders")
    assert old is not None and old.get_column("id").default == (  # type: ignore[union-attr]
        "nextval('archive.old_orders_id_seq'::regclass)"
    )


def test_renexus_models_match_the_renexus_database(renexus_dsn: str, reflect_db: Any) -> None:
    expected = catalog_from_metadata(load_orm_target("drift.examples.renexus_models:Base"))
    actual = reflect_db()
    _tables_equal(expected, actual)
    assert _structural(diff_catalogs(expected, actual, against="orm")) == []


def test_renexus_models_create_all_matches_the_migration(create_all: CreateAll) -> None:
    """The other direction: the models' own DDL builds the same database as the migration."""
    expected = catalog_from_metadata([renexus_models.Base.metadata])
    _tables_equal(expected, create_all(renexus_models.Base.metadata))


def test_drifted_renexus_database_is_reported(renexus_dsn: str, reflect_db: Any) -> None:
    with psycopg.connect(renexus_dsn, autocommit=True) as conn:
        conn.execute("ALTER TABLE content ADD COLUMN hotfix_retry_count integer DEFAULT 0")
        conn.execute('DROP INDEX "IDX_session_expire"')
        conn.execute("ALTER TABLE projects ALTER COLUMN status SET DEFAULT 'draft'")
    expected = catalog_from_metadata([renexus_models.Base.metadata])
    found = {(f.rule, f.path) for f in _structural(diff_catalogs(expected, reflect_db(), against="orm"))}
    assert found == {
        ("column.unexpected", ("public", "content", "hotfix_retry_count")),
        ("index.missing", ("public", "sessions", "IDX_session_expire")),
        ("column.default", ("public", "projects", "status")),
    }


def test_sequences_on_keys(create_all: CreateAll) -> None:
    """A Sequence on the key is used client-side (no default, no serial); `next_value()` as the
    server default is a nextval() default; `Sequence(optional=True)` leaves the key a serial."""
    md = sa.MetaData()
    legacy = sa.Sequence("legacy_id_seq", metadata=md)
    shared = sa.Sequence("shared_seq", metadata=md, start=10, increment=5, cycle=True, cache=3)
    sa.Table("legacy", md, sa.Column("id", sa.Integer, legacy, primary_key=True))
    sa.Table(
        "invoices",
        md,
        sa.Column("id", sa.BigInteger, primary_key=True, server_default=shared.next_value()),
    )
    sa.Table(
        "optional",
        md,
        sa.Column("id", sa.Integer, sa.Sequence("optional_seq", optional=True), primary_key=True),
    )
    expected = catalog_from_metadata([md])
    _tables_equal(expected, create_all(md))
    assert expected.get_table("public", "legacy").get_column("id").default is None  # type: ignore[union-attr]


def test_two_definitions_of_one_table_are_an_error() -> None:
    first, second = sa.MetaData(), sa.MetaData()
    for md in (first, second):
        sa.Table("users", md, sa.Column("id", sa.Integer, primary_key=True))
    with pytest.raises(InputError, match=r"table public\.users is defined by two of the given MetaData"):
        catalog_from_metadata([first, second])
