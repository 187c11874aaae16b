"""Regenerate expected_schema/schema.json, the JSON Schema of one expected-schema YAML file.

Run after changing drift/sources/expected/format.py:  python scripts/gen_expected_schema.py
tests/expected/test_expected_json_schema.py fails while the committed file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "expected_schema" / "schema.json"


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from drift.sources.expected.json_schema import expected_json_schema_text

    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(expected_json_schema_text(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
