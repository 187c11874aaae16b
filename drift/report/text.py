"""The terminal output of `drift check`: findings grouped by table, one row each, a summary line.

A row is the finding's headline (its first sentence, cut before the explanation when it does not
fit); `verbose` prints the whole message and the fix SQL. Rows wrap at the width (100 columns
unless told), with continuation lines under the message, so the output reads in a terminal.

Lines are built as rich `Text` objects (never markup strings, so a table named `[bold]` prints as
itself). With `color=False` the plain text of those objects is joined directly, so no ANSI code can
reach a file or a pipe; with `color=True` rich renders the same lines with styles.
"""

from __future__ import annotations

import io
import textwrap

from rich.console import Console
from rich.text import Text

from drift.model import Finding, Report
from drift.report.context import RenderOptions
from drift.report.formatting import (
    SEVERITY_LABEL,
    count_heading,
    server_line,
    sources_line,
    statistics_age,
    summary_line,
    visible,
)
from drift.report.grouping import FindingRow, group_findings
from drift.report.headline import before_colon, first_sentence, without_subject
from drift.report.health_view import health_view
from drift.report.inventory import report_inventory

SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
GRADE_STYLE = {"good": "green", "fair": "yellow", "poor": "red"}
# The summary's mark follows the worst finding, not the exit code (which --fail-on decides):
# '✗' only when something is an error, so a run that passes CI does not open with a cross.
SUMMARY_MARK: dict[str | None, tuple[str, str]] = {
    "error": ("✗", "red"),
    "warning": ("!", "yellow"),
    "info": ("✓", "green"),
    None: ("✓", "green"),
}
BADGE_WIDTH = max(len(v) for v in SEVERITY_LABEL.values())
DEFAULT_WIDTH = 100
ROW_INDENT = 4 + BADGE_WIDTH + 2  # where a row's label starts
MESSAGE_ROOM = 55  # a label longer than leaves this much room gets a line of its own
MIN_MESSAGE_ROOM = 20


def _badge(severity: str) -> Text:
    return Text(SEVERITY_LABEL[severity].ljust(BADGE_WIDTH), style=SEVERITY_STYLE[severity])


def _one_line(value: str) -> str:
    return visible(value, multiline=False)


def headline(row: FindingRow, room: int) -> str:
    """What a row says without --verbose: the first sentence, the object not named twice, and cut
    before its explanation when that does not fit in `room` columns."""
    if row.values is not None:
        return row.message
    text = _one_line(without_subject(first_sentence(row.message), row.first))
    return before_colon(text) if len(text) > room else text


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, max(width, 20), break_long_words=False, break_on_hyphens=False) or [""]


def _row_lines(row: FindingRow, label_width: int, verbose: bool, width: int) -> list[Text]:
    indent = " " * ROW_INDENT
    label = _one_line(row.label)
    column = ROW_INDENT + label_width + 2
    if width - column < MIN_MESSAGE_ROOM:
        column = ROW_INDENT + 2
    room = width - column
    message = _one_line(row.message) if verbose else headline(row, room)
    parts = _wrap(message, room)
    line = Text("    ")
    line.append_text(_badge(row.severity))
    line.append("  ")
    line.append(label, style="bold")
    lines = [line]
    if ROW_INDENT + len(label) + 2 <= column:
        line.append(" " * (column - ROW_INDENT - len(label)))
        line.append(parts.pop(0))
    lines += [Text(" " * column + part) for part in parts]
    if row.values is not None:
        for name, value in (
            ("database", row.values.database),
            ("expected", row.values.expected),
            ("model", row.values.model),
        ):
            head = f"{indent}{name:<9} "
            wrapped = _wrap(_one_line(value), width - len(head))
            lines.append(Text(head, style="dim").append(wrapped[0], style="default"))
            lines += [Text(" " * len(head) + rest) for rest in wrapped[1:]]
    if verbose:
        for whom, fix in row.fixes:
            head = f"fix ({whom}): " if whom else "fix: "
            for i, fix_line in enumerate(visible(fix).splitlines()):
                prefix = head if i == 0 else " " * len(head)
                lines.append(Text(f"{indent}{prefix}{fix_line}", style="dim"))
    return lines


def _label_width(lengths: list[int], width: int) -> int:
    """The label column of a group: as wide as its longest label that still leaves MESSAGE_ROOM
    columns for the message (longer labels sit alone on their line, the message below)."""
    limit = width - ROW_INDENT - 2 - MESSAGE_ROOM
    fitting = [n for n in lengths if n <= limit]
    return max(fitting, default=0)  # none fits: every message goes under its label, not far right


def _section(title: str, findings: list[Finding], verbose: bool, width: int) -> list[Text]:
    if not findings:
        return []
    groups = group_findings(findings)
    count = count_heading(len(findings), sum(len(g.rows) for g in groups))
    lines = [Text(f"{title} ({count})", style="bold underline"), Text("")]
    for group in groups:
        lines.append(Text("  ").append(_one_line(group.heading), style="bold magenta"))
        label_width = _label_width([len(_one_line(r.label)) for r in group.rows], width)
        for row in group.rows:
            lines.extend(_row_lines(row, label_width, verbose, width))
        lines.append(Text(""))
    return lines


def _header(report: Report, width: int) -> list[Text]:
    """'drift: <database> (<server>) compared with <sources>', wrapped under its first word."""
    bold = f"drift: {_one_line(report.target.database or 'database')}"
    tail = _one_line(f" ({server_line(report)}) compared with {sources_line(report)}")
    first, *rest = _wrap(bold + tail, width)
    line = Text()
    if first.startswith(bold):
        line.append(bold, style="bold").append(first[len(bold) :])
    else:
        line.append(first)
    indent = len("drift: ")
    more = _wrap(" ".join(rest), width - indent) if rest else []
    return [line, *(Text(" " * indent + m) for m in more)]


def text_lines(report: Report, options: RenderOptions) -> list[Text]:
    """Every line of the text output, styled; `render_text` decides whether styles are printed."""
    width = options.width or DEFAULT_WIDTH
    lines = [*_header(report, width), Text("")]
    drift = [f for f in report.findings if f.category == "drift"]
    advice = [f for f in report.findings if f.category == "advice"]
    lines += _section("Drift", drift, options.verbose, width)
    lines += _section("Health advice", advice, options.verbose, width)
    ctx = options.context
    health = health_view(ctx.health or report.extra.get("health"))
    inventory = report_inventory(ctx.catalog, ctx.stats, report.findings, health)
    if inventory is not None:
        lines.append(Text().append("Schema: ", style="bold").append(inventory.summary_line()))
        lines.append(Text().append("Security: ", style="bold").append(inventory.security_line()))
    age = statistics_age(ctx.stats) if advice else None
    if age is not None:
        lines.append(Text().append("Statistics: ", style="bold").append(age))
    if health is not None:
        line = Text().append("Health score: ", style="bold")
        line.append(f"{health.score:.1f} / {health.max:g}", style=GRADE_STYLE[health.grade])
        areas = [f"{a.name} {a.score:.1f}" for a in health.areas if a.score is not None]
        lines.append(line)
        if areas:
            by_area = f"({', '.join(areas)})"
            if len(line.plain) + 1 + len(by_area) <= width:
                line.append(" " + by_area, style="dim")
            else:
                lines += [Text("  " + part, style="dim") for part in _wrap(by_area, width - 2)]
    worst = report.worst()
    mark, style = SUMMARY_MARK[worst]
    summary = Text(f"{mark} ", style=style)
    summary.append(summary_line(report), style="bold")
    if not report.findings:
        clean = "no drift and no advice" if report.sources else "no findings"
        summary = Text(f"✓ {clean}", style="bold green")
    lines.append(summary)
    return lines


def render_text(report: Report, options: RenderOptions) -> str:
    lines = text_lines(report, options)
    if not options.color:
        return "\n".join(line.plain.rstrip() for line in lines) + "\n"
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        color_system="standard",
        width=options.width or DEFAULT_WIDTH,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for line in lines:
        console.print(line, soft_wrap=True)
    return buffer.getvalue()
