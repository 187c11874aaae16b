"""NOT ENFORCED versus ENFORCED foreign keys and checks (PostgreSQL 18): one `<kind>.enforced` error
finding (not also a `validated` one), whose fix leaves no drift: ALTER CONSTRAINT for a foreign key,
drop and add again for a check (the server cannot alter a check's enforcement)."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from test_golden_cases import apply_fixes

from drift.catalog import reflect
from drift.diff import ddl, diff_catalogs
from drift.fix_script import split_sql
from drift.model import Catalog, CheckConstraint, Finding, ForeignKey

PARENT = "CREATE TABLE p (id integer PRIMARY KEY); INSERT INTO p VALUES (1);"
FK = "CREATE TABLE t (id integer, pid integer, CONSTRAINT t_fk FOREIGN KEY (pid) REFERENCES p (id){})"
CK = "CREATE TABLE t (id integer, v integer, CONSTRAINT t_ck CHECK (v > 0){})"


@pytest.fixture
def pg18(pg_conn: psycopg.Connection[Any]) -> psycopg.Connection[Any]:
    if pg_conn.info.server_version < 180000:
        pytest.skip("NOT ENFORCED constraints are new in PostgreSQL 18")
    pg_conn.execute(PARENT.encode())
    return pg_conn


def _reflect(dsn: str) -> Catalog:
    return reflect(dsn, with_stats=False).catalog


def _expected_from(sql: str, conn: psycopg.Connection[Any], dsn: str) -> Catalog:
    conn.execute(sql.encode())
    catalog = _reflect(dsn)
    conn.execute(b"DROP TABLE t")
    return catalog


def _switched(
    conn: psycopg.Connection[Any], dsn: str, template: str, expected_enforced: bool, row: str
) -> tuple[Catalog, list[Finding]]:
    """The catalog with `template` declared (un)enforced as `expected_enforced` says, and the
    findings once the live table is created the other way round (holding `row`)."""
    on, off = "", " NOT ENFORCED"
    want = _expected_from(template.format(on if expected_enforced else off), conn, dsn)
    conn.execute(template.format(off if expected_enforced else on).encode())
    conn.execute(f"INSERT INTO t VALUES {row}".encode())
    return want, diff_catalogs(want, _reflect(dsn))


@pytest.mark.parametrize("expected_enforced", [True, False])
def test_foreign_key_enforcement(pg18: psycopg.Connection[Any], pg_dsn: str, expected_enforced: bool) -> None:
    want, findings = _switched(pg18, pg_dsn, FK, expected_enforced, "(1, 1)")
    assert [(f.rule, f.path, f.severity, f.change) for f in findings] == [
        ("foreign_key.enforced", ("public", "t", "t_fk"), "error", "changed")
    ]
    f = findings[0]
    assert (f.expected, f.actual) == (expected_enforced, not expected_enforced)
    word = "ENFORCED" if expected_enforced else "NOT ENFORCED"
    assert [s.rstrip(";") for s in split_sql(f.fix or "")] == [
        f"ALTER TABLE public.t ALTER CONSTRAINT t_fk {word}"
    ]
    if expected_enforced:
        assert f.message == (
            "Foreign key t_fk on public.t is NOT ENFORCED (declared, never checked); expected ENFORCED."
        )
    assert apply_fixes(pg_dsn, findings) == []
    assert diff_catalogs(want, _reflect(pg_dsn)) == []


@pytest.mark.parametrize("expected_enforced", [True, False])
def test_check_enforcement(pg18: psycopg.Connection[Any], pg_dsn: str, expected_enforced: bool) -> None:
    want, findings = _switched(pg18, pg_dsn, CK, expected_enforced, "(1, 1)")
    assert [(f.rule, f.severity) for f in findings] == [("check.enforced", "error")]
    statements = [s.rstrip(";") for s in split_sql(findings[0].fix or "")]
    assert statements[0] == "ALTER TABLE public.t DROP CONSTRAINT IF EXISTS t_ck"
    if expected_enforced:
        assert statements[1:] == [
            "ALTER TABLE public.t ADD CONSTRAINT t_ck CHECK ((v > 0)) NOT VALID",
            "ALTER TABLE public.t VALIDATE CONSTRAINT t_ck",
        ]
    else:
        assert statements[1:] == ["ALTER TABLE public.t ADD CONSTRAINT t_ck CHECK ((v > 0)) NOT ENFORCED"]
    assert apply_fixes(pg_dsn, findings) == []
    assert diff_catalogs(want, _reflect(pg_dsn)) == []


TEMPORAL_PARENT = (
    "CREATE TABLE tp (id int4range, valid_at daterange, CONSTRAINT tp_pk PRIMARY KEY (id, valid_at WITHOUT OVERLAPS));"
    "INSERT INTO tp VALUES ('[1,2)', '[2026-01-01,2027-01-01)');"
)
TEMPORAL_FK = (
    "CREATE TABLE t (pid int4range, valid_at daterange, CONSTRAINT t_fk FOREIGN KEY (pid, PERIOD valid_at)"
    " REFERENCES tp (id, PERIOD valid_at){})"
)


@pytest.mark.parametrize("expected_enforced", [True, False])
def test_temporal_foreign_key_enforcement(
    pg18: psycopg.Connection[Any], pg_dsn: str, expected_enforced: bool
) -> None:
    # A key that is both temporal (PERIOD) and switched between ENFORCED and NOT ENFORCED: one
    # finding, and ALTER CONSTRAINT keeps the PERIOD (the fix leaves no drift).
    pg18.execute(TEMPORAL_PARENT.encode())
    want, findings = _switched(
        pg18, pg_dsn, TEMPORAL_FK, expected_enforced, "('[1,2)', '[2026-03-01,2026-04-01)')"
    )
    assert [(f.rule, f.path, f.expected, f.actual) for f in findings] == [
        ("foreign_key.enforced", ("public", "t", "t_fk"), expected_enforced, not expected_enforced)
    ]
    assert apply_fixes(pg_dsn, findings) == []
    (fk,) = next(t for t in _reflect(pg_dsn).iter_tables() if t[1].name == "t")[1].foreign_keys
    assert (fk.period, fk.enforced) == (True, expected_enforced)
    assert diff_catalogs(want, _reflect(pg_dsn)) == []


def test_missing_unenforced_constraints_are_created_unenforced(
    pg18: psycopg.Connection[Any], pg_dsn: str
) -> None:
    want = _expected_from(
        "CREATE TABLE t (id integer, pid integer, v integer,"
        " CONSTRAINT t_fk FOREIGN KEY (pid) REFERENCES p (id) NOT ENFORCED,"
        " CONSTRAINT t_ck CHECK (v > 0) NOT ENFORCED)",
        pg18,
        pg_dsn,
    )
    pg18.execute(b"CREATE TABLE t (id integer, pid integer, v integer)")
    pg18.execute(b"INSERT INTO t VALUES (1, 99, -1)")  # violates both: fine, they are not enforced
    findings = diff_catalogs(want, _reflect(pg_dsn))
    assert sorted(f.rule for f in findings) == ["check.missing", "foreign_key.missing"]
    assert all("VALIDATE" not in (f.fix or "") and "NOT ENFORCED" in (f.fix or "") for f in findings)
    assert apply_fixes(pg_dsn, findings) == []
    assert diff_catalogs(want, _reflect(pg_dsn)) == []


def test_missing_table_spells_not_enforced(pg18: psycopg.Connection[Any], pg_dsn: str) -> None:
    want = _expected_from(
        "CREATE TABLE t (id integer, pid integer, v integer,"
        " CONSTRAINT t_fk FOREIGN KEY (pid) REFERENCES p (id) NOT ENFORCED,"
        " CONSTRAINT t_ck CHECK (v > 0) NOT ENFORCED)",
        pg18,
        pg_dsn,
    )
    findings = diff_catalogs(want, _reflect(pg_dsn))
    assert [f.rule for f in findings] == ["table.missing"]
    assert (findings[0].fix or "").count("NOT ENFORCED") == 2
    assert apply_fixes(pg_dsn, findings) == []
    assert diff_catalogs(want, _reflect(pg_dsn)) == []


def test_clauses() -> None:
    fk = ForeignKey(name="f", columns=("a",), ref_schema="public", ref_table="p", ref_columns=("id",))
    off = fk.model_copy(update={"enforced": False, "validated": False})
    assert ddl.foreign_key_clause(fk) == "CONSTRAINT f FOREIGN KEY (a) REFERENCES public.p (id)"
    assert ddl.foreign_key_clause(off) == "CONSTRAINT f FOREIGN KEY (a) REFERENCES public.p (id) NOT ENFORCED"
    ck = CheckConstraint(name="c", expression="a > 0", enforced=False, validated=False)
    assert ddl.check_clause(ck) == "CONSTRAINT c CHECK (a > 0) NOT ENFORCED"
