"""Quoted and odd identifiers survive reflection unquoted; schema filters (globs) apply in SQL."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from catalog_testing import ReflectSql, by_name, table_names

from drift.catalog.schema_filter import glob_to_regex

ODD = r"""
CREATE SCHEMA "Sales Dept";
CREATE SCHEMA "ünïcode";
CREATE TABLE "Sales Dept"."Order" (
    "Id" integer PRIMARY KEY,
    "user" text,
    "order" integer,
    "select" text,
    "größe" numeric,
    "with space" text,
    "MiXeD" integer,
    "quote""inside" text,
    CONSTRAINT "Check Me" CHECK ("order" > 0)
);
CREATE TABLE "ünïcode"."tåble" ("ключ" integer REFERENCES "Sales Dept"."Order" ("Id"));
CREATE INDEX "Weird Index" ON "Sales Dept"."Order" ("with space", lower("select"));
CREATE TYPE "Sales Dept"."Status Kind" AS ENUM ('new', 'it''s done', 'Ünï');
CREATE VIEW "Sales Dept"."user" AS SELECT "Id", "user" FROM "Sales Dept"."Order";
"""


def test_odd_identifiers_are_reported_unquoted(reflect_sql: ReflectSql) -> None:
    catalog = reflect_sql(ODD).catalog
    assert [s.name for s in catalog.schemas] == ["Sales Dept", "public", "ünïcode"]
    order = catalog.get_table("Sales Dept", "Order")
    assert order is not None
    assert [c.name for c in order.columns] == [
        "Id", "user", "order", "select", "größe", "with space", "MiXeD", 'quote"inside',
    ]  # fmt: skip
    assert order.primary_key is not None and order.primary_key.columns == ("Id",)
    assert by_name(order.check_constraints, "Check Me").expression == '("order" > 0)'
    index = by_name(order.indexes, "Weird Index")
    # Column keys are names (unquoted, like every name in the model); expressions are server text.
    assert index.keys == ("with space", 'lower("select")')
    (fk,) = catalog.get_table("ünïcode", "tåble").foreign_keys
    assert (fk.columns, fk.ref_schema, fk.ref_table, fk.ref_columns) == (
        ("ключ",), "Sales Dept", "Order", ("Id",),
    )  # fmt: skip
    (enum,) = catalog.get_schema("Sales Dept").enums
    assert (enum.name, enum.labels) == ("Status Kind", ("new", "it's done", "Ünï"))
    assert catalog.get_table("Sales Dept", "user").kind == "view"


def test_system_schemas_are_never_reported(reflect_sql: ReflectSql) -> None:
    catalog = reflect_sql(
        "CREATE TEMP TABLE tmp_thing (id integer); CREATE TABLE plain (v text)",
        schemas=["pg_*", "information_schema", "public"],
    ).catalog
    assert [s.name for s in catalog.schemas] == ["public"]
    assert table_names(catalog) == ["public.plain"]


SCHEMAS = """
CREATE SCHEMA app_core; CREATE SCHEMA app_audit; CREATE SCHEMA reporting; CREATE SCHEMA "app.x";
CREATE TABLE app_core.a (id integer); CREATE TABLE app_audit.b (id integer);
CREATE TABLE reporting.c (id integer); CREATE TABLE "app.x".d (id integer); CREATE TABLE public.e (id integer);
"""


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        ((), (), ["app.x", "app_audit", "app_core", "public", "reporting"]),
        (("app_*",), (), ["app_audit", "app_core"]),
        (("app_*", "public"), ("*audit",), ["app_core", "public"]),
        ((), ("app?*",), ["public", "reporting"]),
        (("app.x",), (), ["app.x"]),  # '.' is literal, not "any character"
        (("app_[ac]*",), (), ["app_audit", "app_core"]),
        (("app_[!a]*",), (), ["app_core"]),
        (("nothing_matches",), (), []),
    ],
)
def test_schema_globs_filter_in_sql(
    reflect_sql: ReflectSql,
    pg_conn: psycopg.Connection[Any],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    expected: list[str],
) -> None:
    pg_conn.execute(SCHEMAS)
    snapshot = reflect_sql(schemas=include, exclude_schemas=exclude)
    assert [s.name for s in snapshot.catalog.schemas] == expected
    assert sorted({t.schema_name for t in snapshot.stats.tables}) == expected


def test_foreign_key_to_a_filtered_out_schema_keeps_its_target(reflect_sql: ReflectSql) -> None:
    catalog = reflect_sql(
        'CREATE SCHEMA core; CREATE TABLE core.users (uid integer, "Key" integer PRIMARY KEY);'
        'CREATE TABLE public.orders (id integer, owner integer REFERENCES core.users ("Key"));',
        schemas=["public"],
    ).catalog
    (fk,) = catalog.get_table("public", "orders").foreign_keys
    assert (fk.ref_schema, fk.ref_table, fk.ref_columns) == ("core", "users", ("Key",))
    assert catalog.get_schema("core") is None


@pytest.mark.parametrize(
    ("glob", "regex"),
    [
        ("public", "^public$"),
        ("app_*", "^app_.*$"),
        ("a?c", "^a.c$"),
        ("a.b", "^a\\.b$"),
        ("[!x]y", "^[^x]y$"),
        ("we ird", "^we\\ ird$"),
        ("[", "^\\[$"),
        ("a[^b]b", "^a[\\^b]b$"),  # `^` is a member: only `!` negates
        ("[[:alpha:]]*", "^[\\[:alpha:]\\].*$"),  # `[:` opens no POSIX class
        ("[!\\]x", "^[^\\\\]x$"),
    ],
)
def test_glob_to_regex(glob: str, regex: str) -> None:
    assert glob_to_regex(glob) == regex
