"""The Textual application: themes, global keys and the help screen; the cockpit is `MainScreen`."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from drift.config import DriftConfig
from drift.tui.loading import Loader, check_loader
from drift.tui.screens.help import MOUSE_ROWS, HelpScreen, HelpSection
from drift.tui.screens.main import MainScreen
from drift.tui.widgets.filter_bar import FilterInput
from drift.tui.widgets.findings_table import FindingsTable

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


class DriftApp(App[None]):
    """`DriftApp(loader).run()`; the loader runs the check (see drift.tui.loading)."""

    CSS_PATH = "drift.tcss"
    TITLE = "drift"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("t", "toggle_theme", "Theme", show=False, tooltip="Switch between the light and dark themes"),
        Binding("q", "quit", "Quit"),
        # Ctrl-C quits too, as in every terminal program (Textual's default only hints at ctrl+q).
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, loader: Loader, *, watch: float | None = None, theme: str = DARK_THEME) -> None:
        super().__init__()
        self.loader = loader
        self.watch_interval = watch
        self.theme = theme

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.loader, watch=self.watch_interval)

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def help_sections(self) -> list[HelpSection]:
        """Every binding of the app, the cockpit, the findings table and the filter box."""

        def rows(bindings: list[Binding]) -> list[tuple[str, str]]:
            return [(self.get_key_display(b), sentence(b.tooltip or b.description)) for b in bindings]

        def sentence(text: str) -> str:
            return text[:1].upper() + text[1:]

        def bindings(declared: Sequence[object]) -> list[Binding]:
            return [b for b in declared if isinstance(b, Binding)]

        tree = [
            ("enter / click", "Show only the findings under this object"),
            ("space", "Expand or collapse"),
        ]
        return [
            ("Findings", rows(bindings(MainScreen.BINDINGS) + bindings(FindingsTable.BINDINGS))),
            ("Filter box", [("enter", "Apply the text filter"), *rows(bindings(FilterInput.BINDINGS))]),
            ("Tree", tree),
            (
                "Anywhere",
                [*rows(bindings(self.BINDINGS)), ("ctrl+p", "Command palette (themes, keys, quit)")],
            ),
            ("Mouse and focus", [(key, sentence(what)) for key, what in MOUSE_ROWS]),
        ]

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))


def run_tui(config: DriftConfig, *, watch: float | None = None) -> None:
    """Open the TUI on the database `config` names; returns when the user quits."""
    DriftApp(check_loader(config), watch=watch).run()
