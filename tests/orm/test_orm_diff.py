"""Each kind of difference between the models and the database gives exactly the right finding.

The shop models are created with `create_all`, one change is made by hand, and the differ compares
`catalog_from_metadata` with the reflected database (`against="orm"`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orm_models_shop as shop
import psycopg
import pytest
from orm_testing import CreateAll

from drift.config import DriftConfig
from drift.diff import diff_catalogs
from drift.diff.autoincrement import align_autoincrement
from drift.model import Catalog, Finding
from drift.pipeline import run_check
from drift.sources.orm import catalog_from_metadata

Expect = tuple[str, str, tuple[str, ...]]

CASES: dict[str, tuple[str, Expect]] = {
    "missing table": ("DROP TABLE orders", ("table.missing", "missing", ("public", "orders"))),
    "unexpected table": (
        "CREATE TABLE audit_log (id int)",
        ("table.unexpected", "unexpected", ("public", "audit_log")),
    ),
    "missing column": (
        "ALTER TABLE orders DROP COLUMN note",
        ("column.missing", "missing", ("public", "orders", "note")),
    ),
    "unexpected column": (
        "ALTER TABLE orders ADD COLUMN hotfix int",
        ("column.unexpected", "unexpected", ("public", "orders", "hotfix")),
    ),
    "missing index": (
        "DROP INDEX ix_orders_placed_at",
        ("index.missing", "missing", ("public", "orders", "ix_orders_placed_at")),
    ),
    "unexpected index": (
        "CREATE INDEX ix_extra ON orders (note)",
        ("index.unexpected", "unexpected", ("public", "orders", "ix_extra")),
    ),
    "missing foreign key": (
        "ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey",
        ("foreign_key.missing", "missing", ("public", "orders", "orders_customer_id_fkey")),
    ),
    "unexpected foreign key": (
        "ALTER TABLE customers ADD CONSTRAINT customers_referrer_fk "
        "FOREIGN KEY (referrer_id) REFERENCES customers (id)",
        ("foreign_key.unexpected", "unexpected", ("public", "customers", "customers_referrer_fk")),
    ),
    "missing unique": (
        "ALTER TABLE customers DROP CONSTRAINT customers_email_key",
        ("unique.missing", "missing", ("public", "customers", "customers_email_key")),
    ),
    "unexpected unique": (
        "ALTER TABLE customers ADD CONSTRAINT customers_name_key UNIQUE (name)",
        ("unique.unexpected", "unexpected", ("public", "customers", "customers_name_key")),
    ),
    "missing check": (
        "ALTER TABLE orders DROP CONSTRAINT orders_total_check",
        ("check.missing", "missing", ("public", "orders", "orders_total_check")),
    ),
    "unexpected check": (
        "ALTER TABLE orders ADD CONSTRAINT orders_note_check CHECK (note <> '')",
        ("check.unexpected", "unexpected", ("public", "orders", "orders_note_check")),
    ),
    "check changed": (
        "ALTER TABLE orders DROP CONSTRAINT orders_total_check;"
        "ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total > 0)",
        ("check.expression", "changed", ("public", "orders", "orders_total_check")),
    ),
    "type changed": (
        "ALTER TABLE customers ALTER COLUMN email TYPE varchar(320)",
        ("column.type", "changed", ("public", "customers", "email")),
    ),
    "not null added": (
        "ALTER TABLE customers ALTER COLUMN name SET NOT NULL",
        ("column.nullable", "changed", ("public", "customers", "name")),
    ),
    "not null dropped": (
        "ALTER TABLE customers ALTER COLUMN email DROP NOT NULL",
        ("column.nullable", "changed", ("public", "customers", "email")),
    ),
    "default changed": (
        "ALTER TABLE customers ALTER COLUMN status SET DEFAULT 'pending'",
        ("column.default", "changed", ("public", "customers", "status")),
    ),
    "default dropped": (
        "ALTER TABLE customers ALTER COLUMN status DROP DEFAULT",
        ("column.default", "changed", ("public", "customers", "status")),
    ),
    "default the model does not declare": (
        "ALTER TABLE orders ALTER COLUMN note SET DEFAULT ''",
        ("column.default", "changed", ("public", "orders", "note")),
    ),
    "on delete changed": (
        "ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;"
        "ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) "
        "REFERENCES customers (id) ON DELETE SET NULL",
        ("foreign_key.on_delete", "changed", ("public", "orders", "orders_customer_id_fkey")),
    ),
    "unnamed unique renamed": (
        "ALTER TABLE customers RENAME CONSTRAINT customers_email_key TO customers_email_uq",
        ("unique.renamed", "changed", ("public", "customers", "customers_email_key")),
    ),
    "index renamed": (
        "ALTER INDEX ix_orders_placed_at RENAME TO orders_placed_at_idx",
        ("index.renamed", "changed", ("public", "orders", "ix_orders_placed_at")),
    ),
}


def _drift(expected: Catalog, actual: Catalog) -> list[Finding]:
    # The server's own comment on the public schema is not something a model can declare.
    findings = diff_catalogs(expected, actual, against="orm")
    return [f for f in findings if not (f.object_type == "comment" and len(f.path) == 1)]


def _apply(dsn: str, sql: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        for statement in sql.split(";"):
            conn.execute(statement.encode())


def test_exact_match_has_no_findings(create_all: CreateAll) -> None:
    assert _drift(catalog_from_metadata([shop.metadata]), create_all(shop.metadata)) == []


@pytest.mark.parametrize("case", list(CASES))
def test_each_difference_gives_exactly_its_finding(
    case: str, create_all: CreateAll, pg_dsn: str, reflect_db: Any
) -> None:
    sql, (rule, change, path) = CASES[case]
    create_all(shop.metadata)
    _apply(pg_dsn, sql)
    findings = _drift(catalog_from_metadata([shop.metadata]), reflect_db())
    assert [(f.rule, f.change, f.path, f.against) for f in findings] == [(rule, change, path, "orm")]


def test_autoincrement_key_matches_an_identity_column(
    create_all: CreateAll, pg_dsn: str, reflect_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_all(shop.metadata)
    _apply(
        pg_dsn,
        "ALTER TABLE customers ALTER COLUMN id DROP DEFAULT; DROP SEQUENCE customers_id_seq;"
        "ALTER TABLE customers ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY",
    )
    db = reflect_db()
    # the differ applies the rule itself when comparing against models (as drift check --orm does)
    assert _drift(catalog_from_metadata([shop.metadata]), db) == []
    assert diff_catalogs(catalog_from_metadata([shop.metadata]), db, match_autoincrement=False)
    monkeypatch.chdir(tmp_path)  # no ./expected_schema, no config file
    result = run_check(DriftConfig(dsn=pg_dsn, orm="orm_models_shop:metadata", advice=False))
    assert [f for f in result.report.findings if not (f.object_type == "comment" and len(f.path) == 1)] == []


def test_serial_key_in_model_and_database_is_left_alone(
    create_all: CreateAll, pg_dsn: str, reflect_db: Any
) -> None:
    """Alignment only rewrites a serial key when the database column is an identity column."""
    create_all(shop.metadata)
    db = reflect_db()
    model = align_autoincrement(catalog_from_metadata([shop.metadata]), db)
    customers = model.get_table("public", "customers")
    assert customers is not None
    id_col = customers.get_column("id")
    assert id_col is not None and id_col.identity is None  # serial in both: nothing rewritten
    assert _drift(model, db) == []


def test_check_reports_an_undeclared_default_at_info(
    create_all: CreateAll, pg_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end through the check pipeline: `drift check --orm orm_models_shop:metadata`."""
    create_all(shop.metadata)
    _apply(pg_dsn, "ALTER TABLE orders ALTER COLUMN note SET DEFAULT ''")
    monkeypatch.chdir(tmp_path)  # no ./expected_schema, no config file
    result = run_check(DriftConfig(dsn=pg_dsn, orm="orm_models_shop:metadata", advice=False))
    structural = [f for f in result.report.findings if not (f.object_type == "comment" and len(f.path) == 1)]
    assert [(f.rule, f.severity, f.path, f.expected) for f in structural] == [
        ("column.default", "info", ("public", "orders", "note"), None)
    ]
