"""The Renexus example end to end through the differ: a database compared with itself is clean, the
fix SQL rebuilds it from nothing, and a handful of ALTERs each show up as the right finding."""

from __future__ import annotations

import psycopg
import pytest
from test_golden_cases import apply_fixes

from drift.catalog import reflect
from drift.diff import diff_catalogs
from drift.model import Catalog


def _catalog(dsn: str) -> Catalog:
    return reflect(dsn, with_stats=False).catalog


@pytest.fixture
def empty_dsn(reference_dsn: str) -> str:
    return reference_dsn


def test_renexus_against_itself_is_clean(renexus_dsn: str) -> None:
    catalog = _catalog(renexus_dsn)
    assert catalog.table_count >= 8
    assert diff_catalogs(catalog, _catalog(renexus_dsn)) == []


def test_fix_sql_builds_renexus_from_an_empty_database(renexus_dsn: str, empty_dsn: str) -> None:
    expected = _catalog(renexus_dsn)
    findings = diff_catalogs(expected, _catalog(empty_dsn))
    assert findings and all(f.change == "missing" for f in findings)
    assert {f.object_type for f in findings} <= {"table", "enum", "extension", "sequence", "function"}
    assert not apply_fixes(empty_dsn, findings)
    assert diff_catalogs(expected, _catalog(empty_dsn)) == []


def test_alters_show_up_as_the_right_findings(renexus_dsn: str) -> None:
    expected = _catalog(renexus_dsn)
    table = next(t for s, t in expected.iter_tables() if s.name == "public" and len(t.columns) > 3)
    nullable = next(c for c in table.columns if c.nullable and c.default is None)
    index = next((i for _, t in expected.iter_tables() for i in t.indexes if i.constraint is None), None)
    with psycopg.connect(renexus_dsn, autocommit=True) as conn:
        conn.execute(f'ALTER TABLE public."{table.name}" ADD COLUMN drift_extra integer')
        conn.execute(f'ALTER TABLE public."{table.name}" ALTER COLUMN "{nullable.name}" SET NOT NULL')
        conn.execute(f"COMMENT ON TABLE public.\"{table.name}\" IS 'changed'")
        if index is not None:
            conn.execute(f'DROP INDEX public."{index.name}"')
    found = {(f.rule, f.path) for f in diff_catalogs(expected, _catalog(renexus_dsn))}
    wanted = {
        ("column.unexpected", ("public", table.name, "drift_extra")),
        ("column.nullable", ("public", table.name, nullable.name)),
        ("comment.unexpected", ("public", table.name)),
    }
    if index is not None:
        owner = next(t.name for _, t in expected.iter_tables() if index in t.indexes)
        wanted.add(("index.missing", ("public", owner, index.name)))
    assert found == wanted
