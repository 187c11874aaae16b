"""The loader builds catalog objects without validating them again (drift/model/construct.py).
That is only right if the result is exactly what validation would have produced: every field, in
field order, with the validated types, members sorted as the models' validators sort them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from expected_full_catalog import full_catalog
from pydantic import BaseModel

from drift.model.catalog import Catalog
from drift.sources.expected import load_expected, write_expected


def _check_constructed(value: Any, path: str = "catalog") -> None:
    if isinstance(value, BaseModel):
        fields = list(type(value).model_fields)
        assert list(value.__dict__) == fields, f"{path}: fields {list(value.__dict__)} != {fields}"
        for name in fields:
            _check_constructed(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            _check_constructed(item, f"{path}[{getattr(item, 'name', i)!r}]")
    else:
        assert isinstance(value, str | int | bool | type(None)), f"{path}: {type(value).__name__}"


def assert_as_validated(catalog: Catalog) -> None:
    """`catalog` is what pydantic validation of the same data gives, JSON included."""
    _check_constructed(catalog)
    validated = Catalog.model_validate(catalog.model_dump())
    assert validated == catalog
    assert validated.model_dump_json() == catalog.model_dump_json()


def test_loaded_catalog_is_as_validated(tmp_path: Path) -> None:
    write_expected(full_catalog(), tmp_path / "a")
    write_expected(full_catalog(), tmp_path / "b", include_extension_objects=True)
    for out in ("a", "b"):
        assert_as_validated(load_expected(tmp_path / out).catalog)


def test_unsorted_input_is_sorted_like_validation(tmp_path: Path) -> None:
    (tmp_path / "_database.yaml").write_text("extensions:\n  zz: {}\n  aa: {schema: x}\n")
    (tmp_path / "b.yaml").write_text(
        "schema: b\nfunctions:\n  f(b integer): {}\n  f(a integer): {}\n  e(): {}\n"
        "enums:\n  z: [a]\n  y: [b]\nsequences:\n  s2: {}\n  s1: {}\n"
        "domains:\n  d2: {base_type: text}\n  d1: {base_type: text}\n"
    )
    (tmp_path / "a.yaml").write_text(
        "schema: a\ntables:\n  t2:\n    columns:\n      c: {type: text, position: 3}\n"
        "      b: {type: text, position: 1}\n      a: {type: text, position: 2}\n"
        "    primary_key: {name: zz, columns: [a]}\n    unique_constraints:\n      b_key: [b]\n"
        "      a_key: [a]\n    indexes:\n      m: [c]\n      a_key: [a]\n"
        "    check_constraints:\n      y: a > b\n      x: b > a\n"
        "    foreign_keys:\n      f2: {columns: [a], ref_table: t1, ref_columns: [id]}\n"
        "      f1: {columns: [b], ref_table: t1, ref_columns: [id]}\n"
        "    triggers:\n      tr2: CREATE TRIGGER tr2\n      tr1: CREATE TRIGGER tr1\n"
        "    policies:\n      p2:\n      p1: {command: select}\n"
        "    privileges:\n      zed: [SELECT]\n      PUBLIC: [UPDATE, SELECT WITH GRANT OPTION, INSERT]\n"
        "  t1:\n    columns:\n      id: bigint\n"
        "views:\n  a_view: {view_definition: SELECT 1}\n"
    )
    catalog = load_expected(tmp_path).catalog
    assert_as_validated(catalog)
    assert [s.name for s in catalog.schemas] == ["a", "b"]
    assert [e.name for e in catalog.extensions] == ["aa", "zz"]
    table = catalog.get_table("a", "t2")
    assert table is not None
    assert [c.name for c in table.columns] == ["b", "a", "c"]
    assert [i.name for i in table.indexes] == ["a_key", "b_key", "m", "zz"]
    assert [(p.grantee, p.privilege) for p in table.privileges][:2] == [
        ("PUBLIC", "INSERT"),
        ("PUBLIC", "SELECT"),
    ]
    b = catalog.get_schema("b")
    assert b is not None
    assert [f.signature for f in b.functions] == ["e()", "f(a integer)", "f(b integer)"]
