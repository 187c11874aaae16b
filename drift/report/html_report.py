"""One self-contained HTML file: inline CSS, inline SVG charts, no script and no network.

The nightly report is mailed, attached to CI runs and opened on phones, so it must render offline
and from a single file. Python prepares plain values (the same sections as the Markdown report);
the Jinja2 templates in `templates/` lay them out with autoescaping on, so a name such as
`<script>` is shown, never run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
import markupsafe

from drift.model import Finding, Report
from drift.report.changes import describe_value
from drift.report.context import RenderOptions
from drift.report.formatting import (
    SEVERITY_LABEL,
    against_label,
    count_heading,
    doc_path,
    format_when,
    human_bytes,
    human_count,
    iso_utc,
    object_word,
    server_line,
    sources_line,
    statistics_age,
    summary_line,
    visible,
)
from drift.report.grouping import group_findings
from drift.report.headline import explanation, short_message
from drift.report.health_view import health_view
from drift.report.inventory import report_inventory
from drift.report.usage import TableUsage, usage_tops

TEMPLATE = "report.html.j2"


@dataclass(frozen=True)
class Bar:
    """One row of a horizontal bar chart; widths are percentages of the chart width."""

    label: str
    value_text: str
    width: float
    second_width: float = 0.0


def _load_template_source(name: str) -> str:
    return files("drift.report").joinpath("templates", name).read_text(encoding="utf-8")


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_load_template_source),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_shown,
    )


def _shown(value: Any) -> Any:
    """Every value the template prints: control characters made visible before escaping."""
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):  # macro output is done
        return visible(value)
    return value


def _pct(value: float, top: float) -> float:
    return round(100.0 * value / top, 1) if top > 0 else 0.0


def size_bars(tables: tuple[TableUsage, ...]) -> list[Bar]:
    top = max((t.total_bytes or 0 for t in tables), default=0)
    return [Bar(t.name, human_bytes(t.total_bytes), _visible_pct(t.total_bytes or 0, top)) for t in tables]


def _visible_pct(value: float, top: float) -> float:
    """A non-zero figure never draws as an empty bar (4 sequential scans next to 24,000 index scans)."""
    pct = _pct(value, top)
    return max(pct, 0.5) if value > 0 else pct


def scan_bars(tables: tuple[TableUsage, ...]) -> list[Bar]:
    """Stacked: sequential scans first (the expensive kind), index scans after."""
    top = max((t.scans for t in tables), default=0)
    return [
        Bar(
            t.name,
            f"{human_count(t.seq_scan)} seq · {human_count(t.idx_scan)} index",
            _visible_pct(t.seq_scan or 0, top),
            _visible_pct(t.idx_scan or 0, top),
        )
        for t in tables
    ]


def _finding_view(f: Finding) -> dict[str, Any]:
    return {
        "severity": f.severity,
        "label": SEVERITY_LABEL[f.severity],
        "object": f"{object_word(f.object_type)} {f.dotted_path}".strip(),
        "rule": f.rule,
        "doc": doc_path(f.rule, f.category),
        "against": against_label(f.against),
        "message": short_message(f),
        "explanation": explanation(f),
        "expected": None if f.expected is None else describe_value(f.expected),
        "actual": None if f.actual is None else describe_value(f.actual),
        "fix": f.fix,
        "values": None,
    }


def _drift_rows(findings: list[Finding]) -> list[dict[str, Any]]:
    rows = []
    for group in group_findings(findings):
        for row in group.rows:
            view = _finding_view(row.first)
            view["severity"] = row.severity
            view["label"] = SEVERITY_LABEL[row.severity]
            if row.values is not None:
                view["message"], view["explanation"] = row.message, ""
            view["against"] = ", ".join(against_label(f.against) for f in row.findings if f.against)
            view["values"] = row.values
            view["fix"] = (
                "\n\n".join(f"-- for the {whom}\n{sql}" if whom else sql for whom, sql in row.fixes) or None
            )
            rows.append(view)
    return rows


def html_context(report: Report, options: RenderOptions) -> dict[str, Any]:
    """Everything the template shows, as plain values (tested separately from the layout)."""
    ctx = options.context
    tops = usage_tops(ctx.stats)
    drift = [f for f in report.findings if f.category == "drift"]
    advice = [f for f in report.findings if f.category == "advice"]
    changes = ctx.changes
    health = health_view(ctx.health or report.extra.get("health"))
    drift_rows = _drift_rows(drift)
    return {
        "database": report.target.database or "database",
        "server": server_line(report),
        "generated": format_when(report.generated_at),
        "generated_iso": iso_utc(report.generated_at),
        "stats_age": statistics_age(ctx.stats),
        "sources": sources_line(report),
        "summary": summary_line(report, counts=False),
        "counts": report.summary.model_dump(),
        "worst": report.worst(),
        "health": health,
        "show_drift": bool(report.sources or drift),
        "drift": drift_rows,
        "drift_count": count_heading(len(drift), len(drift_rows)),
        "advice": [_finding_view(f) for f in advice if f.severity != "info"],
        "advice_info": [_finding_view(f) for f in advice if f.severity == "info"],
        "advice_count": len(advice),
        "inventory": report_inventory(ctx.catalog, ctx.stats, report.findings, health),
        "tops": tops,
        "size_bars": size_bars(tops.largest_tables),
        "scan_bars": scan_bars(tops.busiest_tables),
        "changes": changes,
        "describe": describe_value,
        "headline": short_message,
        "object_word": object_word,
        "human_bytes": human_bytes,
        "human_count": human_count,
        "format_when": format_when,
        "doc_base": (ctx.docs_base_url or "").rstrip("/"),
        "tool_version": report.tool.version,
        "report_version": report.report_version,
    }


def render_html(report: Report, options: RenderOptions) -> str:
    return environment().get_template(TEMPLATE).render(html_context(report, options))
