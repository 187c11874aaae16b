"""Ctrl-C quits the TUI, as in every terminal program."""

from __future__ import annotations

import asyncio

from drift.tui import DriftApp
from tests.tui.tui_helpers import static_loader
from tests.tui.tui_sample import make_result


def test_ctrl_c_quits() -> None:
    async def run() -> bool:
        app = DriftApp(static_loader(make_result()))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+c")
            await pilot.pause()
            return app.is_running

    assert asyncio.run(run()) is False
