"""Spelling values the same way in every human-readable format: sizes, times, ages, objects, values.

Machine formats (json, sarif, junit) keep raw values; text, markdown and html call these so a
table size or a statistics age reads identically in the terminal, in a PR comment and in the HTML.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from drift.model import Finding, Report, UsageStats
from drift.sizes import format_bytes

# C0/C1 controls and the bidirectional overrides ("Trojan source"): a database name may contain any of
# them, and printed raw they ring bells, rewrite a terminal, or make one name look like another.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("\r\n|\r|\n|\t")


def visible(value: str, *, multiline: bool = True) -> str:
    """`value` with control and bidi-override characters shown as escapes (`\\x07`, `\\u202e`).

    Line breaks and tabs are kept when `multiline` (SQL in a code block), escaped otherwise (a name
    in a one-line listing)."""
    if multiline:
        value = value.replace("\r\n", "\n")
    else:
        value = _LINE_BREAKS.sub(lambda m: "\\t" if m.group(0) == "\t" else "\\n", value)

    def escape(m: re.Match[str]) -> str:
        c = m.group(0)
        return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"

    return _INVISIBLE.sub(escape, value)


SEVERITY_LABEL = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}
SEVERITY_ORDER = ("error", "warning", "info")

# Object types that live in a table (or are the table); the rest are schema- or database-level.
TABLE_LEVEL = frozenset(
    {
        "table",
        "view",
        "materialized_view",
        "column",
        "primary_key",
        "foreign_key",
        "unique",
        "check",
        "exclusion",
        "index",
        "trigger",
        "policy",
    }
)
OBJECT_WORD = {
    "materialized_view": "materialized view",
    "primary_key": "primary key",
    "foreign_key": "foreign key",
    "unique": "unique constraint",
    "check": "check constraint",
    "exclusion": "exclusion constraint",
}


def object_word(object_type: str) -> str:
    """'foreign_key' -> 'foreign key'."""
    return OBJECT_WORD.get(object_type, object_type.replace("_", " "))


def human_bytes(n: int | None) -> str:
    """'8 kB', '2.1 MB', '504 kB', '512 bytes' ('?' when unknown), as the health rules' messages
    spell sizes (drift.sizes)."""
    return "?" if n is None else format_bytes(n)


def human_count(n: int | None) -> str:
    return "?" if n is None else f"{n:,}"


def as_utc(value: datetime) -> datetime:
    """Aware UTC time; naive values are taken to be UTC already (as the server reports them)."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def iso_utc(value: datetime) -> str:
    """'2026-01-02T03:04:05Z'."""
    return as_utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def format_when(value: datetime | None) -> str:
    if value is None:
        return "unknown"
    return as_utc(value).strftime("%Y-%m-%d %H:%M UTC")


def span(days: float) -> str:
    if days >= 2:
        return f"{days:.1f} days"
    hours = days * 24
    if hours >= 2:
        return f"{hours:.1f} hours"
    return f"{max(hours * 60, 0):.0f} minutes"


def statistics_age(stats: UsageStats | None) -> str | None:
    """'since 2026-01-01 10:00 UTC (12.3 days)' or None when unknown; the report header line."""
    if stats is None:
        return None
    measured = stats.collected_at
    since, basis = stats.stats_reset, "reset"
    if since is None and stats.postmaster_start is not None:
        since, basis = stats.postmaster_start, "server start"
    if since is None:
        return "age unknown (the statistics reset time is not visible)"
    text = f"since the {basis} on {format_when(since)}"
    if measured is not None:
        a = measured if measured.tzinfo else measured.replace(tzinfo=UTC)
        b = since if since.tzinfo else since.replace(tzinfo=UTC)
        text += f" ({span((a - b).total_seconds() / 86400)})"
    return text


def summary_line(report: Report, *, counts: bool = True) -> str:
    """'2 errors, 1 warning, 0 info (2 drift, 1 advice)' or 'no findings'; without `counts` only
    the part in brackets (a page that shows the counts as badges)."""
    s = report.summary
    if not (s.error or s.warning or s.info):
        return "no findings"
    drift = sum(1 for f in report.findings if f.category == "drift")
    advice = len(report.findings) - drift
    split = f"{drift} drift, {advice} advice"
    if not counts:
        return split
    return f"{_plural(s.error, 'error')}, {_plural(s.warning, 'warning')}, {s.info} info ({split})"


def count_heading(findings: int, rows: int) -> str:
    """'10' or, when the expected schema and the model disagree with the database in the same way
    (one row, two findings), '10 findings, 5 differences': a heading never promises more rows than
    the section shows."""
    return str(findings) if findings == rows else f"{findings} findings, {rows} differences"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def sources_line(report: Report) -> str:
    """'expected schema expected_schema, ORM app.models:Base' (or 'health rules only')."""
    names = {"expected": "expected schema", "orm": "ORM", "migrations": "migrations"}
    parts = [f"{names.get(s.kind, s.kind)} {s.location}" for s in report.sources]
    return ", ".join(parts) if parts else "health rules only (no expected schema or ORM given)"


def server_line(report: Report) -> str:
    version = report.target.server_version
    return f"PostgreSQL {version}" if version else "unknown server"


def member_label(f: Finding) -> str:
    """The object of a finding within its group: 'column email', 'index users_email_idx', 'table'."""
    word = object_word(f.object_type)
    if f.object_type in TABLE_LEVEL or (f.object_type in ("privilege", "comment") and len(f.path) >= 2):
        member = ".".join(f.path[2:])
        return f"{word} {member}" if member else word
    if f.object_type == "extension":
        return f"extension {'.'.join(f.path)}"
    if f.object_type == "schema":
        return "schema"
    return f"{word} {'.'.join(f.path[1:])}" if len(f.path) > 1 else word


def object_label(f: Finding) -> str:
    """The object of a finding on its own: 'column public.users.email'."""
    return f"{object_word(f.object_type)} {f.dotted_path}" if f.path else object_word(f.object_type)


def format_value(value: Any, *, absent: str = "(none)") -> str:
    """Expected/actual values on one line: strings as they are, lists joined, the rest as JSON."""
    if value is None:
        return absent
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value) if value else "(empty)"
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def against_label(against: str | None) -> str:
    return {"expected": "expected schema", "orm": "model", None: ""}.get(against, against or "")


DRIFT_RULES_DOC = "docs/drift-rules.md"


def doc_path(rule: str, category: str) -> str:
    """The repository doc explaining a rule: docs/rules/<id>.md for a health rule; for drift rules
    (`<object_type>.<change or attribute>`) the list the differ documents."""
    return f"docs/rules/{rule}.md" if category == "advice" else DRIFT_RULES_DOC
