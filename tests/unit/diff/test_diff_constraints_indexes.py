"""Constraints and indexes: matched by name, then by structure (a rename is one info finding)."""

from __future__ import annotations

from diff_builders import catalog, col, diff, only, rules, table

from drift.diff import split_statements
from drift.model import (
    CheckConstraint,
    ExclusionConstraint,
    ForeignKey,
    Index,
    PrimaryKey,
    Table,
    UniqueConstraint,
)


def t(**kw: object) -> Table:
    return table("orders", col("id", nullable=False), "user_id", col("total", "numeric"), **kw)


def fk(name: str = "orders_user_id_fkey", **kw: object) -> ForeignKey:
    base: dict[str, object] = {
        "columns": ("user_id",),
        "ref_schema": "public",
        "ref_table": "users",
        "ref_columns": ("id",),
    }
    base.update(kw)
    return ForeignKey(name=name, **base)  # type: ignore[arg-type]


def test_missing_foreign_key_is_added_not_valid_then_validated() -> None:
    f = only(diff(catalog(t(foreign_keys=(fk(on_delete="CASCADE"),))), catalog(t())))
    assert (f.rule, f.path) == ("foreign_key.missing", ("public", "orders", "orders_user_id_fkey"))
    assert split_statements(f.fix or "") == [
        "ALTER TABLE public.orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) "
        "REFERENCES public.users (id) ON DELETE CASCADE NOT VALID",
        "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_user_id_fkey",
    ]


def test_foreign_key_on_delete_changed() -> None:
    f = only(diff(catalog(t(foreign_keys=(fk(on_delete="CASCADE"),))), catalog(t(foreign_keys=(fk(),)))))
    assert (f.rule, f.attribute, f.expected, f.actual) == (
        "foreign_key.on_delete",
        "on_delete",
        "CASCADE",
        "NO ACTION",
    )
    stmts = split_statements(f.fix or "")
    assert stmts[0] == "ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_user_id_fkey"
    assert stmts[1].endswith("ON DELETE CASCADE NOT VALID")
    assert stmts[2] == "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_user_id_fkey"


def test_foreign_key_not_valid_in_database_is_a_warning() -> None:
    f = only(diff(catalog(t(foreign_keys=(fk(),))), catalog(t(foreign_keys=(fk(validated=False),)))))
    assert (f.rule, f.severity) == ("foreign_key.validated", "warning")
    assert f.fix == "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_user_id_fkey;"
    # declared NOT VALID, validated in the database: stronger, not drift
    assert diff(catalog(t(foreign_keys=(fk(validated=False),))), catalog(t(foreign_keys=(fk(),)))) == []


def test_foreign_key_deferrable_changed_in_place() -> None:
    f = only(diff(catalog(t(foreign_keys=(fk(deferrable=True),))), catalog(t(foreign_keys=(fk(),)))))
    assert f.rule == "foreign_key.deferrable"
    assert f.fix == "ALTER TABLE public.orders ALTER CONSTRAINT orders_user_id_fkey DEFERRABLE;"


def test_renamed_constraint_is_one_info_finding() -> None:
    f = only(diff(catalog(t(foreign_keys=(fk(),))), catalog(t(foreign_keys=(fk("fk_orders_user"),)))))
    assert (f.rule, f.severity, f.change, f.attribute) == ("foreign_key.renamed", "info", "changed", "name")
    assert (f.expected, f.actual) == ("orders_user_id_fkey", "fk_orders_user")
    assert f.fix == "ALTER TABLE public.orders RENAME CONSTRAINT fk_orders_user TO orders_user_id_fkey;"


def test_unexpected_constraint() -> None:
    f = only(diff(catalog(t()), catalog(t(foreign_keys=(fk(),)))))
    assert (f.rule, f.severity) == ("foreign_key.unexpected", "warning")
    assert f.fix == "ALTER TABLE public.orders DROP CONSTRAINT orders_user_id_fkey;"


def test_primary_key_missing_uses_a_concurrent_index() -> None:
    pk = PrimaryKey(name="orders_pkey", columns=("id",))
    f = only(diff(catalog(t(primary_key=pk)), catalog(t())))
    assert f.rule == "primary_key.missing"
    assert split_statements(f.fix or "") == [
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_pkey ON public.orders (id)",
        "ALTER TABLE public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX orders_pkey",
    ]


def test_primary_key_columns_and_name() -> None:
    exp = catalog(t(primary_key=PrimaryKey(name="orders_pkey", columns=("id",))))
    act = catalog(t(primary_key=PrimaryKey(name="pk_orders", columns=("id", "user_id"))))
    found = diff(exp, act)
    assert rules(found) == [
        ("primary_key.columns", ("public", "orders", "orders_pkey")),
        ("primary_key.renamed", ("public", "orders", "orders_pkey")),
    ]


def test_primary_key_renamed_only() -> None:
    exp = catalog(t(primary_key=PrimaryKey(name="orders_pkey", columns=("id",))))
    act = catalog(t(primary_key=PrimaryKey(name="pk_orders", columns=("id",))))
    assert only(diff(exp, act)).rule == "primary_key.renamed"


def test_unique_constraint_nulls_not_distinct() -> None:
    exp = catalog(
        t(unique_constraints=(UniqueConstraint(name="u", columns=("user_id",), nulls_not_distinct=True),))
    )
    act = catalog(t(unique_constraints=(UniqueConstraint(name="u", columns=("user_id",)),)))
    f = only(diff(exp, act))
    assert f.rule == "unique.nulls_not_distinct"
    assert "(user_id) NULLS NOT DISTINCT" in (f.fix or "")


def test_check_expression_spelling_is_not_drift() -> None:
    exp = catalog(
        t(check_constraints=(CheckConstraint(name="c", expression="total > 0 AND user_id IS NOT NULL"),))
    )
    act = catalog(
        t(
            check_constraints=(
                CheckConstraint(name="c", expression="((total > (0)::numeric) AND (user_id IS NOT NULL))"),
            )
        )
    )
    exp_cast = catalog(
        t(
            check_constraints=(
                CheckConstraint(name="c", expression="(total > 0::numeric) AND (user_id IS NOT NULL)"),
            )
        )
    )
    assert diff(exp_cast, act) == []
    # total is numeric: the server reads `total > 0` as `total > (0)::numeric`
    assert diff(exp, act) == []
    # user_id is integer: a numeric cast next to it is not one the server would add
    cast_int = CheckConstraint(name="c", expression="user_id > 0::numeric")
    assert only(diff(catalog(t(check_constraints=(cast_int,))), act)).rule == "check.expression"
    plain_int = CheckConstraint(name="c", expression="user_id > 0")
    assert only(diff(catalog(t(check_constraints=(plain_int,))), catalog(t(check_constraints=(cast_int,)))))


def test_check_changed_and_renamed() -> None:
    exp = catalog(t(check_constraints=(CheckConstraint(name="orders_total_check", expression="total > 0"),)))
    changed = catalog(
        t(check_constraints=(CheckConstraint(name="orders_total_check", expression="total >= 0"),))
    )
    f = only(diff(exp, changed))
    assert (f.rule, f.expected, f.actual) == ("check.expression", "total > 0", "total >= 0")
    assert split_statements(f.fix or "")[1].endswith("CHECK (total > 0) NOT VALID")
    renamed = catalog(
        t(check_constraints=(CheckConstraint(name="total_positive", expression="(total > 0)"),))
    )
    assert only(diff(exp, renamed)).rule == "check.renamed"


def test_exclusion_constraint() -> None:
    ex = ExclusionConstraint(name="no_overlap", definition="EXCLUDE USING gist (user_id WITH =)")
    f = only(diff(catalog(t(exclusion_constraints=(ex,))), catalog(t())))
    assert f.rule == "exclusion.missing"
    assert f.fix == "ALTER TABLE public.orders ADD CONSTRAINT no_overlap EXCLUDE USING gist (user_id WITH =);"
    other = ex.model_copy(update={"definition": "EXCLUDE USING gist (id WITH =)"})
    assert only(
        diff(catalog(t(exclusion_constraints=(ex,))), catalog(t(exclusion_constraints=(other,))))
    ).rule == ("exclusion.definition")


def test_missing_index_is_created_concurrently() -> None:
    idx = Index(name="orders_user_idx", keys=("user_id",), predicate="(total > (0)::numeric)")
    f = only(diff(catalog(t(indexes=(idx,))), catalog(t())))
    assert (f.rule, f.path) == ("index.missing", ("public", "orders", "orders_user_idx"))
    assert f.fix == (
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_idx ON public.orders (user_id) "
        "WHERE (total > (0)::numeric);"
    )


def test_unexpected_index_is_dropped_concurrently() -> None:
    f = only(diff(catalog(t()), catalog(t(indexes=(Index(name="junk", keys=("total",)),)))))
    assert (f.rule, f.fix) == ("index.unexpected", "DROP INDEX CONCURRENTLY IF EXISTS public.junk;")


def test_index_definition_changed() -> None:
    exp = catalog(t(indexes=(Index(name="i", keys=("user_id", "total DESC")),)))
    act = catalog(t(indexes=(Index(name="i", keys=("user_id",)),)))
    f = only(diff(exp, act))
    assert f.rule == "index.definition"
    assert split_statements(f.fix or "") == [
        "DROP INDEX CONCURRENTLY IF EXISTS public.i",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON public.orders (user_id, total DESC)",
    ]


def test_index_renamed() -> None:
    exp = catalog(t(indexes=(Index(name="orders_user_idx", keys=("user_id",)),)))
    act = catalog(t(indexes=(Index(name="idx_1", keys=("user_id",)),)))
    f = only(diff(exp, act))
    assert (f.rule, f.severity, f.fix) == (
        "index.renamed",
        "info",
        "ALTER INDEX public.idx_1 RENAME TO orders_user_idx;",
    )


def test_invalid_index() -> None:
    exp = catalog(t(indexes=(Index(name="i", keys=("user_id",)),)))
    act = catalog(t(indexes=(Index(name="i", keys=("user_id",), valid=False),)))
    f = only(diff(exp, act))
    assert (f.rule, f.fix) == ("index.valid", "REINDEX INDEX CONCURRENTLY public.i;")


def test_constraint_backing_indexes_are_not_compared_as_indexes() -> None:
    pk = PrimaryKey(name="orders_pkey", columns=("id",))
    backing = Index(name="orders_pkey", keys=("id",), unique=True, constraint="orders_pkey")
    exp = catalog(t(primary_key=pk))  # a source that does not list the backing index
    act = catalog(t(primary_key=pk, indexes=(backing,)))
    assert diff(exp, act) == []


def test_index_key_column_names_are_quoted_in_fix() -> None:
    table_ = table("T", col("Odd Name"), indexes=(Index(name="i", keys=("Odd Name DESC", "lower(x)")),))
    f = only(diff(catalog(table_), catalog(table("T", col("Odd Name")))))
    assert '("Odd Name" DESC, lower(x))' in (f.fix or "")


def test_partitioned_table_index_is_not_concurrent() -> None:
    kw = {"kind": "partitioned_table", "partition_key": "RANGE (id)"}
    exp = catalog(t(indexes=(Index(name="i", keys=("user_id",)),), **kw))
    f = only(diff(exp, catalog(t(**kw))))
    assert f.fix == "CREATE INDEX IF NOT EXISTS i ON public.orders (user_id);"
