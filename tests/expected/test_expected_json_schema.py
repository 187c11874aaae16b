"""The published JSON Schema is current, and what `drift init` writes passes it (as editors see it)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml
from expected_full_catalog import full_catalog

from drift.sources.expected import write_expected
from drift.sources.expected.json_schema import expected_json_schema, expected_json_schema_text

PUBLISHED = Path(__file__).resolve().parents[2] / "expected_schema" / "schema.json"


def test_published_schema_is_current() -> None:
    assert PUBLISHED.read_text(encoding="utf-8") == expected_json_schema_text(), (
        "expected_schema/schema.json is out of date: run python scripts/gen_expected_schema.py"
    )


def test_written_files_validate_against_the_schema(tmp_path: Path) -> None:
    schema = expected_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    written = write_expected(full_catalog(), tmp_path, include_extension_objects=True)
    assert json.loads((tmp_path / "schema.json").read_text(encoding="utf-8")) == schema
    for path in written:
        if path.suffix == ".yaml":
            # An editor's YAML language server types scalars the YAML way (`false`, `5`).
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
            assert not errors, f"{path.name}: {errors[0].message} at {list(errors[0].path)}"


def test_schema_rejects_typos() -> None:
    validator = jsonschema.Draft202012Validator(expected_json_schema())
    good = {"schema": "public", "tables": {"users": {"columns": {"id": "bigint not null"}}, "empty": None}}
    assert not list(validator.iter_errors(good))
    bad = {"schema": "public", "tables": {"users": {"colums": {}}}}
    assert list(validator.iter_errors(bad))
    assert not list(validator.iter_errors({"unexpected": "ignore", "extensions": {"pgcrypto": None}}))
