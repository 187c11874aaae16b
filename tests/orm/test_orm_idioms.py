"""Models written with everyday SQLAlchemy idioms have no drift against `create_all`, nor against
the same tables written by hand in SQL with other spellings (drift check --orm end to end)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orm_models_idioms as idioms
import psycopg
import pytest
from orm_testing import CreateAll

from drift.config import DriftConfig
from drift.diff import diff_catalogs
from drift.model import Finding
from drift.pipeline import run_check
from drift.sources.orm import catalog_from_metadata


def _structural(findings: list[Finding]) -> list[Finding]:
    """Without the server's comment on the public schema, which models never declare."""
    return [f for f in findings if not (f.object_type == "comment" and len(f.path) == 1)]


def _show(findings: list[Finding]) -> str:
    return "\n".join(f"{f.rule} {list(f.path)}: {f.message}" for f in findings)


def _check(dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    monkeypatch.chdir(tmp_path)  # no ./expected_schema, no config file
    config = DriftConfig(dsn=dsn, orm="orm_models_idioms:Base", advice=False, schemas=["app"])
    return _structural(run_check(config).report.findings)


def test_idioms_match_create_all(
    create_all: CreateAll, pg_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    actual = create_all(idioms.Base.metadata, schemas=["app"])
    findings = _structural(
        diff_catalogs(catalog_from_metadata([idioms.Base.metadata]), actual, against="orm")
    )
    assert findings == [], _show(findings)
    assert _check(pg_dsn, tmp_path, monkeypatch) == []


def test_idioms_match_the_same_tables_written_by_hand(
    pg_conn: psycopg.Connection[Any], pg_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pg_conn.execute("CREATE SCHEMA app")
    pg_conn.execute(idioms.IDIOMS_SQL.encode())
    findings = _check(pg_dsn, tmp_path, monkeypatch)
    assert findings == [], _show(findings)
