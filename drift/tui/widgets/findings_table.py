"""The findings table: severity, object, change, short message; sortable by any column.

Rows are rebuilt in one `clear()` + `add_rows()` from a list filtered and sorted in Python, which
keeps 10,000 findings responsive. Rows have no keys: row N is `self.shown[N]`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from drift.model import Finding
from drift.tui.findings_view import (
    SORT_COLUMNS,
    FindingKey,
    SortColumn,
    change_label,
    finding_key,
    sort_findings,
)
from drift.tui.widgets.severity import severity_cell

MESSAGE_WIDTH = 80
OBJECT_WIDTH = 40
CHANGE_WIDTH = 22
_TITLES: dict[str, str] = {
    "severity": "Sev",
    "object": "Object",
    "change": "Change",
    "message": "Message",
}
NEW_STYLE = "bold reverse"


def _short(text: str, width: int) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def _short_left(text: str, width: int) -> str:
    """Keep the end of a dotted path (the specific part) when it is too long."""
    return text if len(text) <= width else "…" + text[-(width - 1) :]


class FindingsTable(DataTable[Text | str]):
    """Shows a list of findings; posts `FindingsTable.Highlighted` as the cursor moves."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Details", tooltip="Open the finding's details"),
        Binding("o", "cycle_sort", "Sort", tooltip="Sort by the next column (again to reverse)"),
        *(
            Binding(str(n), f"sort_by('{col}')", f"Sort by {col}", show=False)
            for n, col in enumerate(SORT_COLUMNS, start=1)
        ),
    ]

    class Highlighted(Message):
        """The cursor is on `finding` (None when the table is empty)."""

        def __init__(self, finding: Finding | None) -> None:
            self.finding = finding
            super().__init__()

    class Chosen(Message):
        """Enter or a click on a row: open its details."""

        def __init__(self, finding: Finding) -> None:
            self.finding = finding
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.shown: list[Finding] = []
        self.new_keys: Collection[FindingKey] = frozenset()
        self.sort_column: SortColumn = "severity"
        self.sort_reverse = False
        self._findings: Sequence[Finding] = ()

    def on_mount(self) -> None:
        self.add_columns(*((_TITLES[c], c) for c in SORT_COLUMNS))
        self._update_titles()

    @property
    def current(self) -> Finding | None:
        row = self.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def show(self, findings: Sequence[Finding], new_keys: Collection[FindingKey] = frozenset()) -> None:
        """Replace the rows, keeping the cursor on the same finding when it is still shown."""
        self._findings = findings
        self.new_keys = new_keys
        self._render_rows()

    def _render_rows(self) -> None:
        keep = self.current
        self.shown = sort_findings(self._findings, self.sort_column, self.sort_reverse)
        self.clear()
        self.add_rows(self._row(f) for f in self.shown)
        if keep is not None and self.shown:
            target = finding_key(keep)
            index = next((i for i, f in enumerate(self.shown) if finding_key(f) == target), 0)
            self.move_cursor(row=index, animate=False, scroll=True)
        self.post_message(self.Highlighted(self.current))

    def _row(self, f: Finding) -> tuple[Text | str, ...]:
        path = _short_left(f.dotted_path, OBJECT_WIDTH)
        obj: Text | str = path
        if self.new_keys and finding_key(f) in self.new_keys:
            obj = Text.assemble(("NEW", NEW_STYLE), " ", path)
        change = _short(change_label(f), CHANGE_WIDTH)
        return (severity_cell(f.severity), obj, change, _short(f.message, MESSAGE_WIDTH))

    def _update_titles(self) -> None:
        arrow = " ▼" if self.sort_reverse else " ▲"
        for col_key, column in self.columns.items():
            name = str(col_key.value)
            title = _TITLES.get(name, name)
            column.label = Text(title + (arrow if name == self.sort_column else ""))
        self.refresh()

    def action_sort_by(self, column: str) -> None:
        chosen = next((c for c in SORT_COLUMNS if c == column), None)
        if chosen is None:
            return
        if chosen == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = chosen, False
        self._update_titles()
        self._render_rows()

    def action_cycle_sort(self) -> None:
        """Next column ascending; on the last column, back to severity."""
        index = SORT_COLUMNS.index(self.sort_column)
        self.sort_column = SORT_COLUMNS[(index + 1) % len(SORT_COLUMNS)]
        self.sort_reverse = False
        self._update_titles()
        self._render_rows()

    @on(DataTable.HeaderSelected)
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.action_sort_by(str(event.column_key.value))

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(self.current))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if (finding := self.current) is not None:
            self.post_message(self.Chosen(finding))
