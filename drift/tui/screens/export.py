"""The `e` dialog: where to write the visible findings, and as JSON or Markdown."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from drift.tui.export import EXTENSIONS, ExportFormat, default_path


@dataclass(frozen=True)
class ExportRequest:
    path: Path
    fmt: ExportFormat


class ExportDialog(ModalScreen[ExportRequest | None]):
    """Asks for a path and a format; Enter exports, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.fmt: ExportFormat = "json"

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box") as box:
            box.border_title = f"Export {self.count} finding{'s' if self.count != 1 else ''}"
            yield Label("File (relative to the current directory):")
            yield Input(default_path("json"), id="export-path")
            with RadioSet(id="export-format"):
                yield RadioButton("JSON", value=True, id="fmt-json")
                yield RadioButton("Markdown", id="fmt-markdown")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-ok")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(RadioSet.Changed)
    def _format_changed(self, event: RadioSet.Changed) -> None:
        new: ExportFormat = "markdown" if event.pressed.id == "fmt-markdown" else "json"
        box = self.query_one("#export-path", Input)
        old_ext, new_ext = EXTENSIONS[self.fmt], EXTENSIONS[new]
        if box.value.endswith(old_ext):
            box.value = box.value[: -len(old_ext)] + new_ext
        self.fmt = new

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-ok")
    def _submit(self) -> None:
        value = self.query_one("#export-path", Input).value.strip()
        if not value:
            self.notify("Give a file name", severity="warning")
            return
        self.dismiss(ExportRequest(Path(value), self.fmt))

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
