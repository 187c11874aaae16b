"""The Renexus hand audit's mistakes, corrected by drift's report on a real server.

shared/seed/MIGRATIONS_AUDIT.md miscounts columns, rates foreign keys "proper" while seven have no
index, ticks "Row Level Security: Not implemented" and calls the migration idempotent. Each
correction is asserted here on the report drift renders and on docs/audit-renexus.md's generator
(scripts/renexus_audit.py), fed by a real check and a real `drift migrations verify`.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from drift.config import DriftConfig
from drift.demo import ORM_TARGET
from drift.pipeline import CheckResult, run_check
from drift.report import render
from drift.report.inventory import report_inventory
from drift.sources.migrations_verify import VerifyResult, verify_migrations

ROOT = Path(__file__).resolve().parents[2]

COLUMNS = {
    "users": 9,
    "projects": 15,
    "content": 18,
    "social_accounts": 12,
    "social_posts": 17,
    "content_metrics": 10,
    "ai_generation_tasks": 9,
    "sessions": 3,
}
UNINDEXED_FKS = {
    ("projects", "projects_user_id_users_id_fk"),
    ("content", "content_user_id_users_id_fk"),
    ("content", "content_project_id_projects_id_fk"),
    ("social_accounts", "social_accounts_user_id_users_id_fk"),
    ("social_posts", "social_posts_user_id_users_id_fk"),
    ("social_posts", "social_posts_project_id_projects_id_fk"),
    ("content_metrics", "content_metrics_content_id_content_id_fk"),
}
FKS_PER_TABLE = {"content": 2, "social_posts": 2, "projects": 1, "social_accounts": 1, "content_metrics": 1}
STATUS_COLUMNS = {
    ("projects", "status"),
    ("content", "status"),
    ("social_posts", "status"),
    ("ai_generation_tasks", "status"),
}


@pytest.fixture
def result(renexus_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CheckResult:
    monkeypatch.chdir(tmp_path)  # no ./expected_schema: the models and the health rules only
    return run_check(DriftConfig(dsn=renexus_dsn, orm=ORM_TARGET))


@pytest.fixture
def verify(renexus_sql: str, pg_server: Any, tmp_path: Path) -> VerifyResult:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "0000_nice_forgotten_one.sql").write_text(renexus_sql, encoding="utf-8")
    return verify_migrations(migrations, scratch_dsn=pg_server.dsn("postgres"))


def _audit_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("renexus_audit", ROOT / "scripts" / "renexus_audit.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rule(result: CheckResult, rule: str) -> list[tuple[str, ...]]:
    return [f.path for f in result.report.findings if f.rule == rule]


def test_column_counts_per_table(result: CheckResult) -> None:
    catalog = result.snapshot.catalog
    assert {t.name: len(t.columns) for _, t in catalog.iter_tables()} == COLUMNS


def test_exactly_the_seven_unindexed_foreign_keys(result: CheckResult) -> None:
    paths = _rule(result, "fk-without-index")
    assert len(paths) == 7
    assert {(p[1], p[2]) for p in paths} == UNINDEXED_FKS


def test_token_columns_and_status_columns_are_flagged(result: CheckResult) -> None:
    secrets = {
        (f.path[1], f.path[2]): f.severity for f in result.report.findings if f.rule == "plaintext-secret"
    }
    assert secrets[("social_accounts", "access_token")] == "warning"
    assert secrets[("social_accounts", "refresh_token")] == "warning"
    assert {(p[1], p[2]) for p in _rule(result, "status-without-check")} >= STATUS_COLUMNS


def test_rls_is_off_on_all_eight_tables_and_said_plainly(result: CheckResult) -> None:
    snap = result.snapshot
    inventory = report_inventory(snap.catalog, snap.stats, result.report.findings, result.health)
    assert inventory is not None
    assert [t.rls for t in inventory.tables] == ["off"] * 8
    md = render(result.report, "markdown", context=result.report_context())
    line = "**Security:** row-level security is enabled on 0 of 8 tables; 0 policies defined."
    assert line in md.splitlines()


def test_the_inventory_section_shows_the_right_counts(result: CheckResult) -> None:
    md = render(result.report, "markdown", context=result.report_context())
    start = md.index("## Schema inventory")
    section = md[start : md.find("\n## ", start)]
    assert "8 tables, 93 columns, 7 foreign keys (7 without an index)." in section
    rows = {
        m.group(1): [c.strip() for c in m.group(2).split("|")]
        for m in re.finditer(r"^\| `public\.(\w+)` \|(.*)\|$", section, re.MULTILINE)
    }
    assert set(rows) == set(COLUMNS)
    for table, cells in rows.items():
        columns, pk, fks, unique, checks, indexes, rls = cells[:7]
        assert int(columns) == COLUMNS[table], table
        assert pk == ("`sid`" if table == "sessions" else "`id`")
        n = FKS_PER_TABLE.get(table, 0)
        assert fks == (f"{n} ({n} unindexed)" if n else "0"), table
        assert (unique, checks, rls) == ("1" if table == "users" else "0", "0", "off"), table
        assert int(indexes) == (2 if table in ("users", "sessions") else 1), table


def test_the_text_report_fits_a_100_column_terminal(result: CheckResult) -> None:
    text = render(result.report, "text", context=result.report_context())
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "Schema: 8 tables, 93 columns, 7 foreign keys (7 without an index)" in text


def test_the_audit_page_states_each_correction(result: CheckResult, verify: VerifyResult) -> None:
    assert verify.idempotent is False
    assert len(verify.idempotency_failures) == 7
    assert all("already exists" in a.error for a in verify.idempotency_failures)
    assert verify.without_down == ["0000_nice_forgotten_one"]

    page = _audit_module().audit_page(result, verify)
    for table, claim in (
        ("users", 8),
        ("projects", 14),
        ("content", 17),
        ("social_accounts", 11),
        ("social_posts", 16),
        ("content_metrics", 9),
    ):
        actual = COLUMNS[table]
        assert f"| `{table}` | {claim} | {actual} | wrong: {actual}, not {claim} | {actual} |" in page
    assert "| `ai_generation_tasks` | 9 | 9 | right | 9 |" in page
    assert "| 16 fields | 0 / 0 |" in page  # social_posts' "Missing Fields" cell, and drift's count
    assert "7 of 7 foreign keys have no index" in page
    assert "misses `social_accounts(user_id)`, `social_posts(project_id)`" in page
    assert "`social_accounts.access_token`, `social_accounts.refresh_token`" in page
    assert "row-level security is enabled on 0 of 8 tables" in page
    assert "not idempotent: 7 statements fail on a second run" in page
    assert '`0000_nice_forgotten_one.sql:119`: constraint "projects_user_id_users_id_fk"' in page
    assert "no down migration: 0000_nice_forgotten_one" in page
    assert f"{result.health['score']:.1f} / 10, every point traced to findings" in page  # type: ignore[index]
