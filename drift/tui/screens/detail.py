"""The full-screen details of one finding (Enter), readable even in an 80x24 terminal."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

from drift.model import Finding
from drift.pipeline import CheckResult
from drift.tui.widgets.detail_pane import DetailPane


class FindingScreen(Screen[None]):
    """One finding over the whole terminal; Escape goes back to the list."""

    AUTO_FOCUS = None

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("y", "copy_fix", "Copy", tooltip="Copy the fix SQL of the finding to the clipboard"),
    ]

    def __init__(self, finding: Finding, result: CheckResult) -> None:
        super().__init__()
        self.finding = finding
        self.result = result

    def compose(self) -> ComposeResult:
        yield DetailPane(id="detail-full")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        pane = self.query_one(DetailPane)
        pane.show_finding(self.finding, self.result)
        pane.can_focus = True  # arrow keys and page up/down scroll a long definition
        pane.focus()

    def action_copy_fix(self) -> None:
        copy_fix(self, self.finding)


def copy_fix(screen: Screen[Any], finding: Finding | None) -> None:
    """Copy a finding's fix SQL to the clipboard (OSC 52) and say so."""
    if finding is None:
        screen.notify("No finding selected", severity="warning")
    elif not finding.fix:
        screen.notify("This finding has no fix SQL", severity="warning")
    else:
        screen.app.copy_to_clipboard(finding.fix)
        screen.notify("Fix SQL copied to the clipboard", title=finding.dotted_path)
