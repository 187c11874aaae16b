"""What a person writes by hand reads as what they mean: implied NOT NULL, shorthands, key order,
type aliases and expressions spelt as typed rather than as the server prints them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
from test_expected_live import _run

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


HAND_SQL = """
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE DOMAIN positive AS numeric(10,2) DEFAULT 1 CHECK (VALUE > 0) CHECK (VALUE < 1000000);
CREATE DOMAIN code AS varchar(5) CHECK (VALUE IN ('a', 'b'));
CREATE TABLE orgs (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
CREATE TABLE users (
    id serial PRIMARY KEY,
    org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    email varchar(255) NOT NULL UNIQUE,
    status varchar(20) NOT NULL DEFAULT 'active',
    score numeric(10,2) DEFAULT 0,
    feeling mood DEFAULT 'ok',
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (score >= 0 AND score < 100),
    CHECK (status IN ('active', 'gone'))
);
CREATE INDEX users_lower_email ON users (lower(email));
CREATE INDEX users_active ON users (org_id, created_at DESC) WHERE status = 'active';
CREATE SEQUENCE invoice_seq START 1000;
"""

# (what drift init wrote, what a person makes of it): shorthands, aliases, key order, key words in
# lower case, defaults and expressions as typed, the serial's sequence left implicit, comments.
HAND_EDITS = [
    ("      id: {type: bigint, nullable: false, identity: always}\n", "      id: {identity: ALWAYS, type: int8}  # the key\n"),
    ("      name: text not null\n", "      name: TEXT NOT NULL\n"),
    ("""      id: {type: integer, nullable: false, default: "nextval('users_id_seq'::regclass)"}\n""", "      id: serial\n"),
    ("      org_id: bigint not null\n", "      org_id: int8 not null\n"),
    ("      email: character varying(255) not null\n", "      email: varchar(255) not null\n"),
    (
        """      status: {type: character varying(20), nullable: false, default: "'active'::character varying"}\n""",
        """      status: {default: "'active'", type: varchar(20), nullable: false}\n""",
    ),
    ("      score: {type: 'numeric(10,2)', default: '0'}\n", "      score: {type: 'decimal(10, 2)', default: 0.00}\n"),
    ("""      feeling: {type: mood, default: "'ok'::mood"}\n""", """      feeling: {type: mood, default: "'ok'"}\n"""),
    ("      active: {type: boolean, nullable: false, default: 'true'}\n", "      active: {type: bool, nullable: false, default: TRUE}\n"),
    (
        "      created_at: {type: timestamp with time zone, nullable: false, default: now()}\n",
        "      # when the row was made\n      created_at: {type: timestamptz, nullable: false, default: CURRENT_TIMESTAMP}\n",
    ),
    ("on_delete: CASCADE}", "on_delete: cascade, on_update: no action, match: simple}"),
    (
        "      users_score_check: ((score >= (0)::numeric) AND (score < (100)::numeric))\n",
        "      users_score_check: score >= 0 AND score < 100\n",
    ),
    (
        "      users_status_check: ((status)::text = ANY ((ARRAY['active'::character varying, "
        "'gone'::character varying])::text[]))\n",
        "      users_status_check: status IN ('active', 'gone')\n",
    ),
    (
        "      users_active:\n        keys: [org_id, created_at DESC]\n"
        "        predicate: ((status)::text = 'active'::text)\n",
        "      users_active: {predicate: status = 'active', keys: [org_id ASC, created_at desc nulls first], "
        "method: btree}\n",
    ),
    ("      users_lower_email: ['lower(email::text)']\n", "      users_lower_email: [lower(email)]\n"),
    ("  invoice_seq: {start: 1000, min_value: 1, max_value: 9223372036854775807}\n", "  invoice_seq: {start: 1000}\n"),
    ("  users_id_seq: {data_type: integer, min_value: 1, max_value: 2147483647, owned_by: users.id}\n", ""),
    (
        "  code:\n    base_type: character varying(5)\n    checks:\n"
        "      - ((VALUE)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))\n",
        "  code: {base_type: varchar(5), checks: [\"VALUE IN ('a', 'b')\"]}\n",
    ),
    (
        "  positive:\n    base_type: numeric(10,2)\n    default: '1'\n"
        "    checks: ['(VALUE < (1000000)::numeric)', '(VALUE > (0)::numeric)']\n",
        "  positive:\n    base_type: decimal(10,2)\n    default: 1.00\n    checks: [VALUE > 0, VALUE < 1000000]\n",
    ),
    # the primary key moved above the columns, as people often write it
    ("      name: TEXT NOT NULL\n    primary_key: [id]\n", "      name: TEXT NOT NULL\n"),
    ("  orgs:\n    columns:\n", "  orgs:\n    primary_key: [id]\n    columns:\n"),
]  # fmt: skip


def test_drift_init_then_hand_edits_then_check_is_clean(
    pg_conn: psycopg.Connection[Any], pg_dsn: str, tmp_path: Path, capsys: Any
) -> None:
    pg_conn.execute(HAND_SQL)
    out = tmp_path / "expected_schema"
    assert _run("init", "--dsn", pg_dsn, "--out", str(out)) == 0
    public = out / "public.yaml"
    text = public.read_text(encoding="utf-8")
    for written, edited in HAND_EDITS:
        assert written in text, f"drift init no longer writes {written!r}"
        text = text.replace(written, edited)
    public.write_text(text, encoding="utf-8")
    capsys.readouterr()
    code = _run(
        "check", "--dsn", pg_dsn, "--expected", str(out), "--json", "--no-advice", "--fail-on", "info"
    )
    report = json.loads(capsys.readouterr().out)
    assert report["findings"] == [], "\n".join(
        f"{f['rule']} {f['path']}: {f['message']}" for f in report["findings"]
    )
    assert code == 0
