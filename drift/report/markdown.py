"""Markdown for pull-request comments and the nightly report (GitHub-flavoured tables).

Object names come from the database and can hold any character: names go in code spans sized to
their own backticks, free text is backslash-escaped, so a table called `a|b` or `<script>` can
neither break a table row nor inject HTML into the rendered comment.
"""

from __future__ import annotations

import re

from drift.model import Finding, Report
from drift.report.changes import ChangesSinceLastRun, describe_value
from drift.report.context import RenderOptions
from drift.report.formatting import (
    SEVERITY_LABEL,
    against_label,
    count_heading,
    doc_path,
    format_when,
    human_bytes,
    human_count,
    object_word,
    server_line,
    sources_line,
    statistics_age,
    summary_line,
    visible,
)
from drift.report.grouping import FindingRow, group_findings
from drift.report.headline import explanation, short_message
from drift.report.health_view import HealthView, health_view
from drift.report.inventory import SchemaInventory, TableInventory, report_inventory
from drift.report.usage import TableUsage, usage_tops

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")
MAX_TABLE_ROWS = 200
SEVERITY_ICON = {"error": "🔴", "warning": "🟠", "info": "🔵"}


def md_text(value: str) -> str:
    """Free text for a table cell or a list item: Markdown/HTML punctuation escaped, one line."""
    return _MD_SPECIAL.sub(r"\\\1", visible(value)).replace("\n", "<br>")


def md_code(value: str) -> str:
    """An inline code span holding `value` literally, whatever backticks or pipes it contains."""
    flat = visible(value, multiline=False).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or longest else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def md_fence(body: str, lang: str = "") -> list[str]:
    """A fenced block longer than any backtick run inside `body`."""
    body = visible(body)
    longest = max((len(run) for run in re.findall(r"`{3,}", body)), default=2)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{lang}", body.rstrip("\n"), fence]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def _severity(severity: str) -> str:
    return f"{SEVERITY_ICON[severity]} {SEVERITY_LABEL[severity].lower()}"


def _header(report: Report, options: RenderOptions) -> list[str]:
    database = report.target.database or "database"
    rows = [
        ["**Database**", md_code(database)],
        ["**Server**", md_text(server_line(report))],
        ["**Generated**", format_when(report.generated_at)],
    ]
    age = statistics_age(options.context.stats)
    if age:
        rows.append(["**Statistics**", md_text(age)])
    rows.append(["**Compared with**", md_text(sources_line(report))])
    rows.append(["**Findings**", md_text(summary_line(report))])
    return [f"# drift report: {md_code(database)}", "", *_table(["", ""], rows), ""]


def _health(health: HealthView) -> list[str]:
    lines = [f"## Health score: {health.score:.1f} / {health.max:g} ({health.grade})", ""]
    if not health.areas:
        return lines
    rows = []
    for area in health.areas:
        if area.score is None:
            rows.append([md_text(area.name), "not assessed", ""])
            continue
        weight = "" if area.weight is None else f" (weight {area.weight:.0%})"
        lost = [
            f"{md_code(d.rule)} -{round(d.points, 1):g}"
            + (f" ({len(d.finding_ids)} findings)" if len(d.finding_ids) > 1 else "")
            for d in area.by_rule()
        ]
        rows.append(
            [md_text(area.name) + weight, f"{area.score:.1f} / {area.max:g}", "; ".join(lost) or "none"]
        )
    return [*lines, *_table(["Area", "Score", "Deductions"], rows), ""]


def _values(row: FindingRow) -> str:
    if row.values is not None:
        v = row.values
        return f"database {md_code(v.database)} · expected {md_code(v.expected)} · model {md_code(v.model)}"
    f = row.first
    parts = []
    if f.expected is not None:
        parts.append(f"expected {md_code(describe_value(f.expected))}")
    if f.actual is not None:
        parts.append(f"database {md_code(describe_value(f.actual))}")
    return " · ".join(parts)


def _object(f: Finding) -> str:
    return f"{object_word(f.object_type)} {md_code(f.dotted_path)}" if f.path else object_word(f.object_type)


def _fixes(findings: list[Finding]) -> list[str]:
    """One SQL block; a fix the expected schema and the model both call for is listed once."""
    parts: list[str] = []
    seen: dict[tuple[tuple[str, ...], str, str], int] = {}
    for f in findings:
        if not f.fix:
            continue
        key = (f.path, f.rule, f.fix)
        whom = against_label(f.against)
        if key in seen and whom and ", for the " in parts[seen[key]].split("\n", 1)[0]:
            i = seen[key]
            parts[i] = parts[i].replace(")\n", f" and the {whom})\n", 1)
            continue
        seen[key] = len(parts)
        for_whom = f", for the {whom}" if whom else ""
        parts.append(f"-- {visible(f.dotted_path, multiline=False)} ({f.rule}{for_whom})\n{f.fix.rstrip()}")
    if not parts:
        return []
    body = "\n\n".join(parts)
    return ["<details><summary>Fix SQL</summary>", "", *md_fence(body, "sql"), "", "</details>", ""]


def _drift(findings: list[Finding]) -> list[str]:
    if not findings:
        return ["## Drift findings (0)", "", "No drift: the database matches what it should be.", ""]
    rows: list[list[str]] = []
    shown: list[Finding] = []
    all_rows = [row for group in group_findings(findings) for row in group.rows]
    for row in all_rows[:MAX_TABLE_ROWS]:
        shown.extend(row.findings)
        against = ", ".join(against_label(f.against) for f in row.findings if f.against)
        message = row.message if row.values is not None else short_message(row.first)
        rows.append(
            [_severity(row.severity), _object(row.first), md_text(against), md_text(message), _values(row)]
        )
    table = _table(["Severity", "Object", "Against", "Finding", "Values"], rows)
    shown_ids = {f.id for f in shown}
    return [
        f"## Drift findings ({count_heading(len(findings), len(all_rows))})",
        "",
        *table,
        *_more(len(findings) - len(shown)),
        "",
        *_fixes([f for f in findings if f.id in shown_ids]),
    ]


def _doc_link(rule: str, base: str | None) -> str:
    """docs/rules/<id>.md, under `base` when given (an absolute URL, or a relative one such as '..'
    for a page that itself lives in docs/)."""
    path = doc_path(rule, "advice")
    return f"{base.rstrip('/')}/{path}" if base else path


def _advice(findings: list[Finding], docs_base: str | None = None) -> list[str]:
    """Errors and warnings in a table of one-line headlines, each finding's explanation and fix SQL
    folded below it; info findings (worth knowing, not urgent) folded as a whole."""
    lines = [f"## Advice findings ({len(findings)})", ""]
    if not findings:
        return [*lines, "No health advice.", ""]
    urgent = [f for f in findings if f.severity != "info"]
    info = [f for f in findings if f.severity == "info"]
    if urgent:
        lines += _advice_table(urgent, docs_base)
    if info:
        summary = f"{len(info)} info finding{'s' if len(info) != 1 else ''}: worth knowing, not urgent"
        lines += [
            f"<details><summary>{summary}</summary>",
            "",
            *_advice_table(info, docs_base),
            "</details>",
            "",
        ]
    return lines


def _advice_table(findings: list[Finding], docs_base: str | None) -> list[str]:
    shown = findings[:MAX_TABLE_ROWS]
    rows = [
        [
            _severity(f.severity),
            f"[{md_text(f.rule)}]({_doc_link(f.rule, docs_base)})",
            _object(f),
            md_text(short_message(f)),
        ]
        for f in shown
    ]
    table = _table(["Severity", "Rule", "Object", "Finding"], rows)
    return [*table, *_more(len(findings) - len(rows)), "", *_explained(shown)]


def _explained(findings: list[Finding]) -> list[str]:
    """Per finding: why it matters (the rest of its message) and its fix SQL, folded."""
    body: list[str] = []
    for f in findings:
        why, fix = explanation(f), f.fix
        if not (why or fix):
            continue
        head = f"**{_object(f)}** ({md_text(f.rule)})"
        body += [f"{head}: {md_text(why)}" if why else head, ""]
        if fix:
            body += [*md_fence(fix, "sql"), ""]
    if not body:
        return []
    return ["<details><summary>Why, and the fix SQL</summary>", "", *body, "</details>", ""]


def _more(hidden: int) -> list[str]:
    """A PR comment holds at most 65,536 characters: long lists stop here and say so."""
    if hidden <= 0:
        return []
    return ["", f"_... and {hidden} more, left out to keep this readable: see the JSON or HTML report._"]


def _fk_cell(t: TableInventory) -> str:
    if t.unindexed_foreign_keys:
        return f"{t.foreign_keys} ({t.unindexed_foreign_keys} unindexed)"
    return str(t.foreign_keys)


def _inventory(inventory: SchemaInventory) -> list[str]:
    lines = ["## Schema inventory", "", f"{md_text(inventory.summary_line())}.", ""]
    header = ["Table", "Columns", "Primary key", "Foreign keys", "Unique", "Check", "Indexes", "RLS"]
    header += ["Rows (est.)", "Size"]
    rows = [
        [
            md_code(t.name),
            str(t.columns),
            md_code(", ".join(t.primary_key)) if t.primary_key else "none",
            _fk_cell(t),
            str(t.unique_constraints),
            str(t.check_constraints),
            str(t.indexes),
            t.rls,
            human_count(t.rows),
            human_bytes(t.total_bytes),
        ]
        for t in inventory.tables[:MAX_TABLE_ROWS]
    ]
    if rows:
        lines += [*_table(header, rows), *_more(len(inventory.tables) - len(rows)), ""]
    if inventory.unindexed_foreign_keys:
        lines += ["Unindexed foreign keys are the `fk-without-index` findings above.", ""]
    return [*lines, f"**Security:** {md_text(inventory.security_line())}", ""]


def _usage(options: RenderOptions) -> list[str]:
    tops = usage_tops(options.context.stats)
    if tops.empty:
        return []
    age = statistics_age(options.context.stats)
    lines = ["## Largest and busiest", ""]
    if age:
        lines += [f"Counters are {md_text(age)}.", ""]
    table_header = ["Table", "Total size", "Live rows", "Dead rows", "Seq scans", "Index scans"]

    def table_row(t: TableUsage) -> list[str]:
        return [
            md_code(t.name),
            human_bytes(t.total_bytes),
            human_count(t.live_tuples),
            human_count(t.dead_tuples),
            human_count(t.seq_scan),
            human_count(t.idx_scan),
        ]

    for title, items in (
        ("Largest tables", tops.largest_tables),
        ("Busiest tables (sequential + index scans)", tops.busiest_tables),
        ("Most dead tuples", tops.most_dead_tuples),
    ):
        if items:
            lines += [f"### {title}", "", *_table(table_header, [table_row(t) for t in items]), ""]
    if tops.largest_indexes:
        rows = [
            [md_code(i.index), md_code(i.table_name), human_bytes(i.size_bytes), human_count(i.idx_scan)]
            for i in tops.largest_indexes
        ]
        lines += ["### Largest indexes", "", *_table(["Index", "Table", "Size", "Scans"], rows), ""]
    return lines


def _changes(changes: ChangesSinceLastRun) -> list[str]:
    lines = [f"## What changed since the last run ({format_when(changes.previous_generated_at)})", ""]
    if changes.is_empty:
        lines += ["Nothing: no object and no finding changed.", ""]
    if changes.objects:
        lines += ["### Objects", ""]
        for o in changes.objects:
            item = f"- {o.change} {object_word(o.object_type)} {md_code(o.dotted_path)}"
            if o.change == "altered" and o.before is not None and o.after is not None:
                diffs = [
                    f"{md_text(a)} {md_code(describe_value(o.before.get(a)))} → "
                    f"{md_code(describe_value(o.after.get(a)))}"
                    for a in o.attributes
                ]
                item += ": " + "; ".join(diffs)
            lines.append(item)
        lines.append("")
    for title, refs in (("Findings that appeared", changes.appeared), ("Findings fixed", changes.fixed)):
        if refs:
            lines += [f"### {title} ({len(refs)})", ""]
            lines += [
                f"- {_severity(r.severity)} {md_text(r.rule)} {md_code(r.dotted_path)}: {md_text(short_message(r))}"
                for r in refs
            ]
            lines.append("")
    lines += [f"_{md_text(n)}_" for n in changes.notes]
    return lines


def render_markdown(report: Report, options: RenderOptions) -> str:
    lines = _header(report, options)
    health = health_view(options.context.health or report.extra.get("health"))
    if health is not None:
        lines += _health(health)
    if options.context.changes is not None:  # what a reader of last night's report looks for first
        lines += _changes(options.context.changes)
    drift = [f for f in report.findings if f.category == "drift"]
    advice = [f for f in report.findings if f.category == "advice"]
    if report.sources or drift:
        lines += _drift(drift)
    ctx = options.context
    lines += _advice(advice, ctx.docs_base_url)
    inventory = report_inventory(ctx.catalog, ctx.stats, report.findings, health)
    if inventory is not None:
        lines += _inventory(inventory)
    lines += _usage(options)
    lines.append(f"<sub>drift {md_text(report.tool.version)} · report version {report.report_version}</sub>")
    return "\n".join(lines).rstrip("\n") + "\n"
