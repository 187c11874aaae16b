"""End to end on the Renexus example: what the hand audit (shared/seed/MIGRATIONS_AUDIT.md) found,
computed from the catalog, and where it was wrong (column counts, ticked boxes)."""

from __future__ import annotations

import psycopg
import pytest
from advice_live_helpers import apply_fix

from drift.advice import AREAS, RULES, health_score, run_advice
from drift.catalog import reflect
from drift.model import Finding, Snapshot

UNINDEXED_FKS = {
    ("projects", ("user_id",)),
    ("content", ("user_id",)),
    ("content", ("project_id",)),
    ("social_accounts", ("user_id",)),
    ("social_posts", ("user_id",)),
    ("social_posts", ("project_id",)),
    ("content_metrics", ("content_id",)),
}

# Counted from the migration. The audit's "Schema Fields" column says users 8, projects 14,
# content 17, social_accounts 11, social_posts 16, content_metrics 9: one short each time.
COLUMN_COUNTS = {
    "sessions": 3,
    "users": 9,
    "projects": 15,
    "content": 18,
    "social_accounts": 12,
    "social_posts": 17,
    "ai_generation_tasks": 9,
    "content_metrics": 10,
}

STATUS_COLUMNS = {
    ("projects", "status"),
    ("content", "status"),
    ("social_posts", "status"),
    ("ai_generation_tasks", "status"),
}
TYPE_COLUMNS = {
    ("projects", "type"),
    ("content", "content_type"),
    ("social_posts", "content_type"),
    ("ai_generation_tasks", "task_type"),
}


@pytest.fixture
def snapshot(renexus_dsn: str) -> Snapshot:
    return reflect(renexus_dsn)


@pytest.fixture
def findings(snapshot: Snapshot) -> list[Finding]:
    return run_advice(snapshot.catalog, snapshot.stats)


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def test_exactly_the_seven_unindexed_foreign_keys(findings: list[Finding], snapshot: Snapshot) -> None:
    fks = of(findings, "fk-without-index")
    got = {(f.path[1], tuple(f.evidence["columns"])) for f in fks if f.evidence}
    assert got == UNINDEXED_FKS
    assert len(fks) == 7
    assert {f.severity for f in fks} == {"warning"}
    for f in fks:
        assert f.fix is not None and f.fix.startswith("CREATE INDEX CONCURRENTLY ")
        assert f.evidence is not None and f.evidence["on_delete"] == "CASCADE"


def test_the_plaintext_token_columns(findings: list[Finding]) -> None:
    secrets = {f.path[1:]: f.severity for f in of(findings, "plaintext-secret")}
    assert secrets == {
        ("social_accounts", "access_token"): "warning",
        ("social_accounts", "refresh_token"): "warning",
        ("users", "password"): "info",  # may hold a hash: the message asks to confirm
    }


def test_the_unconstrained_status_columns(findings: list[Finding]) -> None:
    got = {f.path[1:] for f in of(findings, "status-without-check")}
    assert got == STATUS_COLUMNS | TYPE_COLUMNS


def test_column_counts_come_from_the_catalog(snapshot: Snapshot) -> None:
    counts = {t.name: len(t.columns) for _, t in snapshot.catalog.iter_tables()}
    assert counts == COLUMN_COUNTS
    users = snapshot.catalog.get_table("public", "users")
    assert users is not None
    assert [c.name for c in users.columns] == [
        "id",
        "email",
        "password",
        "first_name",
        "last_name",
        "profile_image_url",
        "is_active",
        "created_at",
        "updated_at",
    ]


def test_boxes_the_audit_ticked_that_hold(findings: list[Finding]) -> None:
    # "All tables have proper primary keys": true; no NOT VALID constraints, no bad indexes.
    for rule in (
        "no-primary-key",
        "invalid-constraint",
        "invalid-index",
        "duplicate-index",
        "fk-type-mismatch",
    ):
        assert of(findings, rule) == [], rule
    # every timestamp in the migration is without time zone: one info finding per column
    assert len(of(findings, "timestamp-without-timezone")) == 19


def test_health_score_is_traceable(findings: list[Finding], snapshot: Snapshot) -> None:
    hs = health_score(findings, snapshot.catalog, assessed=[a for a in AREAS if a != "drift"])
    assert 0 <= hs.score <= 10
    assert hs.areas["drift"].score is None
    indexing = hs.areas["indexing"]
    assert {d.finding_id for d in indexing.deductions} == {f.id for f in of(findings, "fk-without-index")}
    assert indexing.score == 6.0  # 7 warnings, capped at 4 points
    for area, score in hs.areas.items():
        for d in score.deductions:
            assert RULES[d.rule].area == area


def test_creating_the_suggested_indexes_clears_the_rule(renexus_dsn: str, findings: list[Finding]) -> None:
    with psycopg.connect(renexus_dsn, autocommit=True) as conn:
        for f in of(findings, "fk-without-index"):
            apply_fix(conn, f.fix)
    snap = reflect(renexus_dsn)
    after = run_advice(snap.catalog, snap.stats)
    assert of(after, "fk-without-index") == []
    assert of(after, "duplicate-index") == []
    before = health_score(findings, snap.catalog).areas["indexing"].score
    assert health_score(after, snap.catalog).areas["indexing"].score == 10.0 > (before or 0)


def test_the_documented_example_score(findings: list[Finding], snapshot: Snapshot) -> None:
    hs = health_score(findings, snapshot.catalog, assessed=[a for a in AREAS if a != "drift"])
    assert (hs.score, hs.findings_counted, hs.tables) == (7.6, 43, 8)  # docs/rules/README.md
    assert {a: s.score for a, s in hs.areas.items()} == {
        "integrity": 8.0,
        "indexing": 6.0,
        "security": 7.8,
        "maintenance": 9.0,
        "drift": None,
    }


def test_serial_integer_keys_the_audit_ticked(findings: list[Finding]) -> None:
    # "Serial IDs for related tables" was a tick in the audit: each is an integer that can run out.
    serials = {f.path[1:]: f.severity for f in of(findings, "sequence-exhaustion")}
    tables = [
        "ai_generation_tasks",
        "content",
        "content_metrics",
        "projects",
        "social_accounts",
        "social_posts",
    ]
    assert serials == {(t, "id"): "info" for t in tables}
