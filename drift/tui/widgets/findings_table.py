"""The findings table: severity, object, change, short message; sortable by any column.

A Line API widget rather than a DataTable: a DataTable measures every cell of every row it is given
(about a second for 10,000 findings), while this draws only the rows on screen, so filtering and
sorting 10,000 findings costs one list comprehension and one sort. Row N is `self.shown[N]`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from drift.model import Finding
from drift.tui.columns import (
    Widths,
    common_schema,
    cut,
    fit,
    headline,
    object_text,
    severity_text,
    shorten_middle,
)
from drift.tui.findings_view import (
    SORT_COLUMNS,
    FindingKey,
    SortColumn,
    change_label,
    finding_key,
    sort_findings,
    source_label,
)
from drift.tui.widgets.severity import STYLE

NEW_MARK = "NEW "
TITLES: dict[str, str] = {
    "severity": "Severity",
    "source": "Against",
    "object": "Object",
    "change": "Change",
    "message": "Message",
}
EMPTY = "No findings match the filter: Esc clears it."
NO_FINDINGS = "No findings: the database matches, and no health rule has advice."


@lru_cache(maxsize=16)
def _style(spec: str) -> Style:
    return Style.parse(spec)


class FindingsTable(ScrollView, can_focus=True):
    """Shows a list of findings; posts `Highlighted` as the cursor moves and `Chosen` on Enter."""

    BINDINGS = [
        Binding("enter", "choose", "Details", tooltip="Open the finding's details"),
        # Not in the footer (it must fit 80 columns); the help screen lists it, and a click on a
        # column heading sorts too.
        Binding("o", "cycle_sort", "Sort", show=False, tooltip="Sort by the next column"),
        *(
            Binding(str(n), f"sort_by('{col}')", f"Sort by {TITLES[col]}", show=False)
            for n, col in enumerate(SORT_COLUMNS, start=1)
        ),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "cursor_to(0)", "First", show=False),
        Binding("end", "cursor_to(-1)", "Last", show=False),
    ]

    COMPONENT_CLASSES = {
        "findings-table--header",
        "findings-table--cursor",
        "findings-table--even-row",
        "findings-table--new",
    }

    DEFAULT_CSS = """
    FindingsTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus { background-tint: $foreground 5%; }
        & > .findings-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .findings-table--even-row { background: $surface-lighten-1 50%; }
        &:dark > .findings-table--even-row { background: $surface-darken-1 40%; }
        & > .findings-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .findings-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .findings-table--new { text-style: bold reverse; }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor is on `finding` (None when the table is empty)."""

        def __init__(self, finding: Finding | None) -> None:
            self.finding = finding
            super().__init__()

    class Chosen(Message):
        """Enter, or a click on the row under the cursor: open its details."""

        def __init__(self, finding: Finding) -> None:
            self.finding = finding
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: list[Finding] = []
        self.new_keys: Collection[FindingKey] = frozenset()
        self.sort_column: SortColumn = "severity"
        self.sort_reverse = False
        self._findings: Sequence[Finding] = ()
        self._schema: str | None = None
        self.total = 0
        self._widths: tuple[int, ...] = Widths(9, 7, 6, 6, 7).as_tuple()

    # data -----------------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self.shown)

    @property
    def current(self) -> Finding | None:
        row = self.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def show(
        self,
        findings: Sequence[Finding],
        new_keys: Collection[FindingKey] = frozenset(),
        *,
        total: int | None = None,
    ) -> None:
        """Replace the rows, keeping the cursor on the same finding when it is still shown. `total`
        is how many findings there are before filtering (an empty table says which case it is)."""
        self._findings = findings
        self.total = len(findings) if total is None else total
        self.new_keys = new_keys
        self._rebuild()

    def _rebuild(self) -> None:
        keep = self.current
        self.shown = sort_findings(self._findings, self.sort_column, self.sort_reverse)
        self._measure()
        index = 0
        if keep is not None:
            target = finding_key(keep)
            index = next((i for i, f in enumerate(self.shown) if finding_key(f) == target), 0)
        self.refresh()
        self.cursor_row = index

    def _measure(self) -> None:
        """Fit the columns to the room the table has now (again on every resize)."""
        self._schema = common_schema(self._findings)
        titles = [self.title(c) + "  " for c in SORT_COLUMNS]  # room for the sort arrow
        mark = len(NEW_MARK) if self.new_keys else 0
        room = self.scrollable_content_region.width or self.size.width or 100
        widths = fit(self.shown, room, self._schema, titles, mark)
        self._widths = widths.as_tuple()
        self.virtual_size = Size(widths.total, len(self.shown) + 1)

    def on_resize(self) -> None:
        self._measure()
        self.refresh()

    def title(self, column: SortColumn) -> str:
        """A column's heading; the object column names the schema it leaves out of every row."""
        if column == "object" and self._schema is not None:
            return f"Object in {self._schema}"
        return TITLES[column]

    def is_new(self, finding: Finding) -> bool:
        return bool(self.new_keys) and finding_key(finding) in self.new_keys

    def cells(self, row: int) -> tuple[str, str, str, str, str]:
        """The plain text of a row as drawn, NEW mark included (for tests and copying)."""
        f = self.shown[row]
        mark = NEW_MARK if self.is_new(f) else ""
        return (
            severity_text(f),
            cut(source_label(f), self._widths[1]),
            mark + shorten_middle(object_text(f, self._schema), self._widths[2] - len(mark)),
            cut(change_label(f), self._widths[3]),
            cut(headline(f), self._widths[4]),
        )

    # drawing --------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            strip = self._header_strip()
        else:
            row = scroll_y + y - 1
            if row >= len(self.shown):
                if row == 0:  # an empty table says why, instead of showing nothing at all
                    text = EMPTY if self.total else NO_FINDINGS
                    return Strip([Segment(f" {text}", base + _style("italic"))]).crop_extend(0, width, base)
                return Strip.blank(width, base)
            strip = self._row_strip(row)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _header_strip(self) -> Strip:
        style = self.get_component_rich_style("findings-table--header")
        arrow = " ▼" if self.sort_reverse else " ▲"
        segments = []
        for column, width in zip(SORT_COLUMNS, self._widths, strict=True):
            title = cut(self.title(column), width - 2) + (arrow if column == self.sort_column else "")
            segments.append(Segment(f" {title.ljust(width)} ", style))
        return Strip(segments)

    def _row_strip(self, row: int) -> Strip:
        f = self.shown[row]
        at_cursor = row == self.cursor_row
        if at_cursor:
            style = self.get_component_rich_style("findings-table--cursor")
        elif row % 2:
            style = self.get_component_rich_style("findings-table--even-row")
        else:
            style = self.rich_style
        sev, source, obj, change, message = self.cells(row)
        w_sev, w_source, w_obj, w_change, w_message = self._widths
        sev_style = style if at_cursor else style + _style(STYLE[f.severity])
        segments = [
            Segment(f" {sev.ljust(w_sev)} ", sev_style),
            Segment(f" {source.ljust(w_source)} ", style),
        ]
        if obj.startswith(NEW_MARK) and self.is_new(f):
            new_style = style + self.get_component_rich_style("findings-table--new", partial=True)
            segments += [Segment(" ", style), Segment(NEW_MARK.rstrip(), new_style)]
            segments.append(Segment(" " + obj[len(NEW_MARK) :].ljust(w_obj - len(NEW_MARK)) + " ", style))
        else:
            segments.append(Segment(f" {obj.ljust(w_obj)} ", style))
        segments += [
            Segment(f" {change.ljust(w_change)} ", style),
            Segment(f" {message.ljust(w_message)} ", style),
        ]
        return Strip(segments)

    # cursor and keys ------------------------------------------------------------------------
    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self.shown) - 1)) if self.shown else 0

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_to_row(new)
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def _scroll_to_row(self, row: int) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False, immediate=True)

    def move_cursor(self, *, row: int) -> None:
        self.cursor_row = row

    def action_cursor(self, delta: int) -> None:
        self.cursor_row = self.cursor_row + delta

    def action_page(self, direction: int) -> None:
        self.cursor_row = self.cursor_row + direction * max(1, self.scrollable_content_region.height - 2)

    def action_cursor_to(self, row: int) -> None:
        self.cursor_row = row if row >= 0 else len(self.shown) - 1

    def action_choose(self) -> None:
        if (finding := self.current) is not None:
            self.post_message(self.Chosen(finding))

    def action_sort_by(self, column: str) -> None:
        chosen = next((c for c in SORT_COLUMNS if c == column), None)
        if chosen is None:
            return
        if chosen == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = chosen, False
        self._rebuild()

    def action_cycle_sort(self) -> None:
        """Next column ascending; after the last column, back to severity."""
        index = SORT_COLUMNS.index(self.sort_column)
        self.sort_column = SORT_COLUMNS[(index + 1) % len(SORT_COLUMNS)]
        self.sort_reverse = False
        self._rebuild()

    def column_at(self, x: int) -> SortColumn | None:
        """The column under content x (already including horizontal scroll)."""
        edge = 0
        for column, width in zip(SORT_COLUMNS, self._widths, strict=True):
            edge += width + 2
            if x < edge:
                return column
        return None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            column = self.column_at(offset.x + round(self.scroll_x))
            if column is not None:
                self.action_sort_by(column)
            return
        row = round(self.scroll_y) + offset.y - 1
        if 0 <= row < len(self.shown):
            if row == self.cursor_row:
                self.action_choose()
            else:
                self.cursor_row = row

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
