"""The detail pane: one finding or object, as expected / database / ORM see it, its fix and its usage."""

from __future__ import annotations

from rich.table import Table as RichTable
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Static, TextArea

from drift.model import Finding
from drift.pipeline import CheckResult
from drift.tui.objects import describe_object, find_object, format_value, three_way, value_in
from drift.tui.usage import stats_note, usage_rows
from drift.tui.widgets.object_tree import NodeRef
from drift.tui.widgets.severity import GLYPH, STYLE

NO_FIX = "-- no fix SQL for this finding"


def _usage_table(rows: list[tuple[str, str]]) -> RichTable:
    grid = RichTable.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    for name, value in rows:
        grid.add_row(name, value)
    return grid


class DetailPane(VerticalScroll):
    """Shows whatever was last highlighted: a finding in the table or an object in the tree."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.finding: Finding | None = None
        self.usage: list[tuple[str, str]] = []
        self.can_focus = False

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title")
        with Horizontal(id="values"):
            for key, title in (("expected", "Expected schema"), ("database", "Database"), ("orm", "Model")):
                with Vertical(classes="value-col"):
                    yield Label(title, classes="value-title")
                    yield Static(id=f"value-{key}", classes="value", markup=False)
        yield Static(id="evidence", markup=False)
        yield Label("Fix SQL [dim](y copies)[/]", classes="section-title")
        yield TextArea(NO_FIX, id="fix", read_only=True, soft_wrap=True, show_line_numbers=False)
        yield Label("Usage", classes="section-title")
        yield Static(id="usage")

    def _set_values(self, expected: str, database: str, orm: str) -> None:
        for key, value in (("expected", expected), ("database", database), ("orm", orm)):
            self.query_one(f"#value-{key}", Static).update(Text(value))

    def _set_usage(self, result: CheckResult, path: tuple[str, ...], index: str | None) -> None:
        stats = result.snapshot.stats
        rows = self.usage = usage_rows(stats, path, highlight_index=index)
        usage = self.query_one("#usage", Static)
        if rows:
            usage.update(_usage_table([*rows, ("", stats_note(stats))]))
        else:
            usage.update(Text("no usage statistics for this object", style="dim"))

    def show_finding(self, finding: Finding | None, result: CheckResult | None) -> None:
        self.finding = finding
        title = self.query_one("#detail-title", Static)
        evidence = self.query_one("#evidence", Static)
        fix = self.query_one("#fix", TextArea)
        if finding is None or result is None:
            title.update(Text("No finding selected", style="dim"))
            self._set_values("", "", "")
            evidence.display = False
            fix.load_text(NO_FIX)
            self.usage = []
            self.query_one("#usage", Static).update("")
            return
        head = Text.assemble(
            (f"{GLYPH[finding.severity]} {finding.severity}", STYLE[finding.severity]),
            "  ",
            (finding.dotted_path, "bold"),
            "  ",
            (f"{finding.object_type} · {finding.rule}", "dim"),
            "\n",
            finding.message,
        )
        title.update(head)
        self._set_values(*three_way(finding, result.expected, result.snapshot.catalog, result.orm))
        if finding.evidence:
            evidence.update(Text("evidence\n", style="bold") + Text(format_value(finding.evidence)))
            evidence.display = True
        else:
            evidence.display = False
        fix.load_text(finding.fix or NO_FIX)
        index = finding.path[2] if finding.object_type == "index" and len(finding.path) > 2 else None
        self._set_usage(result, finding.path, index)

    def show_object(self, ref: NodeRef, result: CheckResult | None) -> None:
        """An object from the tree: its definition in each source, and its usage."""
        self.finding = None
        if result is None:
            return
        title = self.query_one("#detail-title", Static)
        self.query_one("#evidence", Static).display = False
        self.query_one("#fix", TextArea).load_text(NO_FIX)
        db = result.snapshot.catalog
        if ref.kind in ("database", "group"):
            name = db.database or "database"
            where = ".".join(ref.path) or name
            title.update(Text.assemble((ref.group or "database", "bold"), "  ", (where, "dim")))
            scope = find_object(db, "schema", ref.path) if ref.path else db
            self._set_values("", describe_object(scope) if scope is not None else "", "")
            self.usage = []
            self.query_one("#usage", Static).update("")
            return
        title.update(Text.assemble((".".join(ref.path), "bold"), "  ", (ref.kind, "dim")))
        self._set_values(
            value_in(result.expected, ref.kind, ref.path, None),
            value_in(db, ref.kind, ref.path, None),
            value_in(result.orm, ref.kind, ref.path, None),
        )
        index = ref.path[2] if ref.kind == "index" and len(ref.path) > 2 else None
        self._set_usage(result, ref.path, index)
