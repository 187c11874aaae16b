"""Temporal keys in expected-schema files (PostgreSQL 18): `without_overlaps: true` on a primary
key or unique constraint (its implied index is GiST), `period: true` on a foreign key; written by
`drift init` only when true, read back exactly, validated the same by the fast reader and pydantic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest
from test_expected_fast_specs import _check, _variants
from test_expected_live import _run, check_drift

from drift.catalog import reflect
from drift.sources.expected import load_expected
from drift.sources.expected.yaml_reader import read_yaml

TABLES = """schema: public
tables:
  p:
    columns:
      id: int4range not null
      valid_at: daterange not null
    primary_key: {name: p_pk, columns: [id, valid_at], without_overlaps: true}
  c:
    columns:
      id: int4range not null
      pid: int4range
      valid_at: daterange not null
    unique_constraints:
      c_uq: {columns: [id, valid_at], without_overlaps: true}
    foreign_keys:
      c_fk: {columns: [pid, valid_at], ref_table: p, ref_columns: [id, valid_at], period: true}
"""


def test_file_reads_temporal_keys(tmp_path: Path) -> None:
    (tmp_path / "public.yaml").write_text(TABLES, encoding="utf-8")
    catalog = load_expected(tmp_path).catalog
    p, c = catalog.get_table("public", "p"), catalog.get_table("public", "c")
    assert p is not None and c is not None and p.primary_key is not None
    assert p.primary_key.without_overlaps
    assert [u.without_overlaps for u in c.unique_constraints] == [True]
    assert [fk.period for fk in c.foreign_keys] == [True]
    assert {i.name: i.method for i in [*p.indexes, *c.indexes]} == {"p_pk": "gist", "c_uq": "gist"}


def test_fast_reader_agrees_with_pydantic() -> None:
    assert _check(read_yaml(TABLES))
    for variant in _variants(read_yaml(TABLES)):
        _check(variant)


def test_init_then_check_is_clean(
    pg_conn: psycopg.Connection[Any], pg_dsn: str, tmp_path: Path, capsys: Any
) -> None:
    if pg_conn.info.server_version < 180000:
        pytest.skip("WITHOUT OVERLAPS and PERIOD are new in PostgreSQL 18")
    pg_conn.execute(
        "CREATE TABLE p (id int4range, valid_at daterange,"
        " CONSTRAINT p_pk PRIMARY KEY (id, valid_at WITHOUT OVERLAPS));"
        "CREATE TABLE c (id int4range, pid int4range, valid_at daterange,"
        " CONSTRAINT c_uq UNIQUE (id, valid_at WITHOUT OVERLAPS),"
        " CONSTRAINT c_fk FOREIGN KEY (pid, PERIOD valid_at) REFERENCES p (id, PERIOD valid_at))"
    )
    out = tmp_path / "expected"
    assert _run("init", "--dsn", pg_dsn, "--out", str(out)) == 0
    written = (out / "public.yaml").read_text(encoding="utf-8")
    assert written.count("without_overlaps: true") == 2
    assert written.count("period: true") == 1
    assert "indexes" not in written  # the GiST indexes are implied by the keys
    code, drift = check_drift(capsys, pg_dsn, out)
    assert drift == []
    assert code == 0
    read_back = load_expected(out).catalog
    reflected = reflect(pg_dsn, with_stats=False).catalog
    for name in ("p", "c"):
        table = reflected.get_table("public", name)
        assert table is not None and table.options == ()
        # a table without options is written without them, and read back as not saying (None)
        assert read_back.get_table("public", name) == table.model_copy(update={"options": None})
