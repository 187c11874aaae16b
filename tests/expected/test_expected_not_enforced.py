"""`enforced: false` on a foreign key or check in an expected-schema file (PostgreSQL 18 NOT
ENFORCED): implies `validated: false`, written by `drift init` only when false, read back exactly,
and validated the same by the fast reader and pydantic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
from test_expected_fast_specs import _check, _variants
from test_expected_live import _run, check_drift

from drift.catalog import reflect
from drift.model import Table
from drift.sources.expected import load_expected
from drift.sources.expected.yaml_reader import read_yaml

TABLE = """schema: public
tables:
  p:
    columns:
      id: integer not null
    primary_key: [id]
  t:
    columns:
      pid: integer
      v: integer
    foreign_keys:
      t_fk: {columns: [pid], ref_table: p, ref_columns: [id], enforced: false}
      t_fk_on: {columns: [pid], ref_table: p, ref_columns: [id]}
    check_constraints:
      t_ck: {expression: (v > 0), enforced: false}
      t_ck_on: (v < 100)
"""


def _table(tmp_path: Path, text: str) -> Table:
    (tmp_path / "public.yaml").write_text(text, encoding="utf-8")
    table = load_expected(tmp_path).catalog.get_table("public", "t")
    assert table is not None
    return table


def test_enforced_false_implies_not_validated(tmp_path: Path) -> None:
    t = _table(tmp_path, TABLE)
    assert {fk.name: (fk.enforced, fk.validated) for fk in t.foreign_keys} == {
        "t_fk": (False, False),
        "t_fk_on": (True, True),
    }
    assert {c.name: (c.enforced, c.validated) for c in t.check_constraints} == {
        "t_ck": (False, False),
        "t_ck_on": (True, True),
    }


def test_fast_reader_agrees_with_pydantic() -> None:
    assert _check(read_yaml(TABLE))
    for variant in _variants(read_yaml(TABLE)):
        _check(variant)


def test_init_then_check_is_clean(
    pg_conn: psycopg.Connection[Any], pg_dsn: str, tmp_path: Path, capsys: Any
) -> None:
    pg18 = pg_conn.info.server_version >= 180000
    off = " NOT ENFORCED" if pg18 else ""
    pg_conn.execute(
        "CREATE TABLE p (id integer PRIMARY KEY);"
        "CREATE TABLE t (pid integer, v integer,"
        f" CONSTRAINT t_fk FOREIGN KEY (pid) REFERENCES p (id){off},"
        " CONSTRAINT t_fk_on FOREIGN KEY (pid) REFERENCES p (id),"
        f" CONSTRAINT t_ck CHECK (v > 0){off}, CONSTRAINT t_ck_on CHECK (v < 100))"
    )
    out = tmp_path / "expected"
    assert _run("init", "--dsn", pg_dsn, "--out", str(out)) == 0
    written = (out / "public.yaml").read_text(encoding="utf-8")
    assert written.count("enforced: false") == (2 if pg18 else 0)
    assert "enforced: true" not in written and "validated" not in written
    code, drift = check_drift(capsys, pg_dsn, out)
    assert drift == []
    assert code == 0
    # round trip: the file reads back into exactly the reflected constraints
    read_back = load_expected(out).catalog.get_table("public", "t")
    reflected = reflect(pg_dsn, with_stats=False).catalog.get_table("public", "t")
    assert read_back is not None and reflected is not None
    assert read_back.foreign_keys == reflected.foreign_keys
    assert read_back.check_constraints == reflected.check_constraints

    if not pg18:
        return
    # the file says NOT ENFORCED, the database now enforces the key: one finding
    pg_conn.execute("ALTER TABLE t ALTER CONSTRAINT t_fk ENFORCED")
    _, drift = check_drift(capsys, pg_dsn, out)
    assert [(f["rule"], f["path"], f["expected"], f["actual"]) for f in drift] == [
        ("foreign_key.enforced", ["public", "t", "t_fk"], False, True)
    ]
