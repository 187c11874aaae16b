"""The report on a real database: history across an ALTER, and every format on the Renexus example."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import psycopg
import pytest

from drift.catalog import reflect
from drift.model import Report, Snapshot, Target
from drift.report import FORMATS, ReportContext, render
from drift.report.history import changes_since_last_run, save_run

SARIF_SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _report(snapshot: Snapshot, when: datetime) -> Report:
    return Report.build(
        tool_version="0.1.0",
        generated_at=when,
        target=Target(database=snapshot.catalog.database, server_version=snapshot.catalog.server_version),
        sources=[],
        findings=[],
    )


def test_history_lists_exactly_the_alter_between_two_runs(
    pg_dsn: str, pg_conn: psycopg.Connection[Any], tmp_path: Path
) -> None:
    pg_conn.execute(
        "CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text NOT NULL);"
        "CREATE TABLE public.notes (id bigint PRIMARY KEY, body text)"
    )
    first = reflect(pg_dsn)
    t0 = datetime.now(UTC)
    save_run(tmp_path, first, _report(first, t0))

    pg_conn.execute(
        "ALTER TABLE public.accounts ADD COLUMN api_token text;"
        "ALTER TABLE public.accounts ALTER COLUMN email TYPE character varying(320);"
        "CREATE INDEX accounts_email_idx ON public.accounts (email);"
        "DROP TABLE public.notes"
    )
    second = reflect(pg_dsn)
    changes = changes_since_last_run(tmp_path, second, _report(second, t0 + timedelta(minutes=5)))
    assert changes is not None
    assert [(c.change, c.object_type, c.dotted_path, c.attributes) for c in changes.objects] == [
        ("dropped", "table", "public.notes", ()),
        ("added", "index", "public.accounts.accounts_email_idx", ()),
        ("added", "column", "public.accounts.api_token", ()),
        ("altered", "column", "public.accounts.email", ("type",)),
    ]


def test_every_format_on_the_renexus_example(
    renexus_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("drift.advice")
    from drift.config import DriftConfig

    monkeypatch.chdir(tmp_path)  # no ./expected_schema: the health rules alone
    from drift.pipeline import run_check

    result = run_check(DriftConfig(dsn=renexus_dsn))
    assert any(f.rule == "fk-without-index" for f in result.report.findings)
    context = ReportContext(
        catalog=result.snapshot.catalog,
        stats=result.snapshot.stats,
        health=result.health,
        changes=changes_since_last_run(tmp_path, result.snapshot, result.report),
    )
    out = {fmt: render(result.report, fmt, context=context) for fmt in FORMATS}

    sarif = json.loads(out["sarif"])
    jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(sarif)
    assert len(sarif["runs"][0]["results"]) == len(result.report.findings)

    junit = ET.fromstring(out["junit"])
    assert int(junit.get("failures", "-1")) == len(result.report.findings)

    assert not re.search(r"https?://|<script|<link|\bsrc=", out["html"], re.I)
    assert "Health score" in out["markdown"] and "Largest tables" in out["markdown"]
    assert "\x1b[" not in out["text"]
    assert Report.model_validate_json(out["json"]) == result.report
