"""The one-line header: database, server version, connection state and the finding counts."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from drift.model import Report
from drift.tui.widgets.severity import GLYPH, STYLE

ConnectionState = Literal["connecting", "connected", "refreshing", "error"]
_STATE_STYLE: dict[str, tuple[str, str]] = {
    "connecting": ("◌ connecting", "italic"),
    "connected": ("✓ connected", "#3aa655"),  # not '●', which marks info findings on the same line
    "refreshing": ("◌ refreshing", "italic"),
    "error": ("✖ not connected", "#e0443e"),
}


class StatusHeader(Static):
    """Header bar. Set `state`, `database`, `server_version` and `report`; it redraws itself."""

    state: reactive[ConnectionState] = reactive("connecting")
    database: reactive[str] = reactive("")
    server_version: reactive[str] = reactive("")
    progress: reactive[str] = reactive("")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.report: Report | None = None

    def set_report(self, report: Report | None) -> None:
        self.report = report
        self.refresh_line()

    def watch_state(self) -> None:
        self.refresh_line()

    def watch_database(self) -> None:
        self.refresh_line()

    def watch_server_version(self) -> None:
        self.refresh_line()

    def watch_progress(self) -> None:
        self.refresh_line()

    def refresh_line(self) -> None:
        line = Text.assemble((" drift ", "bold reverse"), " ")
        line.append(self.database or "(database)", style="bold")
        if self.server_version:
            line.append(f"  PostgreSQL {self.server_version}", style="dim")
        text, style = _STATE_STYLE[self.state]
        line.append("  ")
        line.append(text, style=style)
        if self.progress and self.state in ("connecting", "refreshing"):
            line.append(f": {self.progress}", style="italic dim")
        if self.report is not None and self.state not in ("connecting",):
            s = self.report.summary
            line.append("   ")
            for sev, count in (("error", s.error), ("warning", s.warning), ("info", s.info)):
                line.append(f"{GLYPH[sev]} {count} ", style=STYLE[sev] if count else "dim")
        self.update(line)
