"""`generated_storage: virtual` in an expected-schema file: written by `drift init` for VIRTUAL
generated columns (PostgreSQL 18), left out for STORED ones (the default), read back exactly, and
validated the same by the fast reader and pydantic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest
from test_expected_errors import _error
from test_expected_fast_specs import _check, _variants
from test_expected_live import _run, check_drift

from drift.sources.expected import load_expected
from drift.sources.expected.yaml_reader import read_yaml

TABLE = """schema: public
tables:
  t:
    columns:
      a: integer
      b: {type: integer, generated: (a * 2)}
      c: {type: integer, generated: (a * 3), generated_storage: virtual}
      d: {type: integer, generated: (a * 4), generated_storage: STORED}
"""


def _columns(tmp_path: Path, text: str) -> dict[str, tuple[str | None, str | None]]:
    (tmp_path / "public.yaml").write_text(text, encoding="utf-8")
    table = load_expected(tmp_path).catalog.get_table("public", "t")
    assert table is not None
    return {c.name: (c.generated, c.generated_storage) for c in table.columns}


def test_stored_is_the_default(tmp_path: Path) -> None:
    assert _columns(tmp_path, TABLE) == {
        "a": (None, None),
        "b": ("(a * 2)", "stored"),
        "c": ("(a * 3)", "virtual"),
        "d": ("(a * 4)", "stored"),
    }


def test_storage_without_expression_is_an_error(tmp_path: Path) -> None:
    text = (
        "schema: public\ntables:\n  t:\n    columns:\n      a: {type: integer, generated_storage: virtual}\n"
    )
    message = _error(tmp_path, text)
    assert message.startswith("public.yaml:5: tables.t.columns.a")
    assert "generated_storage is only for a generated column" in message


def test_fast_reader_agrees_with_pydantic() -> None:
    lower_only = TABLE.replace("STORED", "stored")
    assert _check(read_yaml(lower_only))  # the plain forms take the fast path
    assert not _check(read_yaml(TABLE))  # `STORED`: another spelling, left to pydantic (which takes it)
    # a value out of the plain forms, or the storage without an expression: pydantic decides
    assert not _check(read_yaml(TABLE.replace("generated: (a * 3), ", "")))
    for variant in _variants(read_yaml(lower_only)):
        _check(variant)


def test_init_then_check_is_clean(
    pg_conn: psycopg.Connection[Any], pg_dsn: str, tmp_path: Path, capsys: Any
) -> None:
    virtual = pg_conn.info.server_version >= 180000
    pg_conn.execute(
        "CREATE TABLE t (a integer, b integer GENERATED ALWAYS AS (a * 2) STORED"
        + (
            ", c integer GENERATED ALWAYS AS (a * 3) VIRTUAL, d integer GENERATED ALWAYS AS (a * 4)"
            if virtual
            else ""
        )
        + ")"
    )
    out = tmp_path / "expected"
    assert _run("init", "--dsn", pg_dsn, "--out", str(out)) == 0
    written = (out / "public.yaml").read_text(encoding="utf-8")
    assert "generated: (a * 2)}" in written  # stored: nothing more to say
    if virtual:
        assert written.count("generated_storage: virtual") == 2
    code, drift = check_drift(capsys, pg_dsn, out)
    assert drift == []
    assert code == 0

    if not virtual:
        return
    # the file says virtual, the database now has it stored: one finding
    pg_conn.execute("ALTER TABLE t DROP COLUMN c, ADD COLUMN c integer GENERATED ALWAYS AS (a * 3) STORED")
    _, drift = check_drift(capsys, pg_dsn, out)
    assert [(f["rule"], f["path"], f["expected"], f["actual"]) for f in drift] == [
        ("column.generated_storage", ["public", "t", "c"], "virtual", "stored")
    ]


@pytest.mark.parametrize("storage", ["virtual", "VIRTUAL", "Virtual"])
def test_any_case(tmp_path: Path, storage: str) -> None:
    text = TABLE.replace("generated_storage: virtual", f"generated_storage: {storage}")
    assert _columns(tmp_path, text)["c"] == ("(a * 3)", "virtual")
