"""`drift check` right after `drift init` finds no drift (every object kind, and Renexus)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
from test_expected_live import _run, _setup


def _check_is_clean(dsn: str, out: Path, capsys: Any) -> None:
    assert _run("init", "--dsn", dsn, "--out", str(out)) == 0
    capsys.readouterr()
    code = _run("check", "--dsn", dsn, "--expected", str(out), "--json", "--no-advice")
    report = json.loads(capsys.readouterr().out)
    drift = [f for f in report["findings"] if f["category"] == "drift"]
    assert drift == [], "\n".join(f"{f['rule']} {f['path']}: {f['message']}" for f in drift)
    assert code == 0


def test_every_kind_init_then_check(
    pg_conn: psycopg.Connection[Any], pg_dsn: str, make_role: Any, tmp_path: Path, capsys: Any
) -> None:
    _setup(pg_conn, make_role)
    _check_is_clean(pg_dsn, tmp_path / "expected", capsys)


def test_renexus_init_then_check(renexus_dsn: str, tmp_path: Path, capsys: Any) -> None:
    _check_is_clean(renexus_dsn, tmp_path / "expected", capsys)
