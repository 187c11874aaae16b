"""Golden drift cases against a real server: `tests/cases/<name>/`.

Each case holds `db.sql` (builds the live database), `expected.sql` (builds the expected state) and
`findings.json`:

    {"options": {...diff_catalogs keyword arguments...},          (optional)
     "findings": [{"rule", "path", "change", "attribute", "severity"}, ...],
     "fix": true | false,  "fix_note": "why not"}                  (optional; default true)

The runner creates both databases, reflects them, and asserts the differ's findings (messages
excepted) equal `findings.json`, also when the expected side goes through the expected-schema YAML
files (`drift init`'s writer and the loader). Then, unless `"fix": false`, it applies every finding's fix SQL to the
live database (statement by statement in autocommit, so CREATE INDEX CONCURRENTLY and ALTER TYPE ...
ADD VALUE work; identical fix texts once; a statement that fails is retried after the others, as a
script writer would order them), reflects again and asserts no drift remains.

`DRIFT_UPDATE_GOLDEN=1 pytest tests/diff` rewrites findings.json from what the differ reports (review
the diff before committing it).
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from drift.catalog import reflect
from drift.diff import diff_catalogs, split_statements
from drift.model import Catalog, Finding
from drift.pgserver import PgServer
from drift.sources.expected import load_expected, write_expected

CASES_DIR = Path(__file__).resolve().parents[1] / "cases"
CASES = sorted(p for p in CASES_DIR.iterdir() if p.is_dir() and (p / "findings.json").is_file())
KEYS = ("rule", "path", "change", "attribute", "severity")


def _summary(findings: list[Finding]) -> list[dict[str, Any]]:
    rows = [{k: (list(getattr(f, k)) if k == "path" else getattr(f, k)) for k in KEYS} for f in findings]
    return sorted(rows, key=lambda r: (r["path"], r["rule"]))


def _run_script(dsn: str, text: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(text.encode())  # bytes: no %-placeholder parsing; several statements at once


def _catalog(dsn: str) -> Catalog:
    return reflect(dsn, with_stats=False).catalog


def apply_fixes(dsn: str, findings: list[Finding]) -> list[str]:
    """Run every fix statement; returns the errors of statements that never succeeded."""
    texts = list(dict.fromkeys(f.fix for f in findings if f.fix))
    pending = [stmt for text in texts for stmt in split_statements(text)]
    errors: dict[str, str] = {}
    with psycopg.connect(dsn, autocommit=True) as conn:
        while pending:
            failed = []
            for stmt in pending:
                try:
                    conn.execute(stmt.encode())
                    errors.pop(stmt, None)
                except psycopg.Error as exc:
                    failed.append(stmt)
                    errors[stmt] = str(exc).strip().splitlines()[0]
            if len(failed) == len(pending):
                break
            pending = failed
    return [f"{stmt}\n    -> {err}" for stmt, err in errors.items()]


def _dump(spec: dict[str, Any]) -> str:
    """findings.json with one finding per line, so a changed expectation is a one-line diff."""
    lines = ["{"]
    for key, value in spec.items():
        if key != "findings":
            lines.append(f"  {json.dumps(key)}: {json.dumps(value)},")
    rows = [f"    {json.dumps(row)}" for row in spec["findings"]]
    lines.append('  "findings": [' + ("\n" + ",\n".join(rows) + "\n  ]" if rows else "]"))
    lines.append("}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def two_databases(pg_server: PgServer, request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    stem = f"g_{request.node.callspec.id.replace('-', '_')[:30]}_{uuid.uuid4().hex[:6]}"
    names = (f"{stem}_db", f"{stem}_exp")
    for name in names:
        pg_server.create_database(name)
    try:
        yield pg_server.dsn(names[0]), pg_server.dsn(names[1])
    finally:
        for name in names:
            pg_server.drop_database(name)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case: Path, two_databases: tuple[str, str]) -> None:
    db_dsn, expected_dsn = two_databases
    spec = json.loads((case / "findings.json").read_text(encoding="utf-8"))
    options = spec.get("options", {})
    _run_script(db_dsn, (case / "db.sql").read_text(encoding="utf-8"))
    _run_script(expected_dsn, (case / "expected.sql").read_text(encoding="utf-8"))
    expected_catalog = _catalog(expected_dsn)

    findings = diff_catalogs(expected_catalog, _catalog(db_dsn), **options)
    got = _summary(findings)
    if os.environ.get("DRIFT_UPDATE_GOLDEN"):
        spec["findings"] = got
        (case / "findings.json").write_text(_dump(spec), encoding="utf-8")
    assert got == spec["findings"], "\n".join(f"{f.rule} {f.dotted_path}: {f.message}" for f in findings)
    assert all(f.category == "drift" and f.message for f in findings)

    # The same expected state written by `drift init` and read back gives the same findings.
    with tempfile.TemporaryDirectory() as tmp:
        write_expected(expected_catalog, Path(tmp))
        from_yaml = load_expected(Path(tmp)).catalog
    assert _summary(diff_catalogs(from_yaml, _catalog(db_dsn), **options)) == got

    if not spec.get("fix", True):
        return
    errors = apply_fixes(db_dsn, findings)
    assert not errors, "fix statements failed:\n" + "\n".join(errors)
    remaining = diff_catalogs(expected_catalog, _catalog(db_dsn), **options)
    assert remaining == [], "drift left after applying the fixes:\n" + "\n".join(
        f"{f.rule} {f.dotted_path}: {f.message}" for f in remaining
    )
