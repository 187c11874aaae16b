"""What a person writes by hand reads as what they mean: implied NOT NULL, shorthands, key order."""

from __future__ import annotations

from pathlib import Path

from drift.model.catalog import Catalog, Column, PrimaryKey, Schema, Table
from drift.sources.expected import load_expected, write_expected


def _load(tmp_path: Path, text: str) -> Catalog:
    (tmp_path / "public.yaml").write_text(text, encoding="utf-8")
    return load_expected(tmp_path).catalog


def _nullable(catalog: Catalog, table: str) -> dict[str, bool]:
    found = catalog.get_table("public", table)
    assert found is not None
    return {c.name: c.nullable for c in found.columns}


def test_key_identity_and_serial_columns_are_not_null_unless_said(tmp_path: Path) -> None:
    catalog = _load(
        tmp_path,
        """schema: public
tables:
  orders:
    columns:
      id: serial
      code: {type: integer, identity: always}
      ref: integer
      note: text
      odd: {type: bigserial, nullable: true}
    primary_key: [ref]
""",
    )
    assert _nullable(catalog, "orders") == {
        "id": False,
        "code": False,
        "ref": False,
        "note": True,
        "odd": True,
    }


def test_a_nullable_key_column_round_trips(tmp_path: Path) -> None:
    """The server never has one, but writing then loading any catalog gives it back exactly."""
    columns = (Column(name="id", position=1, type="integer"), Column(name="x", position=2, type="serial"))
    table = Table(name="t", columns=columns, primary_key=PrimaryKey(name="t_pkey", columns=("id",)))
    catalog = Catalog(schemas=(Schema(name="public", tables=(table,)),))
    write_expected(catalog, tmp_path)
    loaded = load_expected(tmp_path).catalog
    assert _nullable(loaded, "t") == {"id": True, "x": True}


def test_key_words_in_any_case(tmp_path: Path) -> None:
    catalog = _load(
        tmp_path,
        """schema: public
tables:
  orders:
    columns:
      id: {type: bigint, identity: ALWAYS}
      customer_id: bigint
    foreign_keys:
      orders_customer_fkey: {columns: [customer_id], ref_table: customers, ref_columns: [id], on_delete: cascade,
        on_update: set  null, match: full}
    policies:
      mine: {command: select, using: "(customer_id = 1)"}
functions:
  f(): {volatility: IMMUTABLE, kind: Function, returns: integer, definition: SELECT 1}
""",
    )
    orders = catalog.get_table("public", "orders")
    assert orders is not None
    fk = orders.foreign_keys[0]
    assert (fk.on_delete, fk.on_update, fk.match) == ("CASCADE", "SET NULL", "FULL")
    assert orders.columns[0].identity == "always"
    assert orders.policies[0].command == "SELECT"
    function = catalog.schemas[0].functions[0]
    assert (function.volatility, function.kind) == ("immutable", "function")
