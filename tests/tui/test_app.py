"""The TUI driven with a pilot against hand-built results (no server): keys, mouse, errors."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static
from tui_helpers import drive, sequence_loader, settle, static_loader
from tui_sample import make_result

from drift.errors import ConnectError
from drift.model import Finding
from drift.pipeline import CheckResult
from drift.tui import DriftApp
from drift.tui.screens.detail import FindingScreen
from drift.tui.screens.export import ExportDialog
from drift.tui.screens.help import HelpScreen
from drift.tui.screens.main import MainScreen
from drift.tui.widgets.detail_pane import DetailPane
from drift.tui.widgets.findings_table import FindingsTable
from drift.tui.widgets.object_tree import ObjectTree, node_text
from drift.tui.widgets.status_header import StatusHeader


def table(app: DriftApp) -> FindingsTable:
    return app.screen.query_one(FindingsTable)


def paths(app: DriftApp) -> list[str]:
    return [f.dotted_path for f in table(app).shown]


def values(pane: DetailPane) -> tuple[str, str, str]:
    def text(key: str) -> str:
        return str(pane.query_one(f"#value-{key}", Static).render())

    return text("expected"), text("database"), text("orm")


async def cursor_to(app: DriftApp, pilot: Pilot[None], dotted: str) -> None:
    t = table(app)
    t.focus()
    t.move_cursor(row=paths(app).index(dotted))
    await pilot.pause()


def test_findings_appear_with_header_and_tree(app: DriftApp) -> None:
    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, MainScreen)
        assert table(app).row_count == 8
        header = app.screen.query_one(StatusHeader)
        assert header.state == "connected" and header.database == "shop" and header.server_version == "16.3"
        tree = app.screen.query_one(ObjectTree)
        labels = [node_text(n) for n in tree.root.children]
        assert labels == ["✖ app"]
        tables = tree.root.children[0].children[0]
        assert [node_text(n) for n in tables.children] == ["✖ orders", "✖ users", "✖ invoices missing"]

    drive(app, scenario)


def test_filter_narrows_and_escape_clears(app: DriftApp) -> None:
    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"users email", "enter")
        assert sorted(paths(app)) == ["app.users.email", "app.users.users_email_idx"]
        assert table(app).has_focus
        await pilot.press("slash", "escape")
        assert len(paths(app)) == 8

    drive(app, scenario)


def test_severity_and_category_keys_cycle(app: DriftApp) -> None:
    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        counts = []
        for _ in range(4):
            await pilot.press("s")
            counts.append(table(app).row_count)
        assert counts == [4, 3, 1, 8]
        counts = []
        for _ in range(3):
            await pilot.press("c")
            counts.append(table(app).row_count)
        assert counts == [5, 3, 8]
        await pilot.press("s", "c")  # errors among drift findings
        assert {f.severity for f in table(app).shown} == {"error"}
        await pilot.press("escape")
        assert table(app).row_count == 8

    drive(app, scenario)


def test_sort_by_key_and_by_clicking_a_header(app: DriftApp) -> None:
    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        await pilot.press("3")
        assert paths(app) == sorted(paths(app))
        await pilot.press("3")
        assert paths(app) == sorted(paths(app), reverse=True)
        await pilot.click(FindingsTable, offset=(2, 0))  # the "Sev" header
        assert table(app).sort_column == "severity"
        assert table(app).shown[0].severity == "error"

    drive(app, scenario)


def test_details_show_expected_database_and_orm(app: DriftApp) -> None:
    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        await cursor_to(app, pilot, "app.users.email")
        pane = app.screen.query_one(DetailPane)
        assert values(pane) == ("character varying(255)", "character varying(100)", "text")
        await pilot.press("enter")
        assert isinstance(app.screen, FindingScreen)
        full = app.screen.query_one(DetailPane)
        assert values(full) == ("character varying(255)", "character varying(100)", "text")
        assert "ALTER COLUMN email TYPE character varying(255)" in full.query_one("#fix").text  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)

    drive(app, scenario)


def test_y_copies_the_fix_sql(app: DriftApp) -> None:
    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        await cursor_to(app, pilot, "app.users.email")
        await pilot.press("y")
        assert app.clipboard == "ALTER TABLE app.users ALTER COLUMN email TYPE character varying(255);"

    drive(app, scenario)


def test_tree_selection_scopes_findings_and_shows_usage(app: DriftApp) -> None:
    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        tree = app.screen.query_one(ObjectTree)
        users = tree.find_node(("app", "users"))
        assert users is not None
        tree.focus()
        tree.move_cursor(users)
        await pilot.pause()
        usage = dict(app.screen.query_one(DetailPane).usage)
        assert usage["dead rows"] == "9,120 (16%)" and "  users_pkey" in usage
        await pilot.press("enter")
        assert set(paths(app)) == {
            "app.users",
            "app.users.email",
            "app.users.legacy_flag",
            "app.users.users_email_idx",
        }
        await pilot.press("escape")
        assert len(paths(app)) == 8

    drive(app, scenario)


def test_e_exports_json_then_markdown(app: DriftApp, in_tmp: Path) -> None:
    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        await pilot.press("s")  # errors only: the export holds what is shown
        await pilot.press("e")
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        doc = json.loads((in_tmp / "drift-findings.json").read_text())
        assert len(doc["findings"]) == 4 and doc["summary"]["error"] == 4
        await pilot.press("e")
        await pilot.click("#fmt-markdown")
        assert app.screen.query_one("#export-path").value == "drift-findings.md"  # type: ignore[attr-defined]
        await pilot.click("#export-ok")
        assert "app.users.email" in (in_tmp / "drift-findings.md").read_text()

    drive(app, scenario)


def test_help_lists_every_binding(app: DriftApp) -> None:
    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = [row for _title, rows in app.screen.sections for row in rows]
        keys = {key for key, _ in shown}
        for key in ("/", "s", "c", "r", "y", "e", "o", "b", "t", "q", "?", "esc", "⏎"):
            assert key in keys, key
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)

    drive(app, scenario)


def test_t_toggles_light_and_dark(app: DriftApp) -> None:
    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        assert app.current_theme.dark
        await pilot.press("t")
        assert not app.current_theme.dark
        await pilot.press("t")
        assert app.current_theme.dark

    drive(app, scenario)


def test_q_quits(app: DriftApp) -> None:
    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0
        assert not app.is_running

    drive(app, scenario)


def _failing(exc: Exception):  # type: ignore[no-untyped-def]
    def load(progress):  # type: ignore[no-untyped-def]
        raise exc

    return load


def test_a_connection_error_is_shown_not_raised() -> None:
    app = DriftApp(_failing(ConnectError("cannot connect to localhost:1 as dba: connection refused")))

    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        panel = app.screen.query_one("#error-panel", Static)
        assert panel.display
        assert "cannot connect to localhost:1 as dba: connection refused" in str(panel.render())
        assert app.screen.query_one(StatusHeader).state == "error"
        await pilot.press("r")  # retry fails the same way, still no crash
        await settle(app, pilot)
        assert app.is_running

    drive(app, scenario)


def test_an_unexpected_error_is_one_line() -> None:
    app = DriftApp(_failing(ValueError("boom\nwith a second line")))

    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        text = str(app.screen.query_one("#error-panel", Static).render())
        assert "unexpected ValueError: boom" in text and "second line" not in text

    drive(app, scenario)


def _with_new_column() -> CheckResult:
    extra = Finding(
        category="drift",
        rule="column.unexpected",
        severity="warning",
        object_type="column",
        change="unexpected",
        path=("app", "orders", "note"),
        against="expected",
        actual="text",
        message="column app.orders.note is not in the expected schema",
    )
    return make_result(extra=[extra])


def test_r_reloads_and_marks_what_is_new() -> None:
    app = DriftApp(sequence_loader([make_result(), _with_new_column()]))

    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        assert table(app).row_count == 8
        await pilot.press("r")
        await settle(app, pilot)
        assert table(app).row_count == 9
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.delta is not None
        assert len(screen.delta.new) == 1
        new_row = paths(app).index("app.orders.note")
        assert table(app).cells(new_row)[2].startswith("NEW ")

    drive(app, scenario)


def test_watch_reloads_on_its_own() -> None:
    app = DriftApp(sequence_loader([make_result(), _with_new_column()]), watch=0.2)

    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        for _ in range(50):
            if screen.loads >= 2:
                break
            await pilot.pause(0.1)
        await settle(app, pilot)
        assert screen.loads >= 2 and table(app).row_count == 9

    drive(app, scenario)


def test_loader_progress_reaches_the_screen(result: CheckResult) -> None:
    seen: list[str] = []
    app = DriftApp(static_loader(result))

    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        seen.append(str(app.screen.query_one("#loading-message", Static).render()))

    drive(app, scenario)
    assert seen == ["reading the database catalog"]
