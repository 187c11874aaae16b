"""The cockpit: object tree, findings table and detail pane, fed by a loader running in a worker.

Loading is a blocking call (psycopg), so a worker runs it in a daemon thread; its progress messages
come back through the event loop, its result (or its one-line error) through `Worker.StateChanged`. The
screen keeps showing the previous load while a refresh runs, then marks what is new.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, LoadingIndicator, Static, Tree
from textual.worker import Worker, WorkerState

from drift.errors import DriftError
from drift.model import Finding, Severity
from drift.pipeline import CheckResult
from drift.tui.columns import headline
from drift.tui.export import export_findings
from drift.tui.findings_view import FindingFilter, FindingIndex, LoadDelta, compare_loads, worst_by_prefix
from drift.tui.loading import Loader
from drift.tui.screens.detail import FindingScreen, copy_fix
from drift.tui.screens.export import ExportDialog, ExportRequest
from drift.tui.widgets.detail_pane import DetailPane
from drift.tui.widgets.filter_bar import FilterBar, FilterInput
from drift.tui.widgets.findings_table import FindingsTable
from drift.tui.widgets.object_tree import NodeRef, ObjectTree
from drift.tui.widgets.status_header import StatusHeader


@dataclass(frozen=True)
class LoadOutcome:
    """What a load worker hands back: a result ready to show, or the one-line reason there is none.

    The indexing, the comparison with the previous load and the tree badges are computed in the
    worker thread too, so the UI thread only draws.
    """

    result: CheckResult | None = None
    error: str | None = None
    index: FindingIndex = field(default_factory=FindingIndex)
    worst: dict[tuple[str, ...], Severity] = field(default_factory=dict)
    delta: LoadDelta | None = None


def one_line(exc: BaseException) -> str:
    """An exception as one readable line (DriftErrors are written that way already)."""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else ""
    if isinstance(exc, DriftError):
        return first or type(exc).__name__
    return f"unexpected {type(exc).__name__}: {first}" if first else f"unexpected {type(exc).__name__}"


NARROW = 100  # below this many columns the object tree starts hidden (b shows it)


class MainScreen(Screen[None]):
    """Tree | findings over details. All state for one database session lives here."""

    BINDINGS = [
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            tooltip="Filter by words in the path, rule or message",
        ),
        Binding("s", "cycle_severity", "Severity", tooltip="Show all / errors / warnings / info"),
        Binding("c", "cycle_category", "Category", tooltip="Show all / drift / advice"),
        Binding("r", "reload", "Reload", tooltip="Read the live database again now"),
        Binding("y", "copy_fix", "Copy", tooltip="Copy the fix SQL of the finding to the clipboard"),
        Binding("e", "export", "Export", tooltip="Write the findings shown to a JSON or Markdown file"),
        Binding(
            "b",
            "toggle_tree",
            "Tree",
            show=False,
            tooltip="Hide or show the object tree (hidden at first below 100 columns)",
        ),
        Binding(
            "escape",
            "clear",
            "Clear",
            show=False,
            tooltip="Leave the tree selection, then clear every filter",
        ),
    ]

    def __init__(self, loader: Loader, *, watch: float | None = None) -> None:
        super().__init__()
        self.loader = loader
        self.watch_interval = watch
        self.result: CheckResult | None = None
        self.index = FindingIndex()
        self.filter = FindingFilter()
        self.delta: LoadDelta | None = None
        self.loading = False
        self.loads = 0
        self._asked = False

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="status")
        with Horizontal(id="body"):
            yield ObjectTree(id="tree")
            with Vertical(id="main"):
                yield Static(id="error-panel", markup=False)
                yield FilterBar(id="filter-bar")
                with Vertical(id="loading"):
                    yield LoadingIndicator()
                    yield Static("Reading the database…", id="loading-message", markup=False)
                yield FindingsTable(id="findings")
                yield DetailPane(id="detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#error-panel").display = False
        if self.app.size.width < NARROW:  # the findings need the room more than the tree does
            self.query_one(ObjectTree).display = False
        self.query_one(FindingsTable).focus()
        self.action_reload()
        if self.watch_interval:
            self.set_interval(self.watch_interval, self._auto_reload, name="watch")

    # loading --------------------------------------------------------------------------------
    def action_reload(self) -> None:
        self._asked = self.result is not None  # a reload the user asked for always says how it went
        self._reload()

    def _reload(self) -> None:
        if self.loading:
            self.notify("Already loading", severity="warning", timeout=2)
            return
        self.loading = True
        header = self.query_one(StatusHeader)
        header.state = "refreshing" if self.result is not None else "connecting"
        header.progress = ""
        first = self.result is None
        self.query_one("#loading").display = first
        self.query_one(FindingsTable).display = not first
        self.query_one(DetailPane).display = not first
        self._load()

    def _auto_reload(self) -> None:
        if not self.loading:
            self._reload()

    @work(exclusive=True, group="load", exit_on_error=False)
    async def _load(self) -> LoadOutcome:
        """Run the blocking loader in a daemon thread and wait for it without blocking the UI.

        A daemon thread rather than a thread worker: quitting in the middle of a long reflection
        must not wait for the last catalog query to finish before the command returns.
        """
        loop = asyncio.get_running_loop()
        done: asyncio.Future[LoadOutcome] = loop.create_future()

        def deliver(outcome: LoadOutcome) -> None:
            if not done.done():
                done.set_result(outcome)

        def run() -> None:
            outcome = self._run_loader(loop)
            with contextlib.suppress(RuntimeError):  # the app has already closed its loop
                loop.call_soon_threadsafe(deliver, outcome)

        threading.Thread(target=run, name="drift-load", daemon=True).start()
        return await done

    def _run_loader(self, loop: asyncio.AbstractEventLoop) -> LoadOutcome:
        """In the load thread: run the check, then index it for display."""

        def progress(message: str) -> None:
            with contextlib.suppress(RuntimeError):  # the app may be shutting down
                loop.call_soon_threadsafe(self._show_progress, message)

        try:
            result = self.loader(progress)
        except Exception as exc:  # every failure becomes a readable line, never a traceback
            return LoadOutcome(error=one_line(exc))
        findings = result.report.findings
        for f in findings:
            headline(f)  # measured on every filter: work it out here, off the UI thread
        previous = self.result  # only replaced on the UI thread, after this worker has ended
        return LoadOutcome(
            result=result,
            index=FindingIndex(findings),
            worst=worst_by_prefix(findings),
            delta=compare_loads(previous.report.findings, findings) if previous is not None else None,
        )

    def _show_progress(self, message: str) -> None:
        self.query_one(StatusHeader).progress = message
        self.query_one("#loading-message", Static).update(message)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "load" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            return
        self.loading = False
        outcome = event.worker.result
        if event.state == WorkerState.SUCCESS and isinstance(outcome, LoadOutcome) and outcome.result:
            self._loaded(outcome)
        else:
            error = outcome.error if isinstance(outcome, LoadOutcome) else None
            self._failed(error or one_line(event.worker.error or RuntimeError("load cancelled")))

    def _loaded(self, outcome: LoadOutcome) -> None:
        assert outcome.result is not None
        result = self.result = outcome.result
        self.loads += 1
        self.delta = outcome.delta
        if self.delta is not None and (not self.delta.empty or self._asked):
            self.notify(
                self.delta.describe() if not self.delta.empty else "Nothing changed", title="Reloaded"
            )
        self._asked = False
        catalog, report = result.snapshot.catalog, result.report
        header = self.query_one(StatusHeader)
        header.database = catalog.database or report.target.database or ""
        header.server_version = catalog.server_version or report.target.server_version or ""
        header.state = "connected"
        header.set_report(report)
        self.query_one("#error-panel").display = False
        self.query_one("#loading").display = False
        table = self.query_one(FindingsTable)
        table.display = True
        self.query_one(DetailPane).display = True
        self.index = outcome.index
        self.query_one(ObjectTree).show(catalog, report.findings, outcome.worst)
        self.apply_filter()

    def _failed(self, message: str) -> None:
        header = self.query_one(StatusHeader)
        header.state = "error"
        panel = self.query_one("#error-panel", Static)
        panel.update(Text.assemble(("✖ ", "bold"), message, ("   r retries", "dim")))
        panel.display = True
        self.query_one("#loading").display = False
        if self.result is not None:  # keep showing the last good load
            self.query_one(FindingsTable).display = True
            self.query_one(DetailPane).display = True
        self.notify(message, title="Could not load", severity="error", timeout=8)

    # filtering ------------------------------------------------------------------------------
    def apply_filter(self) -> None:
        shown = self.index.select(self.filter)
        new = self.delta.new if self.delta is not None else frozenset()
        self.query_one(FindingsTable).show(shown, new, total=len(self.index.findings))
        self.query_one(FilterBar).set_summary(self.filter, len(shown), len(self.index.findings))

    def _set_filter(self, flt: FindingFilter) -> None:
        self.filter = flt
        self.apply_filter()

    def action_filter(self) -> None:
        self.query_one(FilterBar).open(self.filter.text)

    @on(Input.Submitted, "#filter-input")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._set_filter(
            FindingFilter(event.value.strip(), self.filter.severity, self.filter.category, self.filter.scope)
        )
        self.query_one(FilterBar).close(keep_visible=bool(self.filter.text))
        self.query_one(FindingsTable).focus()

    @on(FilterInput.Cleared)
    def _filter_cleared(self) -> None:
        self._set_filter(FindingFilter("", self.filter.severity, self.filter.category, self.filter.scope))
        self.query_one(FilterBar).close(keep_visible=False)
        self.query_one(FindingsTable).focus()

    def action_cycle_severity(self) -> None:
        self._set_filter(self.filter.next_severity())

    def action_cycle_category(self) -> None:
        self._set_filter(self.filter.next_category())

    def action_clear(self) -> None:
        if self.filter.scope:
            self._set_filter(FindingFilter(self.filter.text, self.filter.severity, self.filter.category))
        elif self.filter != FindingFilter():
            self._set_filter(FindingFilter())
            self.query_one(FilterBar).close(keep_visible=False)

    # selection ------------------------------------------------------------------------------
    @on(FindingsTable.Highlighted)
    def _finding_highlighted(self, event: FindingsTable.Highlighted) -> None:
        if self.result is not None:
            self.query_one(DetailPane).show_finding(event.finding, self.result)

    @on(FindingsTable.Chosen)
    def _finding_chosen(self, event: FindingsTable.Chosen) -> None:
        if self.result is not None:
            self.app.push_screen(FindingScreen(event.finding, self.result))

    @on(Tree.NodeHighlighted, "#tree")
    def _node_highlighted(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        if event.node.data is not None and self.result is not None:
            self.query_one(DetailPane).show_object(event.node.data, self.result)

    @on(Tree.NodeSelected, "#tree")
    def _node_selected(self, event: Tree.NodeSelected[NodeRef]) -> None:
        ref = event.node.data
        if ref is None:
            return
        self._set_filter(
            FindingFilter(self.filter.text, self.filter.severity, self.filter.category, ref.path)
        )

    def action_toggle_tree(self) -> None:
        tree = self.query_one(ObjectTree)
        tree.display = not tree.display
        if not tree.display and tree.has_focus:
            self.query_one(FindingsTable).focus()

    # acting ---------------------------------------------------------------------------------
    def current_finding(self) -> Finding | None:
        return self.query_one(FindingsTable).current

    def action_copy_fix(self) -> None:
        copy_fix(self, self.current_finding())

    def action_export(self) -> None:
        if self.result is None:
            self.notify("Nothing loaded yet", severity="warning")
            return
        shown = list(self.query_one(FindingsTable).shown)
        self.app.push_screen(ExportDialog(len(shown)), lambda req: self._export(req, shown))

    def _export(self, request: ExportRequest | None, findings: list[Finding]) -> None:
        if request is None or self.result is None:
            return
        try:
            path = export_findings(self.result.report, findings, request.path, request.fmt)
        except DriftError as exc:
            self.notify(str(exc), title="Export failed", severity="error")
            return
        self.notify(f"{len(findings)} findings written to {Path(path).resolve()}", title="Exported")
