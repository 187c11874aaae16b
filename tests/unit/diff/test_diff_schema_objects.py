"""Sequences, enums, domains, functions and extensions."""

from __future__ import annotations

from diff_builders import catalog, col, diff, only, rules, table

from drift.diff import split_statements
from drift.model import Catalog, Domain, Enum, Extension, Function, Schema, Sequence


def schema(**kw: object) -> Catalog:
    return Catalog(schemas=(Schema(name="public", **kw),))  # type: ignore[arg-type]


# --- sequences ---------------------------------------------------------------------------------


def test_sequence_missing_unexpected_changed() -> None:
    seq = Sequence(name="invoice_no", data_type="bigint", start=1000, increment=1)
    f = only(diff(schema(sequences=(seq,)), schema()))
    assert f.rule == "sequence.missing"
    assert f.fix == (
        "CREATE SEQUENCE IF NOT EXISTS public.invoice_no AS bigint INCREMENT BY 1 NO MINVALUE NO MAXVALUE "
        "START WITH 1000 CACHE 1 NO CYCLE;"
    )
    assert only(diff(schema(), schema(sequences=(seq,)))).rule == "sequence.unexpected"
    changed = seq.model_copy(update={"increment": 10, "cache": 20})
    found = diff(schema(sequences=(seq,)), schema(sequences=(changed,)))
    assert [(f.rule, f.severity) for f in found] == [
        ("sequence.cache", "warning"),
        ("sequence.increment", "error"),
    ]
    assert found[1].fix == "ALTER SEQUENCE public.invoice_no INCREMENT BY 1;"


def test_sequence_default_bounds_equal_explicit_ones() -> None:
    implicit = Sequence(name="s", data_type="integer")
    explicit = Sequence(name="s", data_type="int4", min_value=1, max_value=2147483647)
    assert diff(schema(sequences=(implicit,)), schema(sequences=(explicit,))) == []


def test_serial_sequence_goes_with_its_table_or_column() -> None:
    seq = Sequence(name="t_id_seq", data_type="integer", owned_by="t.id")
    t = table("t", col("id", nullable=False, default="nextval('t_id_seq'::regclass)"))
    # the table is missing: one finding, whose fix creates the sequence first
    f = only(diff(schema(tables=(t,), sequences=(seq,)), schema()))
    assert f.rule == "table.missing"
    stmts = split_statements(f.fix or "")
    assert stmts[0].startswith("CREATE SEQUENCE IF NOT EXISTS public.t_id_seq AS integer")
    assert stmts[-1] == "ALTER SEQUENCE public.t_id_seq OWNED BY public.t.id"
    # the column is missing: one finding too
    f = only(diff(schema(tables=(t,), sequences=(seq,)), schema(tables=(table("t"),))))
    assert f.rule == "column.missing"
    assert split_statements(f.fix or "")[1] == (
        "ALTER TABLE public.t ADD COLUMN id integer DEFAULT nextval('t_id_seq'::regclass) NOT NULL"
    )
    # unexpected table: dropping it drops the sequence
    assert rules(diff(schema(), schema(tables=(t,), sequences=(seq,)))) == [
        ("table.unexpected", ("public", "t"))
    ]


def test_implicit_serial_sequence_is_not_unexpected() -> None:
    seq = Sequence(name="t_id_seq", data_type="integer", owned_by="t.id")
    exp = catalog(table("t", col("id", "serial", nullable=False)))
    act = schema(
        tables=(table("t", col("id", nullable=False, default="nextval('t_id_seq'::regclass)")),),
        sequences=(seq,),
    )
    assert diff(exp, act) == []


# --- enums -------------------------------------------------------------------------------------


def test_enum_missing_and_unexpected() -> None:
    e = Enum(name="mood", labels=("sad", "ok", "happy"))
    f = only(diff(schema(enums=(e,)), schema()))
    assert (f.rule, f.fix) == ("enum.missing", "CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');")
    assert only(diff(schema(), schema(enums=(e,)))).rule == "enum.unexpected"


def test_enum_label_added_is_fixed_in_place() -> None:
    exp = schema(enums=(Enum(name="mood", labels=("sad", "ok", "happy")),))
    act = schema(enums=(Enum(name="mood", labels=("ok",)),))
    f = only(diff(exp, act))
    assert (f.rule, f.change, f.expected, f.actual) == (
        "enum.labels",
        "changed",
        ["sad", "ok", "happy"],
        ["ok"],
    )
    assert split_statements(f.fix or "") == [
        "ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'sad' BEFORE 'ok'",
        "ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'happy' AFTER 'ok'",
    ]


def test_enum_reordered_rebuilds_the_type_and_its_columns() -> None:
    exp = Catalog(schemas=(Schema(name="public", enums=(Enum(name="mood", labels=("a", "b")),)),))
    act = Catalog(
        schemas=(
            Schema(
                name="public",
                enums=(Enum(name="mood", labels=("b", "a")),),
                tables=(table("t", col("m", "mood", default="'a'::mood")),),
            ),
        )
    )
    found = diff(exp, act)
    f = next(x for x in found if x.rule == "enum.labels")
    stmts = split_statements(f.fix or "")
    assert stmts[0] == "ALTER TYPE public.mood RENAME TO mood__drift_old"
    assert stmts[1] == "CREATE TYPE public.mood AS ENUM ('a', 'b')"
    assert "ALTER TABLE public.t ALTER COLUMN m TYPE public.mood USING m::text::public.mood" in stmts
    assert stmts[-1] == "DROP TYPE public.mood__drift_old"


# --- domains -----------------------------------------------------------------------------------


def test_domain_changes() -> None:
    d = Domain(name="email", base_type="text", nullable=False, checks=("(VALUE ~~ '%@%'::text)",))
    assert only(diff(schema(domains=(d,)), schema())).rule == "domain.missing"
    loose = d.model_copy(update={"nullable": True, "checks": ()})
    found = diff(schema(domains=(d,)), schema(domains=(loose,)))
    assert [f.rule for f in found] == ["domain.checks", "domain.nullable"]
    assert found[1].fix == "ALTER DOMAIN public.email SET NOT NULL;"
    assert "ALTER DOMAIN public.email ADD CHECK ((VALUE ~~ '%@%'::text))" in split_statements(
        found[0].fix or ""
    )
    spaced = d.model_copy(update={"checks": ("VALUE ~~ '%@%'",)})
    assert diff(schema(domains=(d,)), schema(domains=(spaced,))) == []
    other_base = d.model_copy(update={"base_type": "character varying"})
    f = only(diff(schema(domains=(d,)), schema(domains=(other_base,))))
    assert (f.rule, f.fix) == ("domain.base_type", None)


# --- functions ---------------------------------------------------------------------------------


def fn(**kw: object) -> Function:
    base: dict[str, object] = {
        "name": "add",
        "arguments": "a integer, b integer",
        "returns": "integer",
        "language": "sql",
        "volatility": "immutable",
        "definition": "SELECT a + b",
    }
    base.update(kw)
    return Function(**base)  # type: ignore[arg-type]


def test_function_missing_and_unexpected() -> None:
    f = only(diff(schema(functions=(fn(),)), schema()))
    assert (f.rule, f.path) == ("function.missing", ("public", "add(a integer, b integer)"))
    assert f.fix == (
        "CREATE OR REPLACE FUNCTION public.add(a integer, b integer)\nRETURNS integer\nLANGUAGE sql\n"
        "IMMUTABLE\nAS $function$SELECT a + b$function$;"
    )
    f = only(diff(schema(), schema(functions=(fn(),))))
    assert (f.rule, f.fix) == ("function.unexpected", "DROP FUNCTION public.add(a integer, b integer);")


def test_function_identity_ignores_argument_names_and_aliases() -> None:
    assert diff(schema(functions=(fn(),)), schema(functions=(fn(arguments="a int4, b int4"),))) == []
    # same function, renamed parameters: one change (CREATE OR REPLACE cannot rename them)
    f = only(diff(schema(functions=(fn(),)), schema(functions=(fn(arguments="x int4, y int4"),))))
    assert f.rule == "function.arguments"
    assert split_statements(f.fix or "")[0] == "DROP FUNCTION public.add(x int4, y int4)"


def test_function_overloads_are_distinct() -> None:
    found = diff(schema(functions=(fn(),)), schema(functions=(fn(arguments="a bigint, b bigint"),)))
    assert sorted(f.rule for f in found) == ["function.missing", "function.unexpected"]


def test_function_body_and_attributes() -> None:
    found = diff(
        schema(functions=(fn(),)), schema(functions=(fn(definition="SELECT a - b", volatility="volatile"),))
    )
    assert [f.rule for f in found] == ["function.definition", "function.volatility"]
    assert found[0].fix == found[1].fix  # one fix for both: writers run identical fixes once
    assert (found[0].fix or "").startswith("CREATE OR REPLACE FUNCTION public.add")
    assert diff(schema(functions=(fn(),)), schema(functions=(fn(definition="select  a + b"),))) == []
    f = only(diff(schema(functions=(fn(),)), schema(functions=(fn(returns="bigint"),))))
    assert f.rule == "function.returns"
    assert split_statements(f.fix or "")[0] == "DROP FUNCTION public.add(a integer, b integer)"


def test_procedure_fix() -> None:
    p = Function(name="p", kind="procedure", language="plpgsql", definition="BEGIN NULL; END")
    f = only(diff(schema(functions=(p,)), schema()))
    assert (
        f.fix
        == "CREATE OR REPLACE PROCEDURE public.p()\nLANGUAGE plpgsql\nAS $function$BEGIN NULL; END$function$;"
    )


def test_extension_objects_are_skipped() -> None:
    ext_fn = fn(name="uuid_generate_v4", extension="uuid-ossp")
    assert diff(schema(), schema(functions=(ext_fn,))) == []


# --- extensions --------------------------------------------------------------------------------


def test_extensions() -> None:
    citext = Extension(name="citext", version="1.6", schema_name="public")
    f = only(diff(Catalog(extensions=(citext,)), Catalog()))
    assert (f.rule, f.path) == ("extension.missing", ("citext",))
    assert f.fix == "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public VERSION '1.6';"
    f = only(diff(Catalog(), Catalog(extensions=(citext,))))
    assert (f.rule, f.severity, f.fix) == ("extension.unexpected", "warning", "DROP EXTENSION citext;")
    old = citext.model_copy(update={"version": "1.5"})
    f = only(diff(Catalog(extensions=(citext,)), Catalog(extensions=(old,))))
    assert (f.rule, f.fix) == ("extension.version", "ALTER EXTENSION citext UPDATE TO '1.6';")
    unversioned = citext.model_copy(update={"version": None})
    assert diff(Catalog(extensions=(unversioned,)), Catalog(extensions=(old,))) == []
    plpgsql = Extension(name="plpgsql", version="1.0", schema_name="pg_catalog")
    assert diff(Catalog(), Catalog(extensions=(plpgsql,))) == []
