"""Write docs/schema/report.schema.json: the JSON Schema of the `drift check --json` document.

The schema is generated from `drift.model.Report` so it can never disagree with what drift writes.
Run after changing drift/model/findings.py; `--check` exits 1 when the checked-in file is stale
(tests/report/test_report_schema_current.py runs that check).

    python scripts/gen_report_schema.py [--check]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "docs" / "schema" / "report.schema.json"


def _open_for_additions(node: Any) -> Any:
    """Drop `additionalProperties: false` everywhere: the contract promises that fields may be
    added, so a consumer validating with this file must keep accepting newer documents."""
    if isinstance(node, dict):
        return {
            k: _open_for_additions(v)
            for k, v in node.items()
            if not (k == "additionalProperties" and v is False)
        }
    if isinstance(node, list):
        return [_open_for_additions(v) for v in node]
    return node


def _all_required(node: Any) -> Any:
    """drift always writes every field (null when empty), so every property is required: a consumer
    can rely on the key being there. (Pydantic leaves fields with defaults out of `required`.)"""
    if isinstance(node, dict):
        out = {k: _all_required(v) for k, v in node.items()}
        if isinstance(out.get("properties"), dict) and out.get("type") == "object":
            out["required"] = list(out["properties"])
        return out
    if isinstance(node, list):
        return [_all_required(v) for v in node]
    return node


def report_schema() -> dict[str, Any]:
    from drift.model import Report

    generated = _all_required(_open_for_additions(Report.model_json_schema(mode="serialization")))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "drift report (report_version 1)",
        "description": "The document `drift check --json` and `drift report --format json` write. "
        "Fields may be added in later versions, never renamed or removed: see docs/json-report.md.",
        **{k: v for k, v in generated.items() if k != "title"},
    }


def schema_text() -> str:
    return json.dumps(report_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = schema_text()
    if "--check" in argv:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if current != text:
            print(f"{SCHEMA_PATH} is stale: run python scripts/gen_report_schema.py", file=sys.stderr)
            return 1
        return 0
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
