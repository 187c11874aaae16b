"""`drift check`: exit codes, the JSON contract, configuration, and bad input as a CI user meets them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import psycopg
import pytest

from tests.cli.conftest import DriftRunner, assert_one_line_error

REPO = Path(__file__).resolve().parents[2]
REPORT_SCHEMA = REPO / "docs" / "schema" / "report.schema.json"

SCHEMA_SQL = """
CREATE TABLE customers (id serial PRIMARY KEY, email varchar(200) NOT NULL UNIQUE,
                        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'gone')));
CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                     customer_id integer NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                     total numeric(10,2) NOT NULL DEFAULT 0);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
"""


@pytest.fixture
def expected_dir(pg_dsn: str, pg_conn: psycopg.Connection, drift_cli: DriftRunner, tmp_path: Path) -> Path:
    pg_conn.execute(SCHEMA_SQL.encode())
    out = tmp_path / "expected_schema"
    result = drift_cli("init", "--dsn", pg_dsn, "--out", str(out))
    assert result.code == 0, result.err
    return out


def test_clean_database_exits_zero(pg_dsn: str, expected_dir: Path, drift_cli: DriftRunner) -> None:
    result = drift_cli("check", "--dsn", pg_dsn, "--expected", str(expected_dir), "--json", "--no-advice")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["findings"] == []
    assert report["summary"] == {"error": 0, "warning": 0, "info": 0}


def test_drift_exits_one_with_the_json_contract(
    pg_dsn: str, pg_conn: psycopg.Connection, expected_dir: Path, drift_cli: DriftRunner
) -> None:
    pg_conn.execute(b"ALTER TABLE customers ALTER COLUMN email TYPE text")
    pg_conn.execute(b"ALTER TABLE orders ADD COLUMN note text")
    result = drift_cli("check", "--dsn", pg_dsn, "--expected", str(expected_dir), "--json")
    assert result.code == 1, result.err
    report = json.loads(result.out)
    jsonschema.validate(report, json.loads(REPORT_SCHEMA.read_text()))
    assert report["report_version"] == 1
    assert report["tool"]["name"] == "drift"
    assert set(report) >= {"generated_at", "target", "sources", "summary", "findings"}
    assert report["sources"] == [{"kind": "expected", "location": str(expected_dir)}]
    drift = [f for f in report["findings"] if f["category"] == "drift"]
    by_rule = {(f["rule"], tuple(f["path"])): f for f in drift}
    email = by_rule[("column.type", ("public", "customers", "email"))]
    assert email["severity"] == "error"
    assert email["change"] == "changed" and email["attribute"] == "type"
    assert email["expected"] == "character varying(200)" and email["actual"] == "text"
    assert email["against"] == "expected"
    assert email["fix"] and "ALTER TABLE" in email["fix"]
    note = by_rule[("column.unexpected", ("public", "orders", "note"))]
    assert note["severity"] == "warning" and note["change"] == "unexpected"
    # Advice is included by default, below error severity.
    advice = [f for f in report["findings"] if f["category"] == "advice"]
    assert advice and all(f["severity"] != "error" for f in advice)
    assert all(len(f["id"]) == 16 for f in report["findings"])
    assert report["summary"]["error"] == sum(f["severity"] == "error" for f in report["findings"])


def test_fail_on_levels(
    pg_dsn: str, pg_conn: psycopg.Connection, expected_dir: Path, drift_cli: DriftRunner
) -> None:
    pg_conn.execute(b"ALTER TABLE orders ADD COLUMN note text")  # unexpected column: a warning
    args = ("check", "--dsn", pg_dsn, "--expected", str(expected_dir), "--no-advice")
    assert drift_cli(*args).code == 0
    assert drift_cli(*args, "--fail-on", "warning").code == 1
    assert_one_line_error(drift_cli(*args, "--fail-on", "sometimes"), "fail_on")


def test_text_output_is_plain_off_a_terminal(
    pg_dsn: str, pg_conn: psycopg.Connection, expected_dir: Path, drift_cli: DriftRunner
) -> None:
    pg_conn.execute(b"ALTER TABLE customers ALTER COLUMN status DROP DEFAULT")
    result = drift_cli("check", "--dsn", pg_dsn, "--expected", str(expected_dir), "--no-advice")
    assert result.code == 1
    assert "\x1b[" not in result.out
    assert "public.customers" in result.out and "status" in result.out
    assert "password" not in result.out.lower()


def test_config_file_ignores_and_relevels(
    pg_dsn: str, pg_conn: psycopg.Connection, expected_dir: Path, drift_cli: DriftRunner, tmp_path: Path
) -> None:
    pg_conn.execute(b"ALTER TABLE customers ALTER COLUMN status DROP DEFAULT")
    pg_conn.execute(b"ALTER TABLE orders ADD COLUMN note text")
    (tmp_path / "drift.toml").write_text(
        f'dsn = "{pg_dsn}"\nexpected = "expected_schema"\nadvice = false\n'
        '[severity]\n"column.default" = "info"\n'
        '[[ignore]]\npath = "public.orders.note"\nreason = "hotfix, tracked in OPS-1"\n',
        encoding="utf-8",
    )
    result = drift_cli("check", "--json")
    assert result.code == 0, result.err
    findings = json.loads(result.out)["findings"]
    assert [(f["rule"], f["severity"]) for f in findings] == [("column.default", "info")]


def test_default_expected_directory_is_picked_up(
    pg_dsn: str, expected_dir: Path, drift_cli: DriftRunner, tmp_path: Path
) -> None:
    assert expected_dir == tmp_path / "expected_schema"
    report = json.loads(drift_cli("check", "--dsn", pg_dsn, "--json", "--no-advice").out)
    assert report["sources"] == [{"kind": "expected", "location": "expected_schema"}]


def test_no_expected_source_runs_health_rules_alone(
    pg_dsn: str, pg_conn: psycopg.Connection, drift_cli: DriftRunner
) -> None:
    pg_conn.execute(
        b"CREATE TABLE child (id int PRIMARY KEY, parent_id int); CREATE TABLE parent (id int PRIMARY KEY)"
    )
    pg_conn.execute(b"ALTER TABLE child ADD FOREIGN KEY (parent_id) REFERENCES parent(id)")
    result = drift_cli("check", "--dsn", pg_dsn, "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["sources"] == []
    assert "fk-without-index" in {f["rule"] for f in report["findings"]}


def test_bad_inputs_are_one_line_errors(
    pg_dsn: str, pg_server: object, drift_cli: DriftRunner, tmp_path: Path
) -> None:
    missing = tmp_path / "nope"
    assert_one_line_error(drift_cli("check", "--dsn", pg_dsn, "--expected", str(missing)), "drift init")
    assert_one_line_error(
        drift_cli("check", "--dsn", pg_dsn, "--orm", "no_such_module_xyz:Base"), "no_such_module_xyz"
    )
    assert_one_line_error(drift_cli("check", "--dsn", "postgresql://u:s3cret@127.0.0.1:1/db"))
    leaked = drift_cli("check", "--dsn", "postgresql://u:s3cret@127.0.0.1:1/db")
    assert "s3cret" not in leaked.err + leaked.out
    assert_one_line_error(drift_cli("check", "--dsn", "not a dsn at all ==="))
    assert_one_line_error(drift_cli("check", "--dsn", pg_dsn, "--format", "pdf"), "pdf")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "public.yaml").write_text("schema: public\ntables:\n  t: [unclosed\n", encoding="utf-8")
    assert_one_line_error(drift_cli("check", "--dsn", pg_dsn, "--expected", str(broken)), "public.yaml:")


def test_orm_three_way(
    pg_dsn: str, pg_conn: psycopg.Connection, expected_dir: Path, drift_cli: DriftRunner, tmp_path: Path
) -> None:
    (tmp_path / "models.py").write_text(
        "from sqlalchemy import Column, ForeignKey, Integer, Numeric, String, Text, BigInteger, Identity\n"
        "from sqlalchemy.orm import DeclarativeBase\n"
        "class Base(DeclarativeBase):\n    pass\n"
        "class Customer(Base):\n"
        "    __tablename__ = 'customers'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    email = Column(String(200), nullable=False, unique=True)\n"
        "    status = Column(Text, nullable=False, server_default='active')\n",
        encoding="utf-8",
    )
    pg_conn.execute(b"ALTER TABLE customers ALTER COLUMN email TYPE varchar(250)")
    pg_conn.execute(b"CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)")
    result = drift_cli(
        "check",
        "--dsn",
        pg_dsn,
        "--expected",
        str(expected_dir),
        "--orm",
        "models.py:Base",
        "--json",
        "--no-advice",
    )
    assert result.code == 1, result.err
    report = json.loads(result.out)
    kinds = {s["kind"] for s in report["sources"]}
    assert kinds == {"expected", "orm"}
    email = [
        f
        for f in report["findings"]
        if f["path"] == ["public", "customers", "email"] and f["rule"] == "column.type"
    ]
    assert {f["against"] for f in email} == {"expected", "orm"}
    # Alembic's bookkeeping table is not something models declare.
    assert not [f for f in report["findings"] if f["against"] == "orm" and "alembic_version" in f["path"]]
    # The model does not declare the orders table: not a disagreement with the expected schema.
    assert not [f for f in report["findings"] if f["against"] == "orm-vs-expected" and "orders" in f["path"]]
