"""The report history: stored runs, and what changed between two of them (no database needed)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from drift.errors import InputError
from drift.model import (
    Catalog,
    CheckConstraint,
    Column,
    ColumnPrivilege,
    Enum,
    Finding,
    Function,
    Index,
    PrimaryKey,
    Report,
    Schema,
    Snapshot,
    Table,
    Target,
)
from drift.report.changes import diff_findings, diff_objects
from drift.report.history import (
    REPORT_FILE,
    SNAPSHOT_FILE,
    changes_since_last_run,
    list_runs,
    prune_runs,
    run_name,
    save_run,
)

T0 = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


def _catalog(
    *, tables: tuple[Table, ...], functions: tuple[Function, ...] = (), enums: tuple[Enum, ...] = ()
) -> Catalog:
    return Catalog(
        database="shop",
        schemas=(Schema(name="public", tables=tables, functions=functions, enums=enums),),
    )


def _users(
    *columns: Column, checks: tuple[CheckConstraint, ...] = (), indexes: tuple[Index, ...] = ()
) -> Table:
    return Table(
        name="users",
        columns=(Column(name="id", position=1, type="bigint", nullable=False), *columns),
        primary_key=PrimaryKey(name="users_pkey", columns=("id",)),
        check_constraints=checks,
        indexes=indexes,
    )


def _finding(rule: str, path: tuple[str, ...]) -> Finding:
    return Finding(
        category="advice",
        rule=rule,
        severity="warning",
        object_type="table",
        path=path,
        message=f"{rule} on {path}",
    )


def _run(catalog: Catalog, findings: list[Finding], when: datetime) -> tuple[Snapshot, Report]:
    snapshot = Snapshot(tool_version="0.1.0", generated_at=when, catalog=catalog)
    report = Report.build(
        tool_version="0.1.0", generated_at=when, target=Target(database="shop"), sources=[], findings=findings
    )
    return snapshot, report


# --- diff_objects ---------------------------------------------------------------------------------


def test_identical_catalogs_have_no_changes() -> None:
    c = _catalog(tables=(_users(Column(name="email", position=2, type="text")),))
    assert diff_objects(c, c) == ()


def test_added_dropped_and_altered_objects() -> None:
    before = _catalog(
        tables=(
            _users(
                Column(name="email", position=2, type="text"),
                Column(name="nick", position=3, type="text"),
                indexes=(Index(name="users_email_idx", keys=("email",)),),
            ),
        ),
        functions=(Function(name="touch", arguments="integer", definition="select 1"),),
    )
    after = _catalog(
        tables=(
            _users(
                Column(name="email", position=2, type="character varying(200)"),
                checks=(CheckConstraint(name="users_email_check", expression="email <> ''"),),
            ),
        ),
        functions=(Function(name="touch", arguments="integer", definition="select 2"),),
    )
    changes = {(c.change, c.object_type, c.dotted_path): c for c in diff_objects(before, after)}
    assert set(changes) == {
        ("dropped", "column", "public.users.nick"),
        ("dropped", "index", "public.users.users_email_idx"),
        ("added", "check", "public.users.users_email_check"),
        ("altered", "column", "public.users.email"),
        ("altered", "function", "public.touch(integer)"),
    }
    email = changes["altered", "column", "public.users.email"]
    assert email.attributes == ("type",)
    assert email.before == {"type": "text"} and email.after == {"type": "character varying(200)"}


def test_a_new_table_is_one_change_not_one_per_member() -> None:
    before = _catalog(tables=())
    orders = Table(
        name="orders",
        columns=(
            Column(name="id", position=1, type="bigint"),
            Column(name="total", position=2, type="numeric"),
        ),
        indexes=(Index(name="orders_total_idx", keys=("total",)),),
    )
    after = _catalog(tables=(orders,))
    assert [(c.change, c.object_type, c.dotted_path) for c in diff_objects(before, after)] == [
        ("added", "table", "public.orders")
    ]
    assert [(c.change, c.object_type, c.dotted_path) for c in diff_objects(after, before)] == [
        ("dropped", "table", "public.orders")
    ]


def test_column_position_shift_is_not_a_change() -> None:
    before = _catalog(
        tables=(_users(Column(name="a", position=2, type="text"), Column(name="b", position=3, type="text")),)
    )
    after = _catalog(tables=(_users(Column(name="b", position=2, type="text")),))
    assert [(c.change, c.dotted_path) for c in diff_objects(before, after)] == [("dropped", "public.users.a")]


def test_findings_appeared_and_fixed_by_id() -> None:
    a, b, c = (
        _finding("vacuum-stale", ("public", "a")),
        _finding("no-primary-key", ("public", "b")),
        _finding("no-primary-key", ("public", "c")),
    )
    _, old = _run(Catalog(), [a, b], T0)
    _, new = _run(Catalog(), [b, c], T0 + timedelta(days=1))
    appeared, fixed = diff_findings(old, new)
    assert [r.id for r in appeared] == [c.id]
    assert [r.id for r in fixed] == [a.id]


# --- stored runs ----------------------------------------------------------------------------------


def test_first_run_has_nothing_to_compare_with(tmp_path: Path) -> None:
    snapshot, report = _run(_catalog(tables=(_users(),)), [], T0)
    assert changes_since_last_run(tmp_path / "history", snapshot, report) is None
    path = save_run(tmp_path / "history", snapshot, report)
    assert path.name == "2026-03-01T02-00-00Z"
    assert (path / SNAPSHOT_FILE).is_file() and (path / REPORT_FILE).is_file()
    assert Report.model_validate_json((path / REPORT_FILE).read_text()) == report
    assert Snapshot.model_validate_json((path / SNAPSHOT_FILE).read_text()) == snapshot


def test_two_runs_with_one_change_in_between_list_exactly_that_change(tmp_path: Path) -> None:
    history = tmp_path / "history"
    first_snapshot, first_report = _run(
        _catalog(tables=(_users(Column(name="email", position=2, type="text")),)),
        [_finding("vacuum-stale", ("public", "users"))],
        T0,
    )
    save_run(history, first_snapshot, first_report)
    second_snapshot, second_report = _run(
        _catalog(
            tables=(
                _users(
                    Column(name="email", position=2, type="text"),
                    Column(name="token", position=3, type="text"),
                ),
            )
        ),
        [
            _finding("vacuum-stale", ("public", "users")),
            _finding("plaintext-secret", ("public", "users", "token")),
        ],
        T0 + timedelta(days=1),
    )
    changes = changes_since_last_run(history, second_snapshot, second_report)
    assert changes is not None
    assert changes.previous_run == "2026-03-01T02-00-00Z"
    assert changes.previous_generated_at == T0
    assert [(c.change, c.object_type, c.dotted_path) for c in changes.objects] == [
        ("added", "column", "public.users.token")
    ]
    assert [r.rule for r in changes.appeared] == ["plaintext-secret"]
    assert changes.fixed == ()
    # Called again after the run was saved, it still compares with the previous run, not itself.
    save_run(history, second_snapshot, second_report)
    again = changes_since_last_run(history, second_snapshot, second_report)
    assert again is not None and again.previous_run == changes.previous_run


def test_runs_in_the_same_second_get_a_suffix_and_sort(tmp_path: Path) -> None:
    snapshot, report = _run(Catalog(), [], T0)
    names = [save_run(tmp_path, snapshot, report).name for _ in range(3)]
    assert names == ["2026-03-01T02-00-00Z", "2026-03-01T02-00-00Z.01", "2026-03-01T02-00-00Z.02"]
    assert [r.name for r in list_runs(tmp_path)] == names


def test_unreadable_previous_run_is_skipped_with_a_note(tmp_path: Path) -> None:
    old_snapshot, old_report = _run(_catalog(tables=()), [], T0)
    save_run(tmp_path, old_snapshot, old_report)
    broken_snapshot, broken_report = _run(Catalog(), [], T0 + timedelta(hours=1))
    broken = save_run(tmp_path, broken_snapshot, broken_report)
    (broken / REPORT_FILE).write_text("{not json")
    snapshot, report = _run(_catalog(tables=(_users(),)), [], T0 + timedelta(days=1))
    changes = changes_since_last_run(tmp_path, snapshot, report)
    assert changes is not None
    assert changes.previous_run == run_name(T0)
    assert changes.notes == (f"skipped the unreadable stored run {broken.name} (ValidationError)",)
    assert [(c.change, c.dotted_path) for c in changes.objects] == [("added", "public.users")]


def test_stray_files_and_half_written_runs_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "2026-01-01T00-00-00Z").mkdir()  # no files: a run that died before its rename
    (tmp_path / ".2026-01-02T00-00-00Z.tmp-1").mkdir()
    assert list_runs(tmp_path) == []


def test_prune_keeps_the_newest_runs(tmp_path: Path) -> None:
    for day in range(4):
        save_run(tmp_path, *_run(Catalog(), [], T0 + timedelta(days=day)))
    deleted = prune_runs(tmp_path, keep=2)
    assert [p.name for p in deleted] == [run_name(T0), run_name(T0 + timedelta(days=1))]
    assert [r.name for r in list_runs(tmp_path)] == [run_name(T0 + timedelta(days=d)) for d in (2, 3)]
    with pytest.raises(InputError):
        prune_runs(tmp_path, keep=0)


def test_history_directory_that_cannot_be_created_is_an_input_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="history directory"):
        save_run(blocker / "history", *_run(Catalog(), [], T0))


def test_stored_report_is_the_json_contract(tmp_path: Path) -> None:
    snapshot, report = _run(Catalog(), [_finding("no-primary-key", ("public", "t"))], T0)
    stored = json.loads((save_run(tmp_path, snapshot, report) / REPORT_FILE).read_text())
    assert stored["report_version"] == 1 and stored["findings"][0]["rule"] == "no-primary-key"


def test_a_column_grant_is_a_change_of_its_own_not_of_its_table() -> None:
    grant = ColumnPrivilege(column="email", grantee="analyst", privilege="SELECT")
    email = Column(name="email", position=2, type="text")
    before = _catalog(tables=(_users(email),))
    after = _catalog(tables=(_users(email).model_copy(update={"column_privileges": (grant,)}),))
    changes = [(c.change, c.object_type, c.path) for c in diff_objects(before, after)]
    assert changes == [("added", "privilege", ("public", "users", "analyst:SELECT(email)"))]
