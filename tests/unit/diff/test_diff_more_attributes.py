"""The remaining attributes, one change each: the rule id, severity and fix are what the docs say."""

from __future__ import annotations

from diff_builders import catalog, col, diff, only, table

from drift.model import (
    Catalog,
    CheckConstraint,
    Domain,
    Enum,
    ExclusionConstraint,
    Function,
    Index,
    Schema,
    Sequence,
    UniqueConstraint,
)


def test_table_inherits() -> None:
    f = only(diff(catalog(table("c", "a", inherits=("public.p",))), catalog(table("c", "a"))))
    assert (f.rule, f.fix) == ("table.inherits", "ALTER TABLE public.c INHERIT public.p;")


def test_unique_columns_and_deferrable() -> None:
    exp = catalog(table("t", "a", "b", unique_constraints=(UniqueConstraint(name="u", columns=("a", "b")),)))
    act = catalog(table("t", "a", "b", unique_constraints=(UniqueConstraint(name="u", columns=("a",)),)))
    f = only(diff(exp, act))
    assert (f.rule, f.expected, f.actual) == ("unique.columns", ["a", "b"], ["a"])
    assert "is on (a); expected on (a, b)" in f.message
    deferred = UniqueConstraint(name="u", columns=("a", "b"), deferrable=True, initially_deferred=True)
    f = only(diff(catalog(table("t", "a", "b", unique_constraints=(deferred,))), exp))
    assert (f.rule, f.expected) == ("unique.deferrable", "DEFERRABLE INITIALLY DEFERRED")


def test_check_no_inherit_and_not_valid() -> None:
    ck = CheckConstraint(name="c", expression="a > 0")
    f = only(diff(catalog(table("t", "a", check_constraints=(ck.model_copy(update={"no_inherit": True}),))),
                  catalog(table("t", "a", check_constraints=(ck,)))))  # fmt: skip
    assert f.rule == "check.no_inherit"
    f = only(diff(catalog(table("t", "a", check_constraints=(ck,))),
                  catalog(table("t", "a", check_constraints=(ck.model_copy(update={"validated": False}),)))))  # fmt: skip
    assert (f.rule, f.severity, f.fix) == (
        "check.validated",
        "warning",
        "ALTER TABLE public.t VALIDATE CONSTRAINT c;",
    )


def test_exclusion_deferrable() -> None:
    ex = ExclusionConstraint(name="x", definition="EXCLUDE USING gist (a WITH =)")
    f = only(diff(catalog(table("t", "a", exclusion_constraints=(ex.model_copy(update={"deferrable": True}),))),
                  catalog(table("t", "a", exclusion_constraints=(ex,)))))  # fmt: skip
    assert f.rule == "exclusion.deferrable"
    assert "EXCLUDE USING gist (a WITH =) DEFERRABLE" in (f.fix or "")


def test_index_tablespace_and_comment() -> None:
    idx = Index(name="i", keys=("a",))
    f = only(diff(catalog(table("t", "a", indexes=(idx.model_copy(update={"tablespace": "fast"}),))),
                  catalog(table("t", "a", indexes=(idx,)))))  # fmt: skip
    assert (f.rule, f.severity, f.fix) == (
        "index.tablespace",
        "warning",
        "ALTER INDEX public.i SET TABLESPACE fast;",
    )
    f = only(diff(catalog(table("t", "a", indexes=(idx.model_copy(update={"comment": "hot"}),))),
                  catalog(table("t", "a", indexes=(idx,)))))  # fmt: skip
    assert (f.rule, f.fix) == ("comment.missing", "COMMENT ON INDEX public.i IS 'hot';")


def test_sequence_owned_by_and_cycle() -> None:
    seq = Sequence(name="s", owned_by="t.a")
    exp = Catalog(schemas=(Schema(name="public", tables=(table("t", "a"),), sequences=(seq,)),))
    act = Catalog(schemas=(Schema(name="public", tables=(table("t", "a"),), sequences=(seq.model_copy(update={"owned_by": None, "cycle": True}),)),))  # fmt: skip
    found = diff(exp, act)
    assert [(f.rule, f.fix) for f in found] == [
        ("sequence.cycle", "ALTER SEQUENCE public.s NO CYCLE;"),
        ("sequence.owned_by", "ALTER SEQUENCE public.s OWNED BY public.t.a;"),
    ]


def test_domain_default_and_comment() -> None:
    d = Domain(name="d", base_type="integer", default="0")
    exp = Catalog(schemas=(Schema(name="public", domains=(d.model_copy(update={"comment": "counts"}),)),))
    act = Catalog(schemas=(Schema(name="public", domains=(d.model_copy(update={"default": "1"}),)),))
    found = diff(exp, act)
    assert [(f.rule, f.fix) for f in found] == [
        ("comment.missing", "COMMENT ON DOMAIN public.d IS 'counts';"),
        ("domain.default", "ALTER DOMAIN public.d SET DEFAULT 0;"),
    ]


def test_function_language_security_and_comment() -> None:
    fn = Function(name="f", returns="integer", language="sql", definition="SELECT 1")
    changed = fn.model_copy(update={"language": "plpgsql", "security_definer": True, "comment": "x"})
    exp = Catalog(schemas=(Schema(name="public", functions=(fn,)),))
    act = Catalog(schemas=(Schema(name="public", functions=(changed,)),))
    found = diff(exp, act)
    assert [f.rule for f in found] == ["comment.unexpected", "function.language", "function.security_definer"]
    assert found[0].fix == "COMMENT ON FUNCTION public.f() IS NULL;"
    assert found[1].fix == found[2].fix


def test_enum_comment_and_schema_owner() -> None:
    e = Enum(name="e", labels=("a",))
    exp = Catalog(schemas=(Schema(name="app", owner="app", enums=(e.model_copy(update={"comment": "c"}),)),))
    act = Catalog(schemas=(Schema(name="app", owner="postgres", enums=(e,)),))
    assert [f.rule for f in diff(exp, act)] == ["comment.missing"]
    found = diff(exp, act, compare_owner=True)
    assert [(f.rule, f.severity) for f in found] == [("schema.owner", "info"), ("comment.missing", "info")]
    assert found[0].fix == "ALTER SCHEMA app OWNER TO app;"


def test_view_owner_rule_uses_the_view_type() -> None:
    v = table("v", "x", kind="view", view_definition="SELECT 1 AS x", owner="app")
    f = only(diff(catalog(v), catalog(v.model_copy(update={"owner": "other"})), compare_owner=True))
    assert (f.rule, f.fix) == ("view.owner", "ALTER VIEW public.v OWNER TO app;")


def test_foreign_table_missing_has_no_fix() -> None:
    ft = table("remote", col("a"), kind="foreign_table")
    f = only(diff(catalog(ft), catalog()))
    assert (f.rule, f.fix) == ("table.missing", None)
    assert "foreign server" in f.message
