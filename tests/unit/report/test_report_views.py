"""The pieces renderers share: grouping, three-way rows, the health score reader, value spelling."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from drift.advice.sqltext import pretty_bytes
from drift.model import Finding, IndexStats, TableStats, UsageStats
from drift.report.formatting import human_bytes, member_label, statistics_age, visible
from drift.report.grouping import group_findings
from drift.report.health_view import health_view
from drift.report.usage import usage_tops


def _drift(against: str, expected: object, path: tuple[str, ...] = ("public", "users", "email")) -> Finding:
    return Finding(
        category="drift",
        rule="column.type",
        severity="error",
        object_type="column",
        change="changed",
        attribute="type",
        path=path,
        against=against,
        expected=expected,
        actual="integer",
        message=f"differs from {against}",
    )


def test_expected_and_orm_findings_about_one_column_merge_into_one_row() -> None:
    groups = group_findings([_drift("expected", "bigint"), _drift("orm", "numeric")])
    assert [g.heading for g in groups] == ["public.users"]
    (row,) = groups[0].rows
    assert row.values is not None
    assert (row.values.database, row.values.expected, row.values.model) == ("integer", "bigint", "numeric")


def test_findings_against_one_source_stay_separate() -> None:
    groups = group_findings(
        [_drift("expected", "bigint"), _drift("orm", "numeric", ("public", "users", "id"))]
    )
    assert [r.values for r in groups[0].rows] == [None, None]


def test_missing_object_reads_absent_not_none() -> None:
    missing = Finding(
        category="drift",
        rule="column.missing",
        severity="error",
        object_type="column",
        change="missing",
        path=("public", "users", "email"),
        against="expected",
        expected={"type": "text"},
        message="missing",
    )
    from_model = missing.model_copy(update={"against": "orm", "id": "other"})
    (row,) = group_findings([missing, from_model])[0].rows
    assert row.values is not None and row.values.database == "(absent)"


def test_groups_database_then_schema_then_tables() -> None:
    ext = Finding(
        category="drift",
        rule="extension.unexpected",
        severity="warning",
        object_type="extension",
        change="unexpected",
        path=("pg_trgm",),
        message="x",
    )
    seq = ext.model_copy(
        update={"rule": "sequence.missing", "object_type": "sequence", "path": ("public", "s"), "id": ""}
    )
    seq = Finding.model_validate(seq.model_dump())
    headings = [g.heading for g in group_findings([_drift("expected", "bigint"), seq, ext])]
    assert headings == ["database", "schema public", "public.users"]
    assert member_label(seq) == "sequence s"


def test_health_view_reads_the_advice_score_shape() -> None:
    view = health_view(
        {
            "score": 7.2,
            "areas": {
                "indexing": {
                    "score": 6.0,
                    "weight": 0.2,
                    "deductions": [
                        {"finding_id": "a", "rule": "fk-without-index", "severity": "warning", "points": 1.0},
                        {"finding_id": "b", "rule": "fk-without-index", "severity": "warning", "points": 1.0},
                        {"finding_id": "c", "rule": "unused-index", "severity": "warning", "points": 2.0},
                    ],
                },
                "drift": {"score": None, "weight": 0.0, "deductions": []},
            },
        }
    )
    assert view is not None and view.score == 7.2 and view.max == 10 and view.grade == "fair"
    indexing, drift = view.areas
    assert (indexing.name, indexing.score, indexing.max, indexing.weight) == ("indexing", 6.0, 10, 0.2)
    assert [(d.rule, d.points, d.finding_ids) for d in indexing.by_rule()] == [
        ("fk-without-index", 2.0, ("a", "b")),
        ("unused-index", 2.0, ("c",)),
    ]
    assert drift.score is None


def test_health_view_is_lenient() -> None:
    assert health_view(None) is None
    assert health_view({"areas": {}}) is None
    listed = health_view({"total": "4.5", "max_score": 5, "areas": [{"name": "security", "score": 3}]})
    assert listed is not None and listed.max == 5 and listed.areas[0].name == "security"


def test_usage_tops_order_and_ties() -> None:
    stats = UsageStats(
        tables=(
            TableStats(schema_name="s", table="b", total_bytes=10, seq_scan=1, idx_scan=1, n_dead_tup=0),
            TableStats(schema_name="s", table="a", total_bytes=10, seq_scan=5, idx_scan=0, n_dead_tup=3),
            TableStats(schema_name="s", table="c", total_bytes=None),
        ),
        indexes=(IndexStats(schema_name="s", table="a", index="i", size_bytes=7, idx_scan=0),),
    )
    tops = usage_tops(stats)
    assert [t.name for t in tops.largest_tables] == ["s.a", "s.b"]
    assert [t.name for t in tops.busiest_tables] == ["s.a", "s.b"]
    assert [t.name for t in tops.most_dead_tuples] == ["s.a"]
    assert [i.index for i in tops.largest_indexes] == ["i"]
    assert usage_tops(None).empty


def test_value_spelling() -> None:
    assert human_bytes(None) == "?"
    assert human_bytes(512) == "512 bytes"
    assert human_bytes(8 * 1024 * 1024) == "8 MB"
    assert human_bytes(2_202_009) == "2.1 MB"
    assert human_bytes(516_096) == "504 kB"  # not '504.0 kB'


@pytest.mark.parametrize("size", [0, 512, 1024, 8192, 10_239, 516_096, 1_024_000, 2_202_009, 8 << 30])
def test_sizes_read_the_same_in_messages_and_tables(size: int) -> None:
    assert human_bytes(size) == pretty_bytes(size)
    assert visible("a\x1b[31mb\u202ec") == "a\\x1b[31mb\\u202ec"
    assert visible("x\ny", multiline=False) == "x\\ny"
    stats = UsageStats(
        collected_at=datetime(2026, 1, 11, tzinfo=UTC), stats_reset=datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert statistics_age(stats) == "since the reset on 2026-01-01 00:00 UTC (10.0 days)"
    assert statistics_age(UsageStats()) == "age unknown (the statistics reset time is not visible)"
    assert statistics_age(None) is None
