"""SVG snapshots of the main screens at 100x30 (and the cockpit at 80x24), from the hand-built result.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update` and look
at the pictures (pytest-textual-snapshot writes a report on failure).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from tui_helpers import static_loader
from tui_sample import make_result

from drift.tui import DriftApp

SnapCompare = Callable[..., bool]


async def _loaded(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def _app() -> DriftApp:
    return DriftApp(static_loader(make_result()))


def test_main_screen(snap_compare: SnapCompare) -> None:
    assert snap_compare(_app(), terminal_size=(100, 30), run_before=_loaded)


def test_main_screen_small_terminal(snap_compare: SnapCompare) -> None:
    assert snap_compare(_app(), terminal_size=(80, 24), run_before=_loaded)


def test_main_screen_light_theme_filtered(snap_compare: SnapCompare) -> None:
    assert snap_compare(_app(), terminal_size=(100, 30), run_before=_loaded, press=["t", "s", "down", "down"])


def test_help_screen(snap_compare: SnapCompare) -> None:
    assert snap_compare(_app(), terminal_size=(100, 30), run_before=_loaded, press=["question_mark"])


def test_finding_details_screen(snap_compare: SnapCompare) -> None:
    assert snap_compare(_app(), terminal_size=(100, 30), run_before=_loaded, press=["down", "down", "enter"])
