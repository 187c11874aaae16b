"""fk-without-index and fk-type-mismatch on hand-built catalogs."""

from __future__ import annotations

import pytest
from advice_builders import catalog, col, fk, paths, run, table

from drift.model import Index
from drift.report.headline import short_message


def child(*indexes: Index, fks: tuple[str, ...] = ("a", "b"), kind: str = "table", **kw: object):
    return table(
        "child",
        "id",
        "a",
        "b",
        "x",
        foreign_keys=(fk("child_ab_fk", fks, "parent", tuple(f"r{i}" for i in range(len(fks)))),),
        indexes=indexes,
        kind=kind,
        **kw,
    )


PARENT = table("parent", "id", "r0", "r1")


def fk_findings(*tables):
    return run(catalog(*tables), rule="fk-without-index")


def test_fk_without_any_index_is_reported_with_a_create_index_fix() -> None:
    (f,) = fk_findings(PARENT, child())
    assert f.path == ("public", "child", "child_ab_fk")
    assert f.object_type == "foreign_key"
    assert f.severity == "warning"
    assert f.category == "advice" and f.change is None
    assert f.fix == "CREATE INDEX CONCURRENTLY child_a_b_idx ON public.child (a, b);"
    assert f.evidence is not None and f.evidence["columns"] == ["a", "b"]
    assert "public.parent" in f.message and "(a, b)" in f.message
    assert short_message(f) == "(a, b) has no valid index leading with its columns"


@pytest.mark.parametrize(
    "keys",
    [("a", "b"), ("b", "a"), ("a", "b", "x"), ("b", "a", "x"), ("a DESC", "b"), ("a text_pattern_ops", "b")],
)
def test_index_leading_with_the_fk_columns_in_any_order_covers_it(keys: tuple[str, ...]) -> None:
    assert fk_findings(PARENT, child(Index(name="i", keys=keys))) == []


@pytest.mark.parametrize(
    "index",
    [
        Index(name="i", keys=("a",)),  # only part of the key
        Index(name="i", keys=("a", "x", "b")),  # b not in the leading prefix
        Index(name="i", keys=("x", "a", "b")),
        Index(name="i", keys=("a", "b"), valid=False),
        Index(name="i", keys=("a", "b"), ready=False),
        Index(name="i", keys=("a", "b"), method="gin"),
        Index(name="i", keys=("lower(a)", "b")),
        Index(name="i", keys=("a", "b"), predicate="(x > 0)"),
    ],
)
def test_indexes_that_cannot_serve_the_fk_lookup_do_not_count(index: Index) -> None:
    assert len(fk_findings(PARENT, child(index))) == 1


def test_partial_index_on_not_null_fk_columns_counts() -> None:
    ix = Index(name="i", keys=("a", "b"), predicate="((a IS NOT NULL) AND (b IS NOT NULL))")
    assert fk_findings(PARENT, child(ix)) == []


def test_hash_index_covers_a_single_column_fk_only() -> None:
    assert fk_findings(PARENT, child(Index(name="i", keys=("a",), method="hash"), fks=("a",))) == []
    assert len(fk_findings(PARENT, child(Index(name="i", keys=("a",), method="hash")))) == 1


def test_primary_key_index_counts_as_cover() -> None:
    t = table("link", "a", "b", pk=("a", "b"), foreign_keys=(fk("link_a_fk", ("a",), "parent"),))
    assert fk_findings(PARENT, t) == []


def test_index_containing_but_not_leading_is_named_in_evidence() -> None:
    (f,) = fk_findings(PARENT, child(Index(name="x_a_b", keys=("x", "a", "b"))))
    assert f.evidence is not None and f.evidence["indexes_not_leading_with_fk"] == ["x_a_b"]
    assert "x_a_b" in f.message


def test_quoted_names_and_cascade_wording() -> None:
    t = table(
        "Order Lines",
        "id",
        col("user"),
        foreign_keys=(fk("ol_user_fk", ("user",), "parent", ("id",), on_delete="CASCADE"),),
    )
    (f,) = fk_findings(PARENT, t)
    assert f.fix == 'CREATE INDEX CONCURRENTLY "Order Lines_user_idx" ON public."Order Lines" ("user");'
    assert "cascades" in f.message


def test_generated_index_name_avoids_existing_names() -> None:
    taken = table("child_a_b_idx", "id")
    (f,) = fk_findings(PARENT, child(), taken)
    assert f.fix is not None and "child_a_b_idx1" in f.fix


def test_partitioned_table_reported_once_on_parent_without_concurrently() -> None:
    parent = child(kind="partitioned_table")
    part = table(
        "child_2026",
        "id",
        "a",
        "b",
        "x",
        partition_of="public.child",
        foreign_keys=(fk("child_ab_fk", ("a", "b"), "parent", ("r0", "r1")),),
    )
    found = fk_findings(PARENT, parent, part)
    assert paths(found) == [("public", "child", "child_ab_fk")]
    assert found[0].fix is not None and "CONCURRENTLY" not in found[0].fix.splitlines()[-1]


def test_views_are_ignored() -> None:
    assert fk_findings(PARENT, child(kind="view")) == []


def test_fk_type_mismatch_narrower_column() -> None:
    users = table("users", col("id", "bigint"), col("code", "character varying(20)"))
    posts = table(
        "posts",
        "id",
        col("user_id", "integer"),
        col("user_code", "character varying(10)"),
        foreign_keys=(
            fk("posts_user_fk", ("user_id",), "users"),
            fk("posts_code_fk", ("user_code",), "users", ("code",)),
        ),
    )
    found = run(catalog(users, posts), rule="fk-type-mismatch")
    assert paths(found) == [("public", "posts", "user_code"), ("public", "posts", "user_id")]
    assert found[1].fix is not None and found[1].fix.endswith("TYPE bigint;")


def test_fk_type_mismatch_silent_for_equal_or_wider() -> None:
    users = table("users", col("id", "integer"))
    posts = table("posts", "id", col("user_id", "bigint"), foreign_keys=(fk("f", ("user_id",), "users"),))
    assert run(catalog(users, posts), rule="fk-type-mismatch") == []


def test_index_keys_spelled_as_the_catalog_does_with_unquoted_odd_names() -> None:
    t = table(
        "Odd",
        "id",
        col("My Col"),
        foreign_keys=(fk("odd_fk", ("My Col",), "parent"),),
        indexes=(Index(name="odd_idx", keys=("My Col DESC NULLS LAST", "id")),),
    )
    assert fk_findings(PARENT, t) == []
    bare = t.model_copy(update={"indexes": ()})
    (f,) = fk_findings(PARENT, bare)
    assert f.fix == 'CREATE INDEX CONCURRENTLY "Odd_My Col_idx" ON public."Odd" ("My Col");'
