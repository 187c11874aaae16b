"""Real differences always show: one schema written two ways has no drift (the golden case
tests/cases/equivalent_spellings), and each real change made to it is exactly one finding.

One database per spelling plus one with every change at once (each on its own object), against a
real server; the fixes of the findings then bring the changed database back to no drift.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from test_golden_cases import apply_fixes

from drift.catalog import reflect
from drift.diff import diff_catalogs
from drift.model import Catalog, Finding
from drift.pgserver import PgServer

CASE = Path(__file__).resolve().parents[1] / "cases" / "equivalent_spellings"

# (statement, rule, path, severity): each changes one thing of db.sql, which spells expected.sql
# differently; the finding must be exactly this one.
CHANGES: list[tuple[str, str, tuple[str, ...], str]] = [
    ("ALTER TABLE users ALTER COLUMN score SET DEFAULT 1", "column.default", ("public", "users", "score"), "error"),
    ("ALTER TABLE users ALTER COLUMN ratio SET DEFAULT 1.0005", "column.default", ("public", "users", "ratio"), "error"),
    ("ALTER TABLE users ALTER COLUMN debt SET DEFAULT -1.49", "column.default", ("public", "users", "debt"), "error"),
    ("ALTER TABLE users ALTER COLUMN r TYPE double precision", "column.type", ("public", "users", "r"), "error"),
    ("ALTER TABLE users ALTER COLUMN done SET NOT NULL", "column.nullable", ("public", "users", "done"), "error"),
    ("ALTER TABLE users DROP CONSTRAINT users_score_check, "
     "ADD CONSTRAINT users_score_check CHECK (score >= 0 AND score < 101)",
     "check.expression", ("public", "users", "users_score_check"), "error"),
    ("ALTER TABLE users DROP CONSTRAINT users_status_check, "
     "ADD CONSTRAINT users_status_check CHECK (status IN ('active', 'gone', 'new'))",
     "check.expression", ("public", "users", "users_status_check"), "error"),
    ("ALTER TABLE users DROP CONSTRAINT users_org_id_fkey, ADD CONSTRAINT users_org_id_fkey "
     "FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE RESTRICT",
     "foreign_key.on_delete", ("public", "users", "users_org_id_fkey"), "error"),
    ("DROP INDEX users_active; CREATE INDEX users_active ON users (org_id, created_at DESC) "
     "WHERE status = 'gone'", "index.definition", ("public", "users", "users_active"), "error"),
    ("DROP INDEX users_lower_email", "index.missing", ("public", "users", "users_lower_email"), "error"),
    ("CREATE INDEX users_extra ON users (ratio)", "index.unexpected", ("public", "users", "users_extra"), "warning"),
    ("ALTER DOMAIN positive DROP CONSTRAINT positive_check; "
     "ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE >= 0)",
     "domain.checks", ("public", "positive"), "error"),
    ("CREATE OR REPLACE VIEW active_users AS SELECT id, email FROM users WHERE status = 'gone'",
     "view.definition", ("public", "active_users"), "error"),
    ("CREATE OR REPLACE FUNCTION add_one(a int) RETURNS int LANGUAGE sql IMMUTABLE AS $$SELECT a + 2$$",
     "function.definition", ("public", "add_one(a integer)"), "error"),
    ("ALTER TABLE tickets ALTER COLUMN id SET GENERATED ALWAYS", "column.identity", ("public", "tickets", "id"), "error"),
    ("ALTER SEQUENCE invoice_seq INCREMENT BY 2", "sequence.increment", ("public", "invoice_seq"), "error"),
    ("ALTER POLICY own ON tickets USING (room > 1 AND id IS NOT NULL)", "policy.using", ("public", "tickets", "own"), "error"),
    ("DROP TRIGGER tickets_touch ON tickets; CREATE TRIGGER tickets_touch BEFORE INSERT OR UPDATE OF room "
     "ON tickets FOR EACH ROW WHEN (NEW.room > 1) EXECUTE FUNCTION touch()",
     "trigger.definition", ("public", "tickets", "tickets_touch"), "error"),
    ('ALTER TABLE "App.Schema"."Odd ""Name""." ALTER COLUMN "ünï" SET DEFAULT \'ë\'',
     "column.default", ("App.Schema", 'Odd "Name".', "ünï"), "error"),
    ('DROP INDEX "App.Schema"."idx.dots"; '
     'CREATE INDEX "idx.dots" ON "App.Schema"."Odd ""Name""." ("a.b") WHERE "Mixed" > 6',
     "index.definition", ("App.Schema", 'Odd "Name".', "idx.dots"), "error"),
]  # fmt: skip


def _run(dsn: str, sql: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.encode())  # bytes: several statements, no placeholders


def _catalog(dsn: str) -> Catalog:
    return reflect(dsn, with_stats=False).catalog


def _show(findings: list[Finding]) -> str:
    return "\n".join(f"{f.rule} {list(f.path)}: {f.message}" for f in findings)


@pytest.fixture(scope="module")
def spelled(pg_server: PgServer) -> Iterator[tuple[Catalog, str]]:
    """The expected catalog (expected.sql) and a database of db.sql with every change applied."""
    stem = f"spell_{uuid.uuid4().hex[:8]}"
    names = (f"{stem}_expected", f"{stem}_changed")
    for name in names:
        pg_server.create_database(name)
    try:
        expected_dsn, changed_dsn = (pg_server.dsn(name) for name in names)
        _run(expected_dsn, (CASE / "expected.sql").read_text(encoding="utf-8"))
        _run(changed_dsn, (CASE / "db.sql").read_text(encoding="utf-8"))
        _run(changed_dsn, ";\n".join(sql for sql, *_ in CHANGES))
        yield _catalog(expected_dsn), changed_dsn
    finally:
        for name in names:
            pg_server.drop_database(name)


def test_each_real_change_is_exactly_one_finding(spelled: tuple[Catalog, str]) -> None:
    expected, changed_dsn = spelled
    findings = diff_catalogs(expected, _catalog(changed_dsn))
    got = sorted((f.rule, f.path, f.severity) for f in findings)
    assert got == sorted((rule, path, severity) for _, rule, path, severity in CHANGES), _show(findings)


def test_the_fixes_undo_every_change(spelled: tuple[Catalog, str]) -> None:
    expected, changed_dsn = spelled
    errors = apply_fixes(changed_dsn, diff_catalogs(expected, _catalog(changed_dsn)))
    assert not errors, "\n".join(errors)
    assert diff_catalogs(expected, _catalog(changed_dsn)) == []
