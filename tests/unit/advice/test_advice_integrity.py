"""no-primary-key, invalid-constraint, status-without-check, timestamp-without-timezone."""

from __future__ import annotations

import pytest
from advice_builders import catalog, col, fk, paths, run, table

from drift.model import CheckConstraint, Enum, Index, UniqueConstraint

# --- no-primary-key ----------------------------------------------------------------------------


def test_table_without_primary_key() -> None:
    (f,) = run(catalog(table("log", "ts", "msg", pk=None)), rule="no-primary-key")
    assert f.path == ("public", "log") and f.object_type == "table" and f.severity == "warning"
    assert f.fix is not None and "GENERATED ALWAYS AS IDENTITY PRIMARY KEY" in f.fix


def test_unique_not_null_index_is_offered_for_promotion() -> None:
    t = table(
        "log",
        col("code", "text", nullable=False),
        col("maybe", "text"),
        pk=None,
        indexes=(
            Index(name="log_maybe_key", keys=("maybe",), unique=True),
            Index(name="log_code_key", keys=("code",), unique=True),
        ),
    )
    (f,) = run(catalog(t), rule="no-primary-key")
    assert f.fix == "ALTER TABLE public.log ADD CONSTRAINT log_code_key PRIMARY KEY USING INDEX log_code_key;"
    assert f.evidence is not None and f.evidence["promotable_unique_indexes"] == ["log_code_key"]


def test_views_and_partitions_of_a_parent_are_not_reported() -> None:
    parent = table("m", "id", "day", pk=None, kind="partitioned_table")
    part = table("m_2026", "id", "day", pk=None, partition_of="public.m")
    view = table("v", "id", pk=None, kind="view")
    assert paths(run(catalog(parent, part, view), rule="no-primary-key")) == [("public", "m")]


# --- invalid-constraint ------------------------------------------------------------------------


def test_not_valid_fk_and_check_are_reported_with_validate_fix() -> None:
    t = table(
        "t",
        "id",
        "p_id",
        foreign_keys=(fk("t_p_fk", ("p_id",), "p", validated=False),),
        check_constraints=(
            CheckConstraint(name="t_id_check", expression="(id > 0)", validated=False),
            CheckConstraint(name="t_ok", expression="(id < 10)"),
        ),
        indexes=(Index(name="i", keys=("p_id",)),),
    )
    found = run(catalog(table("p", "id"), t), rule="invalid-constraint")
    assert paths(found) == [("public", "t", "t_id_check"), ("public", "t", "t_p_fk")]
    assert [f.object_type for f in found] == ["check", "foreign_key"]
    assert found[0].fix is not None and found[0].fix.endswith(
        "ALTER TABLE public.t VALIDATE CONSTRAINT t_id_check;"
    )


# --- status-without-check ----------------------------------------------------------------------

STATUS_COLS = ("status", "state", "type", "kind", "role", "category", "priority", "order_status",
               "content_type", "jobState", "user_role")  # fmt: skip


@pytest.mark.parametrize("name", STATUS_COLS)
def test_status_like_text_columns_are_reported(name: str) -> None:
    t = table("t", "id", col(name, "character varying"))
    assert paths(run(catalog(t), rule="status-without-check")) == [("public", "t", name)]


@pytest.mark.parametrize("name", ["status_code_count", "stateful", "typeface", "description", "status_note"])
def test_other_names_are_not(name: str) -> None:
    assert run(catalog(table("t", "id", col(name, "text"))), rule="status-without-check") == []


@pytest.mark.parametrize("type_", ["integer", "boolean", "public.job_status", "job_status", "text[]"])
def test_non_text_types_enums_and_domains_are_not(type_: str) -> None:
    t = table("t", "id", col("status", type_))
    cat = catalog(t, enums=(Enum(name="job_status", labels=("a",)),))
    assert run(cat, rule="status-without-check") == []


def test_check_constraint_or_foreign_key_clears_it() -> None:
    checked = table(
        "t",
        "id",
        col("status", "character varying"),
        check_constraints=(
            CheckConstraint(
                name="t_status_check",
                expression="((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))",
            ),
        ),
    )
    assert run(catalog(checked), rule="status-without-check") == []
    quoted = table(
        "t",
        "id",
        col("State", "text"),
        check_constraints=(CheckConstraint(name="c", expression="(\"State\" <> ''::text)"),),
    )
    assert run(catalog(quoted), rule="status-without-check") == []
    lookup = table(
        "t", "id", col("status", "text"), foreign_keys=(fk("f", ("status",), "statuses", ("code",)),)
    )
    assert run(catalog(lookup), rule="status-without-check") == []


def test_check_on_another_column_or_literal_mention_does_not_count() -> None:
    t = table(
        "t",
        "id",
        col("status", "text"),
        check_constraints=(CheckConstraint(name="c", expression="(note <> 'status'::text)"),),
    )
    assert len(run(catalog(t), rule="status-without-check")) == 1


def test_status_fix_is_a_template_seeded_with_the_default() -> None:
    t = table("t", "id", col("status", "character varying", default="'draft'::character varying"))
    (f,) = run(catalog(t), rule="status-without-check")
    assert f.severity == "info"
    assert f.fix is not None
    assert "CHECK (status IN ('draft', ...)) NOT VALID;" in f.fix
    assert "VALIDATE CONSTRAINT t_status_check;" in f.fix
    # Every line is a comment: a fix script or a paste into psql runs it without a syntax error.
    assert all(line.startswith("-- ") for line in f.fix.splitlines())


def test_status_check_name_avoids_clash() -> None:
    t = table(
        "t",
        "id",
        col("status", "text"),
        check_constraints=(CheckConstraint(name="t_status_check", expression="(id > 0)"),),
    )
    (f,) = run(catalog(t), rule="status-without-check")
    assert f.fix is not None and "t_status_check1" in f.fix


# --- timestamp-without-timezone ----------------------------------------------------------------


def test_one_finding_per_timestamp_column() -> None:
    t = table(
        "t",
        "id",
        col("created_at", "timestamp without time zone"),
        col("precise", "timestamp(3) without time zone"),
        col("aware", "timestamp with time zone"),
        col("days", "date"),
        col("many", "timestamp without time zone[]"),
    )
    found = run(catalog(t), rule="timestamp-without-timezone")
    assert paths(found) == [
        ("public", "t", "created_at"),
        ("public", "t", "many"),
        ("public", "t", "precise"),
    ]
    assert {f.severity for f in found} == {"info"}
    assert found[2].fix is not None and found[2].fix.endswith(
        "ALTER TABLE public.t ALTER COLUMN precise TYPE timestamp(3) with time zone;"
    )


def test_unique_constraint_does_not_affect_status_rule() -> None:
    t = table(
        "t",
        "id",
        col("status", "text"),
        unique_constraints=(UniqueConstraint(name="u", columns=("status",)),),
    )
    assert len(run(catalog(t), rule="status-without-check")) == 1
