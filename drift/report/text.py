"""The terminal output of `drift check`: findings grouped by table, one line each, a summary line.

Lines are built as rich `Text` objects (never markup strings, so a table named `[bold]` prints as
itself). With `color=False` the plain text of those objects is joined directly, so no ANSI code can
reach a file or a pipe; with `color=True` rich renders the same lines with styles.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from drift.model import Finding, Report
from drift.report.context import RenderOptions
from drift.report.formatting import (
    SEVERITY_LABEL,
    server_line,
    sources_line,
    summary_line,
    visible,
)
from drift.report.grouping import FindingRow, group_findings
from drift.report.health_view import health_view

SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
BADGE_WIDTH = max(len(v) for v in SEVERITY_LABEL.values())
LABEL_CAP = 40


def _badge(severity: str) -> Text:
    return Text(SEVERITY_LABEL[severity].ljust(BADGE_WIDTH), style=SEVERITY_STYLE[severity])


def _one_line(value: str) -> str:
    return visible(value, multiline=False)


def _row_lines(row: FindingRow, label_width: int, verbose: bool) -> list[Text]:
    indent = " " * (4 + BADGE_WIDTH + 2)
    line = Text("    ")
    line.append_text(_badge(row.severity))
    line.append("  ")
    line.append(_one_line(row.label).ljust(label_width), style="bold")
    line.append("  ")
    line.append(_one_line(row.message))
    lines = [line]
    if row.values is not None:
        for name, value in (
            ("database", row.values.database),
            ("expected", row.values.expected),
            ("model", row.values.model),
        ):
            lines.append(Text(f"{indent}{name:<9} ", style="dim").append(_one_line(value), style="default"))
    if verbose:
        for whom, fix in row.fixes:
            head = f"fix ({whom}): " if whom else "fix: "
            for i, fix_line in enumerate(visible(fix).splitlines()):
                prefix = head if i == 0 else " " * len(head)
                lines.append(Text(f"{indent}{prefix}{fix_line}", style="dim"))
    return lines


def _section(title: str, findings: list[Finding], verbose: bool) -> list[Text]:
    if not findings:
        return []
    lines = [Text(f"{title} ({len(findings)})", style="bold underline"), Text("")]
    for group in group_findings(findings):
        lines.append(Text("  ").append(_one_line(group.heading), style="bold magenta"))
        width = min(LABEL_CAP, max(len(_one_line(r.label)) for r in group.rows))
        for row in group.rows:
            lines.extend(_row_lines(row, width, verbose))
        lines.append(Text(""))
    return lines


def text_lines(report: Report, options: RenderOptions) -> list[Text]:
    """Every line of the text output, styled; `render_text` decides whether styles are printed."""
    target = report.target.database or "database"
    header = Text().append("drift: ", style="bold").append(_one_line(target), style="bold")
    header.append(_one_line(f" ({server_line(report)}) compared with {sources_line(report)}"))
    lines = [header, Text("")]
    drift = [f for f in report.findings if f.category == "drift"]
    advice = [f for f in report.findings if f.category == "advice"]
    lines += _section("Drift", drift, options.verbose)
    lines += _section("Health advice", advice, options.verbose)
    health = health_view(options.context.health or report.extra.get("health"))
    if health is not None:
        lines.append(
            Text()
            .append("Health score: ", style="bold")
            .append(
                f"{health.score:.1f} / {health.max:g}",
                style={"good": "green", "fair": "yellow", "poor": "red"}[health.grade],
            )
        )
    worst = report.worst()
    summary = Text("✓ " if worst is None else "✗ ", style="green" if worst is None else "red")
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
        width=options.width or 100,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for line in lines:
        console.print(line, soft_wrap=True)
    return buffer.getvalue()
