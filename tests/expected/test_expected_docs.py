"""The example in docs/expected-schema.md is a valid expected-schema file."""

from __future__ import annotations

import re
from pathlib import Path

from drift.sources.expected import load_expected

DOC = Path(__file__).resolve().parents[2] / "docs" / "expected-schema.md"


def test_documented_example_loads(tmp_path: Path) -> None:
    match = re.search(r"## A schema file\n\n```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert match is not None
    (tmp_path / "public.yaml").write_text(match.group(1), encoding="utf-8")
    loaded = load_expected(tmp_path)
    users = loaded.catalog.get_table("public", "users")
    assert users is not None and users.owner == "app"
    assert [c.name for c in users.columns] == ["id", "email", "status", "org_id", "created_at"]
    assert users.primary_key is not None and users.primary_key.name == "users_pkey"
    assert {i.name for i in users.indexes} == {
        "users_pkey",
        "users_email_key",
        "users_created_idx",
        "users_active_idx",
    }
    assert loaded.unexpected == {"public": "warn"}
