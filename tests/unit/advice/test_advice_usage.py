"""Statistics-based rules: sequence-exhaustion, vacuum-stale, seq-scan-heavy."""

from __future__ import annotations

from datetime import timedelta

from advice_builders import NOW, catalog, col, fk, paths, run, stats, table, tstats

from drift.model import Sequence, SequenceUsage
from drift.report.headline import short_message

INT_MAX = 2**31 - 1
BIG_MAX = 2**63 - 1


def seq_usage(name: str, last: int | None, max_value: int = INT_MAX, data_type: str = "integer", **kw):
    return SequenceUsage(
        schema_name="public",
        name=name,
        data_type=data_type,
        last_value=last,
        min_value=1,
        max_value=max_value,
        **kw,
    )


def serial_table(col_type: str = "integer"):
    return table("t", col("id", col_type, default="nextval('t_id_seq'::regclass)"))


def test_sequence_past_threshold() -> None:
    cat = catalog(
        serial_table(), sequences=(Sequence(name="t_id_seq", data_type="integer", owned_by="t.id"),)
    )
    st = stats(sequences=(seq_usage("t_id_seq", int(INT_MAX * 0.8)),))
    (f,) = run(cat, st, rule="sequence-exhaustion")
    assert f.path == ("public", "t_id_seq") and f.object_type == "sequence"
    assert f.evidence is not None and f.evidence["fraction_used"] == 0.8
    assert f.evidence["columns"] == ["public.t.id (integer)"]
    assert f.fix == (
        "-- each ALTER COLUMN rewrites its table under an ACCESS EXCLUSIVE lock\n"
        "ALTER TABLE public.t ALTER COLUMN id TYPE bigint;\n"
        "ALTER SEQUENCE public.t_id_seq AS bigint;"
    )
    assert "80%" in f.message


def exhausted(cat, st, **kw):
    """Only the warning facet (sequences past the threshold)."""
    return run(cat, st, rule="sequence-exhaustion", report_integer_columns=False, **kw)


def test_sequence_below_threshold_or_unused() -> None:
    cat = catalog(serial_table())
    assert exhausted(cat, stats(sequences=(seq_usage("t_id_seq", 1000),))) == []
    assert exhausted(cat, stats(sequences=(seq_usage("t_id_seq", None),))) == []
    st = stats(sequences=(seq_usage("t_id_seq", int(INT_MAX * 0.6)),))
    assert len(exhausted(cat, st, max_fraction_used=0.5)) == 1


def test_integer_column_fed_by_a_sequence_is_info_until_the_threshold() -> None:
    child_t = table("c", "id", col("t_id", "integer"), foreign_keys=(fk("c_t_fk", ("t_id",), "t"),))
    cat = catalog(serial_table(), child_t)
    (f,) = run(cat, stats(sequences=(seq_usage("t_id_seq", 1000),)), rule="sequence-exhaustion")
    assert f.severity == "info" and f.object_type == "column"
    assert f.path == ("public", "t", "id")
    assert f.evidence is not None and f.evidence["last_value"] == 1000
    assert f.evidence["sequence"] == "public.t_id_seq" and f.evidence["max_value"] == INT_MAX
    assert "2,147,483,647" in f.message
    # The figures are in the headline (before the colon), where one-line listings cut the message.
    assert f.message.startswith(
        "Column public.t.id is integer, fed by public.t_id_seq (1,000 used so far, <0.01% of its range):"
    )
    assert f.fix == (
        "-- each ALTER COLUMN rewrites its table under an ACCESS EXCLUSIVE lock\n"
        "ALTER TABLE public.t ALTER COLUMN id TYPE bigint;\n"
        "ALTER TABLE public.c ALTER COLUMN t_id TYPE bigint;\n"
        "ALTER SEQUENCE public.t_id_seq AS bigint;"
    )
    # without statistics the column is still an integer fed by a sequence
    (g,) = run(cat, None, rule="sequence-exhaustion")
    assert g.path == ("public", "t", "id") and "not visible" in g.message
    # past the threshold: one warning on the sequence instead
    (w,) = run(cat, stats(sequences=(seq_usage("t_id_seq", int(INT_MAX * 0.9)),)), rule="sequence-exhaustion")
    assert (w.severity, w.object_type, w.path) == ("warning", "sequence", ("public", "t_id_seq"))


def test_identity_and_owned_columns_are_found() -> None:
    ident = table("i", col("id", "integer", identity="always"))
    owned = table("o", col("id", "smallint"))
    bigid = table("b", col("id", "bigint", identity="by default"))
    cat = catalog(
        ident, owned, bigid, sequences=(Sequence(name="o_seq", data_type="smallint", owned_by="o.id"),)
    )
    st = stats(
        sequences=(
            seq_usage("i_id_seq", 5),
            seq_usage("o_seq", None, max_value=2**15 - 1, data_type="smallint"),
        )
    )
    found = run(cat, st, rule="sequence-exhaustion")
    assert paths(found) == [("public", "i", "id"), ("public", "o", "id")]
    assert found[0].fix is not None and "ALTER SEQUENCE" not in found[0].fix  # identity follows the column
    assert found[1].fix is not None and found[1].fix.endswith("ALTER SEQUENCE public.o_seq AS bigint;")
    assert "(not used yet)" in found[1].message


# --- vacuum-stale ------------------------------------------------------------------------------


def vac(**kw):
    return run(
        catalog(table("t", "id")), stats(age_days=30, tables=(tstats("t", **kw),)), rule="vacuum-stale"
    )


def test_dead_tuples_over_count_and_ratio() -> None:
    (f,) = vac(n_live_tup=20_000, n_dead_tup=30_000, last_autovacuum=NOW - timedelta(hours=1))
    assert f.path == ("public", "t")
    assert f.evidence is not None and f.evidence["dead_ratio"] == 0.6
    assert f.fix == "VACUUM (ANALYZE, VERBOSE) public.t;"
    assert "30,000 dead rows (60% of all rows)" in f.message
    # Every reason is in the headline: one-line listings show the first sentence up to a colon.
    assert short_message(f) == "has 30,000 dead rows (60% of all rows) waiting for VACUUM"
    assert f.evidence["stats_age_days"] == 30.0


def test_few_dead_tuples_are_fine() -> None:
    assert vac(n_live_tup=20_000, n_dead_tup=5_000, last_autovacuum=NOW) == []
    assert vac(n_live_tup=10_000_000, n_dead_tup=20_000, last_autovacuum=NOW) == []


def test_not_vacuumed_for_days() -> None:
    (f,) = vac(n_live_tup=10_000_000, n_dead_tup=20_000, last_autovacuum=NOW - timedelta(days=9))
    assert "last vacuumed 9 days ago" in f.message
    (g,) = vac(n_live_tup=10_000_000, n_dead_tup=20_000)
    assert "not vacuumed in the 30 days" in g.message


def test_stale_analyze_gives_analyze_fix() -> None:
    (f,) = vac(n_live_tup=50_000, n_mod_since_analyze=40_000, last_analyze=NOW - timedelta(days=3))
    assert f.fix == "ANALYZE VERBOSE public.t;"
    (g,) = vac(n_live_tup=50_000, n_mod_since_analyze=50_000)
    assert "not analyzed since the statistics began" in g.message
    assert short_message(g).endswith("so the planner works from missing or stale estimates")
    assert vac(n_live_tup=50_000, n_mod_since_analyze=40_000, last_analyze=NOW - timedelta(hours=3)) == []


def test_xid_age() -> None:
    (f,) = vac(n_live_tup=1, xid_age=600_000_000)
    assert f.fix == "VACUUM (FREEZE, ANALYZE, VERBOSE) public.t;"
    assert short_message(f).startswith("has unfrozen transaction IDs 600,000,000 transactions old")
    assert vac(n_live_tup=1, xid_age=100_000_000) == []


def test_thresholds_apply() -> None:
    cat = catalog(table("t", "id"))
    st = stats(tables=(tstats("t", n_live_tup=10, n_dead_tup=10, last_vacuum=NOW),))
    assert run(cat, st, rule="vacuum-stale") == []
    assert len(run(cat, st, rule="vacuum-stale", min_dead_tuples=5, max_dead_ratio=0.3)) == 1


def test_no_stats_no_usage_findings() -> None:
    cat = catalog(table("t", "id"))
    assert [f for f in run(cat, None) if f.rule in ("vacuum-stale", "seq-scan-heavy", "unused-index")] == []


# --- seq-scan-heavy ----------------------------------------------------------------------------


def scans(**kw):
    p = table("p", "id")
    t = table("t", "id", "p_id", foreign_keys=(fk("t_p_fk", ("p_id",), "p"),))
    return run(catalog(p, t), stats(tables=(tstats("t", **kw),)), rule="seq-scan-heavy")


def test_large_table_mostly_seq_scanned() -> None:
    (f,) = scans(n_live_tup=100_000, seq_scan=900, idx_scan=100, seq_tup_read=90_000_000, table_bytes=8 << 20)
    assert f.path == ("public", "t") and f.severity == "info"
    assert f.evidence is not None and f.evidence["seq_scan_share"] == 0.9
    assert f.evidence["unindexed_foreign_keys"] == ["t_p_fk"]
    assert "t_p_fk" in f.message and "(100,000 rows, 8 MB)" in f.message


def test_small_or_index_heavy_tables_are_fine() -> None:
    assert scans(n_live_tup=500, seq_scan=900, idx_scan=0, seq_tup_read=450_000) == []
    assert scans(n_live_tup=100_000, seq_scan=10, idx_scan=1000, seq_tup_read=1_000_000) == []
    assert scans(n_live_tup=100_000, seq_scan=5, idx_scan=0, seq_tup_read=500_000) == []


def test_paths_are_unique_per_rule() -> None:
    p = table("p", "id")
    t = table(
        "t",
        "id",
        col("p_id", "integer"),
        col("status", "text"),
        foreign_keys=(fk("a", ("p_id",), "p"), fk("b", ("p_id",), "p")),
    )
    found = run(catalog(p, t), stats())
    keys = [(f.rule, f.path) for f in found]
    assert len(keys) == len(set(keys))
    assert paths([f for f in found if f.rule == "fk-without-index"]) == [
        ("public", "t", "a"),
        ("public", "t", "b"),
    ]
