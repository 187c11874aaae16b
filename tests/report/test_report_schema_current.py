"""docs/schema/report.schema.json must be what scripts/gen_report_schema.py writes today."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "gen_report_schema.py"


def test_published_report_schema_is_current() -> None:
    spec = importlib.util.spec_from_file_location("gen_report_schema", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (ROOT / "docs" / "schema" / "report.schema.json").read_text(encoding="utf-8")
    assert current == module.schema_text(), "stale: run python scripts/gen_report_schema.py"


def test_check_mode_exits_zero_when_current() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_schema_keeps_every_contract_field() -> None:
    """Fields may be added, never renamed or removed (docs/json-report.md)."""
    import json

    schema = json.loads((ROOT / "docs" / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    top = set(schema["properties"])
    assert top >= {"report_version", "tool", "generated_at", "target", "sources", "summary", "findings"}
    finding = set(schema["$defs"]["Finding"]["properties"])
    assert finding >= {
        "id",
        "category",
        "rule",
        "severity",
        "object_type",
        "change",
        "attribute",
        "path",
        "against",
        "expected",
        "actual",
        "message",
        "fix",
    }
    assert set(schema["$defs"]["Target"]["properties"]) >= {"database", "server_version", "dsn"}
    assert set(schema["$defs"]["Summary"]["properties"]) >= {"error", "warning", "info"}


def test_docs_example_is_a_real_rendering_and_validates() -> None:
    """The example in docs/json-report.md is what drift writes for the sample findings today."""
    import json
    import re

    import jsonschema
    from report_samples import sample_findings, sample_report

    from drift.report import render

    doc = (ROOT / "docs" / "json-report.md").read_text(encoding="utf-8")
    match = re.search(r"```json\n(.*?)```", doc, re.S)
    assert match is not None
    example = json.loads(match.group(1))
    schema = json.loads((ROOT / "docs" / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(example)
    findings = [f for f in sample_findings() if f.rule in ("column.type", "fk-without-index")]
    assert example == json.loads(render(sample_report(findings), "json"))
