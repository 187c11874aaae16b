"""write_expected then load_expected gives the same catalog back, exactly (no server needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from expected_full_catalog import full_catalog, identity_sequences_as_written, without_extension_objects
from pydantic import BaseModel

from drift.model.catalog import Catalog, Column, Schema, Table
from drift.sources.expected import load_expected, write_expected
from drift.sources.expected.writer import DATABASE_FILE_NAME


def _mismatch(a: object, b: object, path: str = "catalog") -> str:
    """The first differing field, to make a failure readable."""
    if isinstance(a, BaseModel) and isinstance(b, BaseModel) and type(a) is type(b):
        for name in type(a).model_fields:
            va, vb = getattr(a, name), getattr(b, name)
            if va != vb:
                return _mismatch(va, vb, f"{path}.{name}")
    if isinstance(a, tuple) and isinstance(b, tuple):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}: {[getattr(x, 'name', x) for x in a]} != {[getattr(x, 'name', x) for x in b]}"
        for i, (va, vb) in enumerate(zip(a, b, strict=True)):
            if va != vb:
                return _mismatch(va, vb, f"{path}[{getattr(va, 'name', i)!r}]")
    return f"{path}: {a!r} != {b!r}"


def test_round_trip_every_field(tmp_path: Path) -> None:
    catalog = full_catalog()
    write_expected(catalog, tmp_path)
    loaded = load_expected(tmp_path).catalog
    expected = without_extension_objects(catalog)
    assert loaded == expected, _mismatch(loaded, expected)


def test_round_trip_with_extension_objects(tmp_path: Path) -> None:
    catalog = full_catalog()
    write_expected(catalog, tmp_path, include_extension_objects=True)
    loaded = load_expected(tmp_path).catalog
    expected = identity_sequences_as_written(catalog).model_copy(
        update={"database": None, "server_version": None}
    )
    assert loaded == expected, _mismatch(loaded, expected)


def test_output_is_deterministic_and_plain_yaml(tmp_path: Path) -> None:
    first = write_expected(full_catalog(), tmp_path / "a")
    second = write_expected(full_catalog(), tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
        if a.suffix == ".yaml":
            yaml.safe_load(a.read_text(encoding="utf-8"))  # ordinary YAML tools read it too


def test_files_and_policies(tmp_path: Path) -> None:
    written = write_expected(full_catalog(), tmp_path, unexpected="error", default_unexpected="ignore")
    names = [p.name for p in written]
    assert names[0] == DATABASE_FILE_NAME
    assert names[-1] == "schema.json"
    assert "public.yaml" in names
    assert not any(n.startswith(".") for n in names)
    assert len({n.lower() for n in names}) == len(names)  # App and app do not collide
    loaded = load_expected(tmp_path)
    assert loaded.default_unexpected == "ignore"
    assert set(loaded.unexpected.values()) == {"error"}
    assert loaded.policy_for("not declared") == "ignore"
    assert loaded.files == tuple(str(p) for p in sorted(written) if p.suffix == ".yaml")


def test_readable_output(tmp_path: Path) -> None:
    write_expected(full_catalog(), tmp_path)
    text = (tmp_path / "public.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schema.json\n")
    assert "\nschema: public\nowner: pg_database_owner\n" in text
    assert "      email: {type: text, nullable: false, collation: C, comment: login}\n" in text
    assert "    primary_key: [id]\n" in text
    assert "      users_email_check: (email ~~ '%@%'::text)\n" in text
    assert "    view_definition: |2-\n       SELECT u.id,\n" in text
    assert "\t\tNEW.updated_at" not in text and "\tNEW.updated_at := now();  \n" in text
    assert "  plain_seq: {}\n" in text
    assert "table_owner: app\n" in text and "owner: reporter" in text
    assert "users_pkey" not in text.split("users_email_key")[0].split("indexes:")[-1]


@pytest.mark.parametrize("positions", [(1, 2, 3), (1, 3, 4), (0, 0, 0), (2, 1, 5), (5, 6, 7)])
def test_column_positions(tmp_path: Path, positions: tuple[int, ...]) -> None:
    cols = tuple(Column(name=f"c{i}", position=p, type="integer") for i, p in enumerate(positions))
    catalog = Catalog(schemas=(Schema(name="s", tables=(Table(name="t", columns=cols),)),))
    write_expected(catalog, tmp_path)
    assert load_expected(tmp_path).catalog == catalog


def test_single_file(tmp_path: Path) -> None:
    catalog = Catalog(schemas=(Schema(name="s", tables=(Table(name="t"),)),))
    write_expected(catalog, tmp_path)
    loaded = load_expected(tmp_path / "s.yaml")
    assert loaded.catalog == catalog
    assert loaded.files == (str(tmp_path / "s.yaml"),)
