"""The repository's own expected_schema/ (the Renexus example) matches the Renexus database."""

from __future__ import annotations

from pathlib import Path

from drift.catalog import reflect
from drift.diff import diff_catalogs
from drift.sources.expected import load_expected

REPO_EXPECTED = Path(__file__).resolve().parents[2] / "expected_schema"


def test_renexus_has_no_drift_against_the_checked_in_expected_schema(renexus_dsn: str) -> None:
    expected = load_expected(REPO_EXPECTED)
    actual = reflect(renexus_dsn, with_stats=False).catalog
    findings = diff_catalogs(
        expected.catalog,
        actual,
        unexpected=expected.unexpected,
        default_unexpected=expected.default_unexpected,
    )
    assert [(f.rule, f.path) for f in findings] == []
    assert {t.name for _, t in expected.catalog.iter_tables()} == {
        "ai_generation_tasks",
        "content",
        "content_metrics",
        "projects",
        "sessions",
        "social_accounts",
        "social_posts",
        "users",
    }
