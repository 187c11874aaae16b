"""The TUI against a real PostgreSQL: the Renexus example, its expected schema, then drift made by hand.

The expected schema is written from the database before it drifts (as `drift init` would), then the
tests ALTER the database and drive the app with a pilot, through the real `run_check` loader.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import psycopg
import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from tui_helpers import drive, settle

from drift.config import DriftConfig
from drift.tui import DriftApp, check_loader
from drift.tui.findings_view import finding_key
from drift.tui.screens.main import MainScreen
from drift.tui.widgets.detail_pane import DetailPane
from drift.tui.widgets.findings_table import FindingsTable
from drift.tui.widgets.status_header import StatusHeader

ORM_TARGET = "drift.examples.renexus_models:Base"
Conn = psycopg.Connection[tuple[Any, ...]]


@pytest.fixture
def expected_dir(renexus_dsn: str, tmp_path: Path) -> Path:
    from drift.catalog import reflect
    from drift.sources.expected import write_expected

    target = tmp_path / "expected_schema"
    write_expected(reflect(renexus_dsn, with_stats=False).catalog, target)
    return target


@pytest.fixture
def drifted(renexus_dsn: str, expected_dir: Path, pg_conn: Conn) -> DriftConfig:
    pg_conn.execute("ALTER TABLE content ADD COLUMN hotfix_retry_count integer DEFAULT 0")
    pg_conn.execute("ALTER TABLE users ALTER COLUMN first_name TYPE varchar(120)")
    return DriftConfig(dsn=renexus_dsn, expected=expected_dir, advice=False)


def paths(app: DriftApp) -> list[str]:
    return [f.dotted_path for f in app.screen.query_one(FindingsTable).shown]


def test_live_findings_filter_details_and_quit(drifted: DriftConfig) -> None:
    app = DriftApp(check_loader(drifted))

    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        header = app.screen.query_one(StatusHeader)
        assert header.state == "connected" and header.server_version
        shown = paths(app)
        assert "public.content.hotfix_retry_count" in shown
        assert "public.users.first_name" in shown

        await pilot.press("slash", *"first_name", "enter")
        assert paths(app) == ["public.users.first_name"]
        pane = app.screen.query_one(DetailPane)
        expected, database, orm = (
            str(pane.query_one(f"#value-{k}", Static).render()) for k in ("expected", "database", "orm")
        )
        assert expected == "character varying"
        assert database == "character varying(120)"
        assert orm == "(no source)"
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running

    drive(app, scenario)


def test_r_picks_up_an_alter_made_after_start(drifted: DriftConfig, pg_conn: Conn) -> None:
    app = DriftApp(check_loader(drifted))

    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        assert "public.projects.archived_note" not in paths(app)
        pg_conn.execute("ALTER TABLE projects ADD COLUMN archived_note text")
        await pilot.press("r")
        await settle(app, pilot)
        assert "public.projects.archived_note" in paths(app)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.delta is not None
        new = [
            f.dotted_path
            for f in app.screen.query_one(FindingsTable).shown
            if finding_key(f) in screen.delta.new
        ]
        assert new == ["public.projects.archived_note"]

    drive(app, scenario)


def test_an_unreachable_server_is_a_message(tmp_path: Path) -> None:
    config = DriftConfig(
        dsn="postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", expected=None, advice=False
    )
    app = DriftApp(check_loader(config))

    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        panel = app.screen.query_one("#error-panel", Static)
        assert panel.display
        text = str(panel.render())
        assert "127.0.0.1" in text or "connect" in text
        assert "Traceback" not in text
        assert app.screen.query_one(StatusHeader).state == "error"

    drive(app, scenario)


def test_a_bad_expected_file_is_a_message(renexus_dsn: str, tmp_path: Path) -> None:
    bad = tmp_path / "expected_schema"
    bad.mkdir()
    (bad / "public.yaml").write_text("tables: [this is: not valid\n", encoding="utf-8")
    app = DriftApp(check_loader(DriftConfig(dsn=renexus_dsn, expected=bad, advice=False)))

    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        panel = app.screen.query_one("#error-panel", Static)
        assert panel.display
        assert "public.yaml" in str(panel.render())

    drive(app, scenario)


@pytest.mark.skipif(
    importlib.util.find_spec("drift.examples") is None, reason="Renexus ORM models not present"
)
def test_three_values_with_the_orm(drifted: DriftConfig) -> None:
    config = drifted.model_copy(update={"orm": ORM_TARGET})
    app = DriftApp(check_loader(config))

    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"first_name", "enter")
        pane = app.screen.query_one(DetailPane)
        orm = str(pane.query_one("#value-orm", Static).render())
        assert orm not in ("(no source)", "")

    drive(app, scenario)
