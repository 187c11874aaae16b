"""SARIF results point at the line of the expected-schema file that declares the object."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from drift.model import Finding, Report, SourceInfo, Target
from drift.report import render
from drift.report.declaring_line import declaring_line

SCHEMA_FILE = """\
# drift expected schema
schema: app
tables:
  users:
    columns:
      id: {type: bigint, nullable: false}
      "e-mail": text not null
      'it''s': text
    primary_key: [id]
    indexes:
      users_email_idx: {columns: [e-mail]}
  orders:
    columns:
      id: bigint not null
      user_id: bigint
    foreign_keys:
      orders_user_id_fkey: {columns: [user_id], ref_table: users, ref_columns: [id]}
sequences:
  users: {}
"""


@pytest.fixture
def schema_file(tmp_path: Path) -> str:
    path = tmp_path / "expected_schema" / "app.yaml"
    path.parent.mkdir()
    path.write_text(SCHEMA_FILE, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("app", "users"), 4),
        (("app", "users", "id"), 6),
        (("app", "users", "e-mail"), 7),  # double-quoted key
        (("app", "users", "it's"), 8),  # single-quoted key with an escaped quote
        (("app", "users", "users_email_idx"), 11),
        (("app", "orders"), 12),
        (("app", "orders", "id"), 14),  # the orders block, not users.id
        (("app", "orders", "orders_user_id_fkey"), 17),
        (("app", "orders", "created_at"), 12),  # not declared: its table's line
        (("app", "invoices"), 1),  # not declared (the `sequences: users` key is no table)
        (("app",), 1),
    ],
)
def test_declaring_line(schema_file: str, path: tuple[str, ...], line: int) -> None:
    assert declaring_line(schema_file, path) == line


def test_a_file_per_table(tmp_path: Path) -> None:
    table_file = tmp_path / "app" / "users.yaml"
    table_file.parent.mkdir()
    table_file.write_text("columns:\n  id: bigint\n  name: text\nprimary_key: [id]\n", encoding="utf-8")
    assert declaring_line(str(table_file), ("app", "users", "name")) == 3
    assert declaring_line(str(table_file), ("app", "users")) == 1


def test_a_missing_or_unreadable_file_is_line_one(tmp_path: Path) -> None:
    assert declaring_line(str(tmp_path / "gone.yaml"), ("app", "users", "id")) == 1


def test_the_line_follows_an_edited_file(schema_file: str) -> None:
    assert declaring_line(schema_file, ("app", "orders")) == 12
    Path(schema_file).write_text(SCHEMA_FILE.replace("tables:\n", "comment: x\ntables:\n"), encoding="utf-8")
    assert declaring_line(schema_file, ("app", "orders")) == 13


def test_sarif_regions(schema_file: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    findings = [
        Finding(
            category="drift",
            rule="column.missing",
            severity="error",
            object_type="column",
            change="missing",
            path=("app", "users", "e-mail"),
            against="expected",
            message="column app.users.e-mail is missing from the database",
        ),
        Finding(
            category="drift",
            rule="table.unexpected",
            severity="warning",
            object_type="table",
            change="unexpected",
            path=("app", "audit"),
            against="expected",
            message="table app.audit exists in the database but is not declared",
        ),
    ]
    report = Report.build(
        tool_version="0",
        generated_at=datetime(2026, 1, 1, tzinfo=UTC),
        target=Target(database="app"),
        sources=[SourceInfo(kind="expected", location="expected_schema")],
        findings=findings,
    )
    run = json.loads(render(report, "sarif"))["runs"][0]
    regions = {
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]: r["locations"][0]["physicalLocation"]
        for r in run["results"]
    }
    assert regions["app.users.e-mail"]["region"] == {"startLine": 7}
    assert regions["app.users.e-mail"]["artifactLocation"]["uri"] == "expected_schema/app.yaml"
    assert regions["app.audit"]["region"] == {"startLine": 1}
