"""Partitioning, inheritance and extension-owned objects."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from catalog_testing import ReflectSql, by_name

PARTITIONS = r"""
CREATE TABLE events (id bigint, day date NOT NULL, kind text) PARTITION BY RANGE (day);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
    PARTITION BY LIST (kind);
CREATE TABLE events_2025_click PARTITION OF events_2025 FOR VALUES IN ('click', 'tap');
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE INDEX events_day_idx ON events (day);
CREATE TABLE regions (code text, country text) PARTITION BY LIST (lower(country));
CREATE TABLE regions_eu PARTITION OF regions FOR VALUES IN ('de', 'fr');
CREATE TABLE buckets (id integer) PARTITION BY HASH (id);
CREATE TABLE buckets_0 PARTITION OF buckets FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE base (id integer, note text);
CREATE TABLE other_base (extra integer);
CREATE TABLE child (own integer) INHERITS (base, other_base);
"""


def test_partitions_and_inheritance(reflect_sql: ReflectSql) -> None:
    public = reflect_sql(PARTITIONS).catalog.get_schema("public")
    assert public is not None
    t = {x.name: x for x in public.tables}
    assert (t["events"].kind, t["events"].partition_key) == ("partitioned_table", "RANGE (day)")
    assert t["events"].partition_of is None
    assert t["events_2024"].kind == "table"
    assert t["events_2024"].partition_of == "public.events"
    assert t["events_2024"].partition_bound == "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
    assert t["events_default"].partition_bound == "DEFAULT"
    # A partition that is itself partitioned.
    assert (t["events_2025"].kind, t["events_2025"].partition_key) == ("partitioned_table", "LIST (kind)")
    assert t["events_2025"].partition_of == "public.events"
    assert t["events_2025_click"].partition_of == "public.events_2025"
    assert t["events_2025_click"].partition_bound == "FOR VALUES IN ('click', 'tap')"
    assert t["regions"].partition_key == "LIST (lower(country))"
    assert t["buckets"].partition_key == "HASH (id)"
    assert t["buckets_0"].partition_bound == "FOR VALUES WITH (modulus 2, remainder 0)"
    # Partitions are not "inheritance" children, and they carry the attached copies of indexes.
    assert all(x.inherits == () for x in t.values() if x.name != "child")
    assert [i.name for i in t["events"].indexes] == ["events_day_idx"]
    assert [i.name for i in t["events_2024"].indexes] == ["events_2024_day_idx"]
    assert t["child"].inherits == ("public.base", "public.other_base")
    assert [c.name for c in t["child"].columns] == ["id", "note", "extra", "own"]
    assert t["child"].partition_of is None


def test_parent_in_a_filtered_out_schema(reflect_sql: ReflectSql) -> None:
    catalog = reflect_sql(
        "CREATE SCHEMA archive; CREATE TABLE archive.log (at date) PARTITION BY RANGE (at);"
        "CREATE TABLE public.log_2024 PARTITION OF archive.log FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
        "CREATE TABLE archive.base (id integer); CREATE TABLE public.kid () INHERITS (archive.base);",
        schemas=["public"],
    ).catalog
    assert catalog.get_table("public", "log_2024").partition_of == "archive.log"
    assert catalog.get_table("public", "kid").inherits == ("archive.base",)


def _available(conn: psycopg.Connection[Any], name: str) -> bool:
    row = conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = %s", (name,)).fetchone()
    return row is not None


def test_extension_objects_are_marked_not_dropped(
    reflect_sql: ReflectSql, pg_conn: psycopg.Connection[Any]
) -> None:
    for name in ("citext", "hstore"):
        if not _available(pg_conn, name):
            pytest.skip(f"extension {name} not available on this server")
    pg_conn.execute("CREATE SCHEMA ext; CREATE EXTENSION citext; CREATE EXTENSION hstore SCHEMA ext")
    catalog = reflect_sql("CREATE TABLE users (email citext, attrs ext.hstore)").catalog
    extensions = {e.name: e for e in catalog.extensions}
    assert extensions["citext"].schema_name == "public"
    assert extensions["hstore"].schema_name == "ext"
    assert extensions["citext"].version
    assert "plpgsql" in extensions
    public_functions = catalog.get_schema("public").functions
    assert public_functions, "citext's functions are reflected"
    assert {f.extension for f in public_functions} == {"citext"}
    ext_schema = catalog.get_schema("ext")
    assert ext_schema is not None and {f.extension for f in ext_schema.functions} == {"hstore"}
    users = catalog.get_table("public", "users")
    assert users.extension is None
    assert [c.type for c in users.columns] == ["citext", "ext.hstore"]


def test_extension_owned_tables_and_sequences(
    reflect_sql: ReflectSql, pg_conn: psycopg.Connection[Any]
) -> None:
    # A tiny extension of our own is not possible without files on the server, so make objects
    # members of an installed extension the way CREATE EXTENSION scripts do.
    if not _available(pg_conn, "citext"):
        pytest.skip("extension citext not available on this server")
    pg_conn.execute(
        "CREATE EXTENSION citext; CREATE TABLE ext_config (k text PRIMARY KEY); CREATE SEQUENCE ext_seq;"
        "CREATE TYPE ext_kind AS ENUM ('a'); CREATE DOMAIN ext_dom AS integer;"
        "ALTER EXTENSION citext ADD TABLE ext_config; ALTER EXTENSION citext ADD SEQUENCE ext_seq;"
        "ALTER EXTENSION citext ADD TYPE ext_kind; ALTER EXTENSION citext ADD DOMAIN ext_dom;"
        "CREATE TABLE mine (id integer)"
    )
    public = reflect_sql().catalog.get_schema("public")
    assert public is not None
    assert by_name(public.tables, "ext_config").extension == "citext"
    assert by_name(public.tables, "mine").extension is None
    assert by_name(public.sequences, "ext_seq").extension == "citext"
    assert by_name(public.enums, "ext_kind").extension == "citext"
    assert by_name(public.domains, "ext_dom").extension == "citext"
