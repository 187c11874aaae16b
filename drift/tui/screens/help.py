"""The `?` screen: every key binding, generated from the bindings themselves so it cannot go stale."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table as RichTable
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HelpSection = tuple[str, Sequence[tuple[str, str]]]

MOUSE_ROWS: tuple[tuple[str, str], ...] = (
    ("click", "select a tree node, a finding, or a column header (sorts)"),
    ("wheel", "scroll the pane under the pointer"),
    ("tab / shift+tab", "move the focus: tree, findings, fix SQL, filter box"),
)


class HelpScreen(ModalScreen[None]):
    """A modal table of keys; any of escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def __init__(self, sections: Sequence[HelpSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        table = RichTable(box=None, show_header=False, padding=(0, 2), expand=True)
        table.add_column("key", style="bold", no_wrap=True, width=16)
        table.add_column("what it does", ratio=1)
        for title, rows in self.sections:
            table.add_row(f"[b u]{title}[/]", "")
            for key, description in rows:
                table.add_row(key, description)
            table.add_row("", "")
        with VerticalScroll(id="help-box") as box:
            box.border_title = "drift keys"
            box.border_subtitle = "esc closes"
            yield Static(table, id="help-table")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
