"""The findings table's layout at real terminal sizes: columns fitted to the room, names shortened
where they can spare it, the tree out of the way on small terminals, and words the reports use."""

from __future__ import annotations

import time

from textual.pilot import Pilot
from tui_helpers import drive, sequence_loader, settle
from tui_sample import findings, make_result

from drift.model import Finding
from drift.tui import DriftApp
from drift.tui.columns import PAD, common_schema, fit, headline, object_text, shorten_middle
from drift.tui.findings_view import source_label
from drift.tui.widgets.findings_table import FindingsTable
from drift.tui.widgets.object_tree import ObjectTree

TITLES = ("Severity  ", "Against  ", "Object  ", "Change  ", "Message  ")
LONG_FK = "content_metrics.content_metrics_content_id_content_id_fk"


def _finding(path: tuple[str, ...], message: str, rule: str = "fk-without-index") -> Finding:
    return Finding.model_validate(
        {
            "category": "advice",
            "rule": rule,
            "severity": "warning",
            "object_type": "foreign_key",
            "path": path,
            "message": message,
        }
    )


def _long() -> list[Finding]:
    return [
        _finding(
            ("public", *LONG_FK.split(".")),
            f"Foreign key {LONG_FK.split('.')[1]} on public.content_metrics (content_id) has no valid index "
            "leading with its columns: every DELETE on public.content scans public.content_metrics.",
        ),
        _finding(
            ("public", "users", "users_org_fk"), "Foreign key users_org_fk on public.users (org) is odd."
        ),
    ]


def test_a_long_name_keeps_its_table_and_its_end() -> None:
    assert shorten_middle(LONG_FK, 31) == "content_metrics.content…t_id_fk"
    assert shorten_middle(LONG_FK, 80) == LONG_FK
    assert len(shorten_middle(LONG_FK, 20)) == 20  # too narrow for the table: both ends of the name
    assert shorten_middle("users.email", 11) == "users.email"


def test_the_one_schema_is_named_once_in_the_heading_not_on_every_row() -> None:
    long = _long()
    assert common_schema(long) == "public"
    assert object_text(long[1], "public") == "users.users_org_fk"
    several = [*long, _finding(("billing", "invoices", "fk"), "x")]
    assert common_schema(several) is None
    assert object_text(several[2], None) == "billing.invoices.fk"


def test_wide_terminal_shows_every_column_and_the_message() -> None:
    widths = fit(_long(), 160, "public", TITLES)
    assert widths.object == 44  # its cap; the rest goes to the message
    assert widths.message >= 36 and widths.total <= 160


def test_narrow_terminal_keeps_the_object_readable_and_lets_the_message_scroll() -> None:
    widths = fit(_long(), 78, "public", TITLES)
    visible = widths.total - widths.message - PAD
    assert visible <= 78  # severity, source, object and change fit on screen
    assert widths.object >= 24
    assert widths.message >= 36  # beyond the edge, at a width worth scrolling to


def test_sources_use_the_reports_words() -> None:
    labels = {f.against or "advice": source_label(f) for f in findings()}
    assert set(labels.values()) <= {"expected", "model", "migrations", "model≠exp", "health"}
    assert "exp" not in labels.values() and "orm" not in labels.values()


def test_80_columns_hide_the_tree_at_first_and_b_brings_it_back() -> None:
    app = DriftApp(sequence_loader([make_result()]))

    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        tree = app.screen.query_one(ObjectTree)
        assert not tree.display
        table = app.screen.query_one(FindingsTable)
        assert table.size.width >= 78
        row = table.cells(0)
        assert row[0] in ("✖ error", "▲ warning", "● info")
        await pilot.press("b")
        assert tree.display

    drive(app, scenario, size=(80, 24))


def test_an_empty_table_says_why() -> None:
    app = DriftApp(sequence_loader([make_result()]))

    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        table = app.screen.query_one(FindingsTable)
        await pilot.press("slash", *"zzz", "enter")
        assert table.row_count == 0
        assert "No findings match the filter: Esc clears it." in table.render_line(1).text

    drive(app, scenario)


def test_a_reload_the_user_asked_for_always_reports_back() -> None:
    app = DriftApp(sequence_loader([make_result(), make_result()]))

    async def scenario(app: DriftApp, pilot: Pilot[None]) -> None:
        await pilot.press("r")
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        assert "Nothing changed" in messages

    drive(app, scenario)


def test_help_descriptions_read_as_sentences() -> None:
    app = DriftApp(sequence_loader([make_result()]))
    for _title, rows in app.help_sections():
        for key, description in rows:
            assert description[:1].isupper(), (key, description)


def test_fitting_10000_findings_stays_fast_once_their_headlines_are_known() -> None:
    many = [
        _finding(
            ("public", f"t{i % 500}", f"fk_{i}"), f"Foreign key fk_{i} on public.t{i % 500} (a) is odd: why."
        )
        for i in range(10_000)
    ]
    for f in many:
        headline(f)  # what the load worker does
    start = time.perf_counter()
    fit(many, 100, common_schema(many), TITLES)
    assert time.perf_counter() - start < 0.5  # about 0.03 s; it runs on every filter, sort and resize
