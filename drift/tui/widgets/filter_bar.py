"""The filter line: a text box that opens with `/`, and what the findings are narrowed to."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from drift.tui.findings_view import FindingFilter


class FilterInput(Input):
    """Enter applies the text (Input.Submitted); Escape clears it and gives focus back."""

    BINDINGS = [Binding("escape", "clear_filter", "Clear filter")]

    class Cleared(Message):
        """The user pressed Escape in the filter box."""

    def action_clear_filter(self) -> None:
        self.value = ""
        self.post_message(self.Cleared())


class FilterBar(Horizontal):
    """Holds the filter box (shown while typing or while a text filter is on) and the summary."""

    def compose(self) -> ComposeResult:
        yield FilterInput(
            placeholder="filter: words in path, rule or message; Enter applies, Esc clears", id="filter-input"
        )
        yield Static(id="filter-summary", markup=False)

    def on_mount(self) -> None:
        self.query_one(FilterInput).display = False

    def open(self, text: str) -> None:
        box = self.query_one(FilterInput)
        box.value = text
        box.display = True
        box.focus()

    def close(self, keep_visible: bool) -> None:
        self.query_one(FilterInput).display = keep_visible

    def set_summary(self, flt: FindingFilter, shown: int, total: int) -> None:
        self.query_one("#filter-summary", Static).update(f"{shown}/{total} shown · {flt.describe()}")

    @on(Input.Changed)
    def _ignore_changes(self, event: Input.Changed) -> None:
        event.stop()  # filtering waits for Enter
