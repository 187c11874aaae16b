"""docs/schema/snapshot.schema.json must be what scripts/gen_json_schemas.py writes today, and a
reflected snapshot must validate against it."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import jsonschema
from catalog_testing import ReflectSql

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "gen_json_schemas.py"
SCHEMA = ROOT / "docs" / "schema" / "snapshot.schema.json"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_json_schemas", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_published_snapshot_schema_is_current() -> None:
    current = SCHEMA.read_text(encoding="utf-8")
    assert current == _script().snapshot_schema_text(), "stale: run python scripts/gen_json_schemas.py"


def test_check_mode_exits_zero_when_current() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_reflected_snapshot_validates(reflect_sql: ReflectSql) -> None:
    snapshot = reflect_sql(
        "CREATE TABLE t (id integer PRIMARY KEY, v text CHECK (v <> '')); CREATE INDEX ON t (v);"
        "CREATE SEQUENCE s; CREATE TYPE k AS ENUM ('a'); CREATE VIEW w AS SELECT * FROM t"
    )
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(snapshot.model_dump_json()), schema)
