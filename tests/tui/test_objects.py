"""Looking objects up by finding path, the three-way values and the usage rows."""

from __future__ import annotations

from tui_sample import NOW, database_catalog, expected_catalog, findings, orm_catalog, stats

from drift.model import ColumnPrivilege, Finding
from drift.report.formatting import human_bytes
from drift.tui.objects import ABSENT, NOT_LOADED, find_object, three_way, value_in
from drift.tui.usage import age, usage_rows


def _finding(rule: str) -> Finding:
    return next(f for f in findings() if f.rule == rule)


def test_find_object_by_kind_and_path() -> None:
    db = database_catalog()
    assert find_object(db, "column", ("app", "users", "email")).type == "character varying(100)"  # type: ignore[union-attr]
    assert find_object(db, "table", ("app", "orders")).name == "orders"  # type: ignore[union-attr]
    assert find_object(db, "primary_key", ("app", "users", "users_pkey")) is not None
    assert find_object(db, "sequence", ("app", "invoice_seq")) is not None
    assert find_object(db, "function", ("app", "touch()")) is not None
    assert find_object(db, "enum", ("app", "order_state")) is not None
    assert find_object(db, "index", ("app", "users", "nope")) is None
    assert find_object(None, "table", ("app", "users")) is None


def test_three_way_for_a_changed_column() -> None:
    exp, db, orm = three_way(_finding("column.type"), expected_catalog(), database_catalog(), orm_catalog())
    assert (exp, db, orm) == ("character varying(255)", "character varying(100)", "text")


def test_three_way_for_missing_and_unexpected() -> None:
    exp, db, _ = three_way(_finding("index.missing"), expected_catalog(), database_catalog(), None)
    assert exp == "keys: email\nunique: yes" and db == ABSENT  # the title names it: no 'name:' line
    exp, db, orm = three_way(_finding("column.unexpected"), expected_catalog(), database_catalog(), None)
    assert exp == ABSENT and "type: boolean" in db and orm == NOT_LOADED


def test_three_way_when_the_model_disagrees_with_the_files() -> None:
    f = Finding(
        category="drift",
        rule="model-vs-expected.column.type",
        severity="warning",
        object_type="column",
        change="changed",
        attribute="type",
        path=("app", "users", "email"),
        against="orm-vs-expected",
        expected="character varying(255)",
        actual="text",
        message="they disagree",
    )
    assert three_way(f, expected_catalog(), database_catalog(), orm_catalog()) == (
        "character varying(255)",
        "character varying(100)",
        "text",
    )


def test_value_in_describes_a_whole_object() -> None:
    text = value_in(database_catalog(), "table", ("app", "users"), None)
    assert "columns: 4" in text and "primary_key: users_pkey" in text


def test_usage_rows_for_a_table_and_its_indexes() -> None:
    rows = dict(usage_rows(stats(), ("app", "users", "email")))
    assert rows["dead rows"] == "9,120 (16%)"
    assert rows["seq scans"] == "1,520"
    assert rows["last vacuum auto"].endswith("(3d ago)")
    assert rows["last analyze"] == "2024-05-06 09:30 UTC (2h ago)"
    assert "98,211 scans" in rows["  users_pkey"]
    marked = dict(usage_rows(stats(), ("app", "users", "users_pkey"), highlight_index="users_pkey"))
    assert "▶ users_pkey" in marked


def test_usage_rows_for_a_sequence() -> None:
    assert dict(usage_rows(stats(), ("app", "invoice_seq")))["range"] == "90.0% of range used"


def test_humanised_figures() -> None:
    assert human_bytes(None) == "?"
    assert human_bytes(512) == "512 bytes"
    assert human_bytes(18_350_080) == "18 MB"
    assert age(None, NOW) == "never"
    assert age(NOW, None) == "2024-05-06 12:00 UTC"  # the zone, as in the reports


def test_find_object_for_a_column_grant() -> None:
    db = database_catalog()
    schema = db.schemas[0]
    users = db.get_table(schema.name, "users")
    assert users is not None
    grant = ColumnPrivilege(column="email", grantee="analyst", privilege="SELECT")
    table = users.model_copy(update={"column_privileges": (grant,)})
    tables = tuple(table if t.name == "users" else t for t in schema.tables)
    db = db.model_copy(update={"schemas": (schema.model_copy(update={"tables": tables}), *db.schemas[1:])})
    assert find_object(db, "privilege", (schema.name, "users", "analyst:SELECT(email)")) == grant
    assert find_object(db, "privilege", (schema.name, "users", "analyst:UPDATE(email)")) is None
