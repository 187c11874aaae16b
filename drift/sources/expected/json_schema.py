"""The JSON Schema of one expected-schema file, generated from the pydantic file models.

Published as `expected_schema/schema.json` (regenerate with `python scripts/gen_expected_schema.py`)
and written beside the files by `drift init`, so that editors with a YAML language server complete
keys and flag mistakes as you type.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from drift.sources.expected.format import DatabaseFile, SchemaFile

SCHEMA_FILE_NAME = "schema.json"


def expected_json_schema() -> dict[str, Any]:
    schema = TypeAdapter(SchemaFile | DatabaseFile).json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "drift expected schema file",
        "description": "One file of a drift expected schema: a schema file (with 'schema:') or the "
        "database file (without it). See docs/expected-schema.md.",
        **schema,
    }


def expected_json_schema_text() -> str:
    return json.dumps(expected_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
