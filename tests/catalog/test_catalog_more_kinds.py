"""Foreign tables, and odd identifiers (mixed case, spaces, unicode, reserved words) on object kinds
the other identifier tests leave out: sequences, functions, procedures, triggers, policies, views,
materialized views, partitions, indexes and column comments.

Names in the model are unquoted; text the server renders (trigger definitions, identity arguments,
policy expressions, view bodies, partition keys and bounds) must be exactly what the server prints
under drift's rendering settings (search_path = public), which the tests ask the server for.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from catalog_testing import ReflectSql, by_name, table, table_names

from drift.catalog import reflect
from drift.cli.inspect_cmd import schema_counts
from drift.model import Catalog, Column, Function, Index, Policy, Sequence

# --- foreign tables -------------------------------------------------------------------------------

FOREIGN = r"""
CREATE FOREIGN DATA WRAPPER drift_test_fdw;
CREATE SERVER drift_test_server FOREIGN DATA WRAPPER drift_test_fdw;
CREATE SCHEMA remote;
CREATE TABLE remote.local_items (id integer PRIMARY KEY, label text);
CREATE FOREIGN TABLE remote.items (
    id integer NOT NULL,
    label text DEFAULT 'none' COLLATE "C",
    price numeric(10,2) CONSTRAINT price_positive CHECK (price > 0),
    "Größe" text
) SERVER drift_test_server OPTIONS (table_name 'items');
COMMENT ON FOREIGN TABLE remote.items IS 'lives elsewhere';
COMMENT ON COLUMN remote.items."Größe" IS 'size';
CREATE TABLE remote.measurements (day date NOT NULL, v integer) PARTITION BY RANGE (day);
CREATE TABLE remote.measurements_2024 PARTITION OF remote.measurements
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE FOREIGN TABLE remote.measurements_old PARTITION OF remote.measurements
    FOR VALUES FROM ('2000-01-01') TO ('2024-01-01') SERVER drift_test_server;
"""


def test_foreign_table(reflect_sql: ReflectSql, pg_conn: psycopg.Connection[Any]) -> None:
    snapshot = reflect_sql(FOREIGN)
    catalog = snapshot.catalog
    items = table(catalog, "items", "remote")
    assert items.kind == "foreign_table"
    assert items.comment == "lives elsewhere"
    assert items.columns == (
        Column(name="id", position=1, type="integer", nullable=False),
        Column(name="label", position=2, type="text", default="'none'::text", collation="C"),
        Column(name="price", position=3, type="numeric(10,2)"),
        Column(name="Größe", position=4, type="text", comment="size"),
    )
    (check,) = items.check_constraints
    assert (check.name, check.expression) == ("price_positive", "(price > (0)::numeric)")
    assert (items.primary_key, items.indexes, items.partition_of) == (None, (), None)
    # Ordinary tables stay ordinary; the foreign partition is a foreign table attached to its parent.
    assert table(catalog, "local_items", "remote").kind == "table"
    old = table(catalog, "measurements_old", "remote")
    assert (old.kind, old.partition_of) == ("foreign_table", "remote.measurements")
    assert old.partition_bound == "FOR VALUES FROM ('2000-01-01') TO ('2024-01-01')"
    assert table(catalog, "measurements_2024", "remote").kind == "table"
    assert table(catalog, "measurements", "remote").kind == "partitioned_table"
    kinds = {t.name: t.kind for _, t in catalog.iter_tables()}
    server_kinds = dict(
        pg_conn.execute(
            "SELECT relname, relkind::text FROM pg_class "
            "WHERE relnamespace = 'remote'::regnamespace AND relkind IN ('r', 'p', 'f')"
        ).fetchall()
    )
    mapping = {"r": "table", "p": "partitioned_table", "f": "foreign_table"}
    assert kinds == {name: mapping[kind] for name, kind in server_kinds.items()}
    # The summary counts them apart (a foreign partition counts as a partition, like any other).
    remote = catalog.get_schema("remote")
    assert remote is not None
    assert schema_counts(remote) == {
        "table": 1, "index": 1, "foreign table": 1, "partitioned table": 1, "partition": 2,
    }  # fmt: skip
    # No storage: foreign tables have no usage statistics or sizes.
    assert {t.table for t in snapshot.stats.tables if t.schema_name == "remote"} == {
        "local_items", "measurements", "measurements_2024",
    }  # fmt: skip


def test_foreign_table_with_exact_sizes_and_filters(
    reflect_sql: ReflectSql, pg_dsn: str, pg_conn: psycopg.Connection[Any]
) -> None:
    reflect_sql(FOREIGN)
    snapshot = reflect(pg_dsn, exact_sizes=True, schemas=["remote"])
    assert table_names(snapshot.catalog) == [
        "remote.items", "remote.local_items", "remote.measurements", "remote.measurements_2024",
        "remote.measurements_old",
    ]  # fmt: skip
    assert all(t.total_bytes is not None for t in snapshot.stats.tables)
    assert reflect(pg_dsn, exclude_schemas=["remote"]).catalog.get_schema("remote") is None


# --- odd identifiers ------------------------------------------------------------------------------

S = '"Odd Ünï 表"'  # the schema, quoted
SCHEMA = "Odd Ünï 表"

ODD = f"""
CREATE SCHEMA {S};
CREATE TYPE {S}."Mood Kind" AS ENUM ('sad', 'ok');
CREATE TABLE {S}."Order Items" (
    "ID" serial,
    "Größe" integer,
    "select" text,
    "user" text,
    "MiXeD Case" numeric,
    "表" text
);
COMMENT ON COLUMN {S}."Order Items"."Größe" IS 'size in ''Größe'' 表';
COMMENT ON COLUMN {S}."Order Items"."select" IS NULL;
CREATE SEQUENCE {S}."Order No 表" AS integer START 7 OWNED BY {S}."Order Items"."Größe";
CREATE SEQUENCE {S}."user" AS smallint OWNED BY {S}."Order Items"."select";
CREATE UNIQUE INDEX "Größe Index 表" ON {S}."Order Items" ("Größe" DESC, lower("select"))
    INCLUDE ("user") WHERE "MiXeD Case" > 0;
CREATE INDEX "where" ON {S}."Order Items" ("表");

CREATE FUNCTION {S}."Add Größe"("order" integer, "user" {S}."Mood Kind"[], "表" text DEFAULT 'x')
    RETURNS {S}."Mood Kind" LANGUAGE sql IMMUTABLE AS $$SELECT 'ok'::{S}."Mood Kind"$$;
CREATE FUNCTION public."select"(VARIADIC "Values" integer[]) RETURNS integer LANGUAGE sql
    AS $$SELECT 1$$;
CREATE PROCEDURE {S}."Do Select"(INOUT "select" text, "row" {S}."Order Items")
    LANGUAGE plpgsql AS $$BEGIN "select" := 'x'; END$$;

CREATE FUNCTION {S}."Touch Me"() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER "Before Insert 表" BEFORE INSERT OR UPDATE OF "Größe", "select" ON {S}."Order Items"
    FOR EACH ROW WHEN (NEW."user" IS NOT NULL) EXECUTE FUNCTION {S}."Touch Me"();
CREATE TRIGGER "order" AFTER DELETE ON {S}."Order Items"
    FOR EACH STATEMENT EXECUTE FUNCTION {S}."Touch Me"();

CREATE VIEW {S}."select" AS
    SELECT "Größe" AS "Größe 2", "user", "MiXeD Case" FROM {S}."Order Items" WHERE "select" = 'order';
CREATE MATERIALIZED VIEW {S}."Mat View 表" AS
    SELECT "表", count(*) AS "Count Me" FROM {S}."Order Items" GROUP BY "表";
COMMENT ON MATERIALIZED VIEW {S}."Mat View 表" IS 'counted';

CREATE TABLE {S}."Events 表" ("Day" date NOT NULL, "order" text) PARTITION BY RANGE ("Day");
CREATE TABLE {S}."Events 2024 Größe" PARTITION OF {S}."Events 表"
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST ("order");
CREATE TABLE public."order" PARTITION OF {S}."Events 2024 Größe" FOR VALUES IN ('user', 'Ünï', 'it''s');
CREATE TABLE {S}."Events Default" PARTITION OF {S}."Events 表" DEFAULT;
"""


def _policies_sql(reader: str, writer: str) -> str:
    return f"""
ALTER TABLE {S}."Order Items" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Own Rows ü" ON {S}."Order Items" FOR SELECT TO "{reader}", "{writer}"
    USING ("user" = current_user AND "select" <> 'order');
CREATE POLICY "select" ON {S}."Order Items" AS RESTRICTIVE FOR UPDATE
    USING ("Größe" > 0) WITH CHECK ("表" IS NOT NULL);
"""


@pytest.fixture
def odd_roles(pg_conn: psycopg.Connection[Any]) -> Iterator[tuple[str, str]]:
    """Two NOLOGIN roles with odd names, unique per test (roles belong to the whole server)."""
    tag = uuid.uuid4().hex[:8]
    reader, writer = f"Read Only 表 {tag}", f"select_{tag}"
    pg_conn.execute(f'CREATE ROLE "{reader}" NOLOGIN; CREATE ROLE "{writer}" NOLOGIN')
    try:
        yield reader, writer
    finally:
        pg_conn.execute(f'DROP OWNED BY "{reader}", "{writer}"; DROP ROLE "{reader}"; DROP ROLE "{writer}"')


@pytest.fixture
def odd(reflect_sql: ReflectSql, odd_roles: tuple[str, str]) -> Catalog:
    return reflect_sql(ODD + _policies_sql(*odd_roles)).catalog


def _rendered(conn: psycopg.Connection[Any], query: str, *params: object) -> list[tuple[Any, ...]]:
    """Rows of `query` run as drift renders: search_path = public (names elsewhere qualified)."""
    with conn.transaction():
        conn.execute("SET LOCAL search_path = public")
        return conn.execute(query, params).fetchall()


def test_odd_sequences_owned_by(odd: Catalog) -> None:
    schema = odd.get_schema(SCHEMA)
    assert schema is not None
    sequences = {s.name: s for s in schema.sequences}
    assert sequences == {
        "Order No 表": Sequence(
            name="Order No 表", data_type="integer", start=7, max_value=2147483647, min_value=1,
            owned_by="Order Items.Größe",
        ),
        "user": Sequence(
            name="user", data_type="smallint", max_value=32767, min_value=1, owned_by="Order Items.select"
        ),
        "Order Items_ID_seq": sequences["Order Items_ID_seq"],
    }  # fmt: skip
    assert sequences["Order Items_ID_seq"].owned_by == "Order Items.ID"
    id_column = table(odd, "Order Items", SCHEMA).get_column("ID")
    assert id_column is not None
    assert id_column.default == """nextval('"Odd Ünï 表"."Order Items_ID_seq"'::regclass)"""


def test_odd_functions_and_procedures(odd: Catalog, pg_conn: psycopg.Connection[Any]) -> None:
    schema = odd.get_schema(SCHEMA)
    public = odd.get_schema("public")
    assert schema is not None and public is not None
    server = {
        (nsp, name): args
        for nsp, name, args in _rendered(
            pg_conn,
            "SELECT pronamespace::regnamespace::text, proname, pg_get_function_identity_arguments(oid) "
            "FROM pg_proc WHERE pronamespace IN (%s::regnamespace, 'public'::regnamespace)",
            S,
        )
    }
    assert {f.signature for f in schema.functions} == {
        'Add Größe("order" integer, "user" "Odd Ünï 表"."Mood Kind"[], "表" text)',
        server_signature := f"Do Select({server[(S, 'Do Select')]})",
        "Touch Me()",
    }
    assert '"select" text' in server_signature and '"row" "Odd Ünï 表"."Order Items"' in server_signature
    for f in schema.functions:
        assert f.arguments == server[(S, f.name)]
    add = by_name(schema.functions, "Add Größe")
    assert add == Function(
        name="Add Größe", arguments='"order" integer, "user" "Odd Ünï 表"."Mood Kind"[], "表" text',
        returns='"Odd Ünï 表"."Mood Kind"', volatility="immutable",
        definition="SELECT 'ok'::\"Odd Ünï 表\".\"Mood Kind\"",
    )  # fmt: skip
    do_select = by_name(schema.functions, "Do Select")
    assert (do_select.kind, do_select.returns, do_select.language) == ("procedure", None, "plpgsql")
    (select_fn,) = [f for f in public.functions if f.name == "select"]
    assert select_fn.arguments == 'VARIADIC "Values" integer[]' == server[("public", "select")]


def test_odd_triggers(odd: Catalog, pg_conn: psycopg.Connection[Any]) -> None:
    items = table(odd, "Order Items", SCHEMA)
    server = dict(
        _rendered(
            pg_conn,
            "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
            "WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            f'{S}."Order Items"',
        )
    )
    assert [t.name for t in items.triggers] == ["Before Insert 表", "order"]
    assert {t.name: t.definition for t in items.triggers} == server
    assert by_name(items.triggers, "Before Insert 表").definition == (
        'CREATE TRIGGER "Before Insert 表" BEFORE INSERT OR UPDATE OF "Größe", "select" '
        'ON "Odd Ünï 表"."Order Items" FOR EACH ROW WHEN ((new."user" IS NOT NULL)) '
        'EXECUTE FUNCTION "Odd Ünï 表"."Touch Me"()'
    )
    assert by_name(items.triggers, "order").definition == (
        'CREATE TRIGGER "order" AFTER DELETE ON "Odd Ünï 表"."Order Items" '
        'FOR EACH STATEMENT EXECUTE FUNCTION "Odd Ünï 表"."Touch Me"()'
    )


def test_odd_policies(odd: Catalog, odd_roles: tuple[str, str], pg_conn: psycopg.Connection[Any]) -> None:
    items = table(odd, "Order Items", SCHEMA)
    server = {
        name: (using, check)
        for name, using, check in _rendered(
            pg_conn,
            "SELECT polname, pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid) "
            "FROM pg_policy WHERE polrelid = %s::regclass",
            f'{S}."Order Items"',
        )
    }
    own_using = server["Own Rows ü"][0]
    assert '"user"' in own_using and '"select"' in own_using
    assert items.rls_enabled is True
    assert items.policies == (
        Policy(name="Own Rows ü", command="SELECT", roles=tuple(sorted(odd_roles)), using=own_using),
        Policy(
            name="select", command="UPDATE", permissive=False,
            using='("Größe" > 0)', with_check='("表" IS NOT NULL)',
        ),
    )  # fmt: skip
    assert server["select"] == ('("Größe" > 0)', '("表" IS NOT NULL)')


def test_odd_views_and_materialized_views(odd: Catalog, pg_conn: psycopg.Connection[Any]) -> None:
    server = dict(
        _rendered(
            pg_conn,
            "SELECT relname, pg_get_viewdef(oid, true) FROM pg_class "
            "WHERE relnamespace = %s::regnamespace AND relkind IN ('v', 'm')",
            S,
        )
    )
    view = table(odd, "select", SCHEMA)
    assert view.kind == "view" and view.view_definition is not None
    assert [c.name for c in view.columns] == ["Größe 2", "user", "MiXeD Case"]
    assert view.view_definition == server["select"]
    assert '"Größe" AS "Größe 2"' in view.view_definition
    assert '"Odd Ünï 表"."Order Items"' in view.view_definition
    matview = table(odd, "Mat View 表", SCHEMA)
    assert (matview.kind, matview.comment) == ("materialized_view", "counted")
    assert matview.view_definition is not None
    assert [c.name for c in matview.columns] == ["表", "Count Me"]
    assert matview.view_definition == server["Mat View 表"]
    assert 'AS "Count Me"' in matview.view_definition


def test_odd_partitions(odd: Catalog, pg_conn: psycopg.Connection[Any]) -> None:
    server = {
        (nsp, name): (key, bound)
        for nsp, name, key, bound in _rendered(
            pg_conn,
            "SELECT relnamespace::regnamespace::text, relname, pg_get_partkeydef(oid), "
            "pg_get_expr(relpartbound, oid) FROM pg_class WHERE relkind IN ('r', 'p') "
            "AND (relispartition OR relkind = 'p')",
        )
    }
    parent = table(odd, "Events 表", SCHEMA)
    assert (parent.kind, parent.partition_key, parent.partition_of) == (
        "partitioned_table", 'RANGE ("Day")', None,
    )  # fmt: skip
    assert server[(S, "Events 表")][0] == parent.partition_key
    middle = table(odd, "Events 2024 Größe", SCHEMA)
    assert (middle.kind, middle.partition_key) == ("partitioned_table", 'LIST ("order")')
    assert middle.partition_of == "Odd Ünï 表.Events 表"
    assert middle.partition_bound == "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
    assert server[(S, "Events 2024 Größe")] == (middle.partition_key, middle.partition_bound)
    leaf = table(odd, "order", "public")
    assert (leaf.kind, leaf.partition_key) == ("table", None)
    assert leaf.partition_of == "Odd Ünï 表.Events 2024 Größe"
    assert leaf.partition_bound == "FOR VALUES IN ('user', 'Ünï', 'it''s')"
    assert server[("public", "order")][1] == leaf.partition_bound
    assert [c.name for c in leaf.columns] == ["Day", "order"]
    default = table(odd, "Events Default", SCHEMA)
    assert (default.partition_of, default.partition_bound) == ("Odd Ünï 表.Events 表", "DEFAULT")


def test_odd_index_and_column_comment(odd: Catalog) -> None:
    items = table(odd, "Order Items", SCHEMA)
    assert by_name(items.indexes, "Größe Index 表") == Index(
        name="Größe Index 表",
        keys=("Größe DESC", 'lower("select")'),
        include=("user",),
        unique=True,
        predicate='("MiXeD Case" > (0)::numeric)',
    )
    assert by_name(items.indexes, "where").keys == ("表",)
    assert items.get_column("Größe") == Column(
        name="Größe", position=2, type="integer", comment="size in 'Größe' 表"
    )
    select_column = items.get_column("select")
    assert select_column is not None and select_column.comment is None
    assert [c.name for c in items.columns] == ["ID", "Größe", "select", "user", "MiXeD Case", "表"]


def test_odd_names_are_what_the_server_stores(odd: Catalog, pg_conn: psycopg.Connection[Any]) -> None:
    """Every reflected relation and column name, quoted by the server (format('%I')), names that
    very object: the model's unquoted names are the stored names byte for byte."""
    schema = odd.get_schema(SCHEMA)
    assert schema is not None
    stored = pg_conn.execute(
        "SELECT relname FROM pg_class WHERE relnamespace = %s::regnamespace "
        "AND relkind IN ('r', 'p', 'v', 'm', 'f')",
        (S,),
    ).fetchall()
    assert sorted(t.name for t in schema.tables) == sorted(name for (name,) in stored)
    for t in schema.tables:
        row = pg_conn.execute(
            "SELECT c.relname, array_agg(a.attname::text ORDER BY a.attnum) FROM pg_class c "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
            "WHERE c.oid = format('%%I.%%I', %s::text, %s::text)::regclass GROUP BY c.relname",
            (schema.name, t.name),
        ).fetchone()
        assert row == (t.name, [c.name for c in t.columns])
