"""unused-index, duplicate-index and invalid-index on hand-built catalogs and statistics."""

from __future__ import annotations

from advice_builders import catalog, fk, istats, paths, run, stats, table

from drift.model import Index, UsageStats
from drift.report.headline import short_message

# --- unused-index ------------------------------------------------------------------------------


def t_with(*indexes: Index, **kw: object):
    return table("t", "id", "a", "b", "c", indexes=indexes, **kw)


def unused(cat, st):
    return run(cat, st, rule="unused-index")


def test_unused_index_reported_with_size_and_stats_age() -> None:
    cat = catalog(t_with(Index(name="t_a_idx", keys=("a",))))
    st = stats(age_days=30, indexes=(istats("t", "t_a_idx", idx_scan=0, idx_tup_read=0, size_bytes=16384),))
    (f,) = unused(cat, st)
    assert f.path == ("public", "t", "t_a_idx")
    assert f.severity == "info"
    assert f.evidence is not None
    assert f.evidence["idx_scan"] == 0 and f.evidence["size_bytes"] == 16384
    assert f.evidence["stats_age_days"] == 30.0
    assert f.evidence["stats_since"] == "2026-01-30T12:00:00+00:00"
    assert f.evidence["stats_since_basis"] == "stats_reset"
    assert "16 kB" in f.message and "30.0 days" in f.message
    assert short_message(f) == "has had no scans in 30.0 days and takes 16 kB"
    assert f.fix == "DROP INDEX CONCURRENTLY public.t_a_idx;"


def test_unused_index_skipped_when_stats_are_too_young() -> None:
    cat = catalog(t_with(Index(name="t_a_idx", keys=("a",))))
    st = stats(age_days=2, indexes=(istats("t", "t_a_idx", idx_scan=0, size_bytes=8192),))
    assert unused(cat, st) == []
    assert len(run(cat, st, rule="unused-index", min_stats_age_days=1)) == 1


def test_unused_index_uses_server_start_when_never_reset() -> None:
    cat = catalog(t_with(Index(name="t_a_idx", keys=("a",))))
    st = UsageStats(
        collected_at=stats().collected_at,
        postmaster_start=stats(age_days=10).stats_reset,
        indexes=(istats("t", "t_a_idx", idx_scan=0, size_bytes=8192),),
    )
    (f,) = unused(cat, st)
    assert f.evidence is not None and f.evidence["stats_since_basis"] == "server_start"
    assert "at least 10.0 days" in f.message
    assert short_message(f) == "has had no scans in at least 10.0 days and takes 8 kB"


def test_unused_index_needs_known_stats_age() -> None:
    cat = catalog(t_with(Index(name="t_a_idx", keys=("a",))))
    st = UsageStats(indexes=(istats("t", "t_a_idx", idx_scan=0, size_bytes=8192),))
    assert unused(cat, st) == []


def test_used_unique_constraint_and_unknown_indexes_are_not_unused() -> None:
    cat = catalog(
        t_with(
            Index(name="used", keys=("a",)),
            Index(name="uniq", keys=("b",), unique=True),
            Index(name="no_stats", keys=("c",)),
        )
    )
    st = stats(
        indexes=(
            istats("t", "used", idx_scan=5, size_bytes=8192),
            istats("t", "uniq", idx_scan=0, size_bytes=8192),
            istats("t", "t_pkey", idx_scan=0, size_bytes=8192),
        )
    )
    assert unused(cat, st) == []


def test_unused_index_that_alone_covers_a_foreign_key_is_kept() -> None:
    parent = table("p", "id")
    t = t_with(Index(name="t_a_idx", keys=("a",)), foreign_keys=(fk("t_a_fk", ("a",), "p"),))
    st = stats(indexes=(istats("t", "t_a_idx", idx_scan=0, size_bytes=8192),))
    assert unused(catalog(parent, t), st) == []


def test_min_size_threshold() -> None:
    cat = catalog(t_with(Index(name="t_a_idx", keys=("a",))))
    st = stats(indexes=(istats("t", "t_a_idx", idx_scan=0, size_bytes=8192),))
    assert run(cat, st, rule="unused-index", min_size_bytes=1_000_000) == []


# --- duplicate-index ---------------------------------------------------------------------------


def dups(*indexes: Index, **kw: object):
    return run(catalog(t_with(*indexes, **kw)), rule="duplicate-index")


def test_identical_indexes_report_one_of_them() -> None:
    (f,) = dups(Index(name="a1", keys=("a",)), Index(name="a2", keys=("a",)))
    assert f.path == ("public", "t", "a2")
    assert f.evidence is not None and f.evidence["covering_index"] == "a1"
    assert f.evidence["kind"] == "identical"
    assert f.fix == "DROP INDEX CONCURRENTLY public.a2;"


def test_leading_prefix_is_redundant() -> None:
    (f,) = dups(Index(name="ab", keys=("a", "b")), Index(name="a_only", keys=("a",)))
    assert f.path == ("public", "t", "a_only")
    assert f.evidence is not None and f.evidence["kind"] == "prefix"


def test_index_on_primary_key_column_is_redundant_not_the_pk() -> None:
    (f,) = dups(Index(name="t_id_idx", keys=("id",)))
    assert f.path == ("public", "t", "t_id_idx")


def test_unique_index_is_never_the_redundant_one() -> None:
    (f,) = dups(Index(name="u", keys=("a",), unique=True), Index(name="plain", keys=("a",)))
    assert f.path == ("public", "t", "plain")
    # unique prefix of a wider non-unique index: both needed
    assert dups(Index(name="u", keys=("a",), unique=True), Index(name="ab", keys=("a", "b"))) == []


def test_unique_constraint_duplicating_the_primary_key_is_dropped_through_the_constraint() -> None:
    (f,) = dups(Index(name="t_id_key", keys=("id",), unique=True, constraint="t_id_key"))
    assert f.path == ("public", "t", "t_id_key")
    assert f.fix == "ALTER TABLE public.t DROP CONSTRAINT t_id_key;"


def test_different_method_predicate_order_or_include_is_not_duplicate() -> None:
    assert dups(Index(name="a1", keys=("a",)), Index(name="a2", keys=("a",), method="hash")) == []
    assert dups(Index(name="a1", keys=("a",)), Index(name="a2", keys=("a",), predicate="(b > 0)")) == []
    assert dups(Index(name="ab", keys=("a", "b")), Index(name="ba", keys=("b", "a"))) == []
    assert dups(Index(name="a1", keys=("a",), include=("c",)), Index(name="ab", keys=("a", "b"))) == []
    assert dups(Index(name="a1", keys=("lower(a)",)), Index(name="a2", keys=("a",))) == []


def test_predicate_whitespace_does_not_matter_and_invalid_indexes_are_left_out() -> None:
    assert (
        len(
            dups(
                Index(name="a1", keys=("a",), predicate="(b > 0)"),
                Index(name="a2", keys=("a",), predicate="(b  >  0)"),
            )
        )
        == 1
    )
    assert dups(Index(name="a1", keys=("a",)), Index(name="a2", keys=("a",), valid=False)) == []


# --- invalid-index -----------------------------------------------------------------------------


def invalid(*indexes: Index, kind: str = "table"):
    return run(catalog(t_with(*indexes, kind=kind)), rule="invalid-index")


def test_invalid_ready_index_is_a_warning_with_reindex_fix() -> None:
    (f,) = invalid(Index(name="t_a_idx", keys=("a",), valid=False))
    assert f.severity == "warning"
    assert f.fix == "REINDEX INDEX CONCURRENTLY public.t_a_idx;"
    assert "pg_stat_progress_create_index" in f.message


def test_not_ready_index_is_info_it_may_be_building() -> None:
    (f,) = invalid(Index(name="t_a_idx", keys=("a",), valid=False, ready=False))
    assert f.severity == "info"
    assert f.fix is not None
    assert "CREATE INDEX CONCURRENTLY t_a_idx ON public.t (a);" in f.fix


def test_reindex_leftover_is_dropped() -> None:
    (f,) = invalid(Index(name="t_a_idx_ccnew", keys=("a",), valid=False))
    assert f.fix == "DROP INDEX CONCURRENTLY IF EXISTS public.t_a_idx_ccnew;"


def test_valid_indexes_are_fine() -> None:
    assert invalid(Index(name="t_a_idx", keys=("a",))) == []
    assert paths(invalid(Index(name="p", keys=("a",), valid=False), kind="partitioned_table")) == [
        ("public", "t", "p")
    ]


def test_partition_copy_of_a_parent_index_is_not_reported_unused() -> None:
    parent = table(
        "m", "id", "a", pk=None, kind="partitioned_table", indexes=(Index(name="m_a_idx", keys=("a",)),)
    )
    part = table(
        "m_1",
        "id",
        "a",
        pk=None,
        partition_of="public.m",
        indexes=(Index(name="m_1_a_idx", keys=("a",)), Index(name="m_1_local", keys=("id",))),
    )
    st = stats(
        indexes=(
            istats("m_1", "m_1_a_idx", idx_scan=0, size_bytes=8192),
            istats("m_1", "m_1_local", idx_scan=0, size_bytes=8192),
        )
    )
    assert paths(unused(catalog(parent, part), st)) == [("public", "m_1", "m_1_local")]
