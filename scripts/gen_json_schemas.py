#!/usr/bin/env python3
"""Write docs/schema/snapshot.schema.json: the JSON Schema of `drift inspect --json` documents.

Generated from `drift.model.Snapshot`, so it describes exactly what drift writes and reads back
(`drift diff snapshot.json ...`). Run after changing drift/model/; `--check` exits 1 when the
checked-in file is stale (tests/catalog/test_json_schema_current.py runs that check).

    python scripts/gen_json_schemas.py [--check]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT_SCHEMA = ROOT / "docs" / "schema" / "snapshot.schema.json"


def snapshot_schema_text() -> str:
    sys.path.insert(0, str(ROOT))
    from drift.model import Snapshot

    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **Snapshot.model_json_schema()}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = snapshot_schema_text()
    if "--check" in argv:
        current = SNAPSHOT_SCHEMA.read_text(encoding="utf-8") if SNAPSHOT_SCHEMA.exists() else ""
        if current != text:
            print(f"{SNAPSHOT_SCHEMA.relative_to(ROOT)} is stale: run python scripts/gen_json_schemas.py")
            return 1
        return 0
    SNAPSHOT_SCHEMA.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT_SCHEMA.write_text(text, encoding="utf-8")
    print(f"wrote {SNAPSHOT_SCHEMA.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
