"""One SQL script that brings the database to the expected state, ordered and annotated with hazards.

The differ gives each finding its own fix; this module orders them so the script runs top to bottom
(dependents dropped before what they depend on, referenced tables created before foreign keys),
puts `CREATE INDEX CONCURRENTLY` outside any transaction, and marks every statement with what it
costs on a busy production database. Statements that lose data are commented out unless the user
asks for them. drift never executes this script.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from drift.model import Finding

# Drops first, most dependent first; then creates, least dependent first; then changes.
_DROP_ORDER = [
    "policy",
    "trigger",
    "view",
    "materialized_view",
    "foreign_key",
    "check",
    "unique",
    "exclusion",
    "primary_key",
    "index",
    "column",
    "table",
    "sequence",
    "function",
    "domain",
    "enum",
    "schema",
    "extension",
]
_CREATE_ORDER = [
    "extension",
    "schema",
    "enum",
    "domain",
    "sequence",
    "function",
    "table",
    "column",
    "primary_key",
    "unique",
    "check",
    "exclusion",
    "foreign_key",
    "index",
    "view",
    "materialized_view",
    "trigger",
    "policy",
    "privilege",
    "comment",
]

_HAZARDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^\s*DROP\s+(TABLE|SCHEMA|MATERIALIZED VIEW)\b", re.I), "deletes data"),
    (re.compile(r"\bDROP\s+COLUMN\b", re.I), "deletes data"),
    (re.compile(r"^\s*TRUNCATE\b", re.I), "deletes data"),
    (re.compile(r"\bALTER\s+COLUMN\s+\S+(\s+SET\s+DATA)?\s+TYPE\b", re.I), "rewrites table"),
    (re.compile(r"\bSET\s+NOT\s+NULL\b", re.I), "scans table"),
    (re.compile(r"\bVALIDATE\s+CONSTRAINT\b", re.I), "scans table (SHARE UPDATE EXCLUSIVE lock)"),
    (re.compile(r"^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\b", re.I), "builds index"),
    (re.compile(r"^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY)", re.I), "builds index (blocks writes)"),
    (
        re.compile(r"\bADD\s+(CONSTRAINT\s+\S+\s+)?(PRIMARY KEY|UNIQUE)\b", re.I),
        "builds index (blocks writes)",
    ),
    (re.compile(r"^\s*ALTER\s+TABLE\b", re.I), "takes ACCESS EXCLUSIVE lock"),
    (re.compile(r"^\s*DROP\s+INDEX\s+(?!CONCURRENTLY)", re.I), "takes ACCESS EXCLUSIVE lock"),
    (
        re.compile(r"^\s*ALTER\s+TYPE\b.*\bADD\s+VALUE\b", re.I),
        "cannot run inside a transaction block before PG 12",
    ),
]
_DESTRUCTIVE = {"deletes data"}


@dataclass(frozen=True)
class Statement:
    sql: str
    hazards: tuple[str, ...]
    transactional: bool

    @property
    def destructive(self) -> bool:
        return any(h in _DESTRUCTIVE for h in self.hazards)


def split_sql(text: str) -> list[str]:
    """Statements of a fix (they are generated one per line group, ending in ';')."""
    parts: list[str] = []
    current: list[str] = []
    in_dollar = False
    for line in text.splitlines():
        current.append(line)
        in_dollar ^= line.count("$$") % 2 == 1
        if not in_dollar and line.rstrip().endswith(";"):
            parts.append("\n".join(current).strip())
            current = []
    if "\n".join(current).strip():
        parts.append("\n".join(current).strip().rstrip(";") + ";")
    return [p for p in parts if p.strip(" ;\n")]


def hazards_of(sql: str) -> tuple[str, ...]:
    found: list[str] = []
    for pattern, hazard in _HAZARDS:
        if pattern.search(sql) and hazard not in found:
            found.append(hazard)
    return tuple(found)


def _phase(f: Finding) -> tuple[int, int]:
    if f.change == "unexpected":
        kind = f.object_type
        return (0, _DROP_ORDER.index(kind) if kind in _DROP_ORDER else len(_DROP_ORDER))
    kind = f.object_type
    rank = _CREATE_ORDER.index(kind) if kind in _CREATE_ORDER else len(_CREATE_ORDER)
    return (1 if f.change == "missing" else 2, rank)


def ordered_statements(findings: Iterable[Finding]) -> list[Statement]:
    fixes = sorted((f for f in findings if f.fix), key=lambda f: (_phase(f), f.path, f.rule))
    out: list[Statement] = []
    seen: set[str] = set()
    for f in fixes:
        assert f.fix is not None
        for sql in split_sql(f.fix):
            if sql in seen:
                continue
            seen.add(sql)
            concurrent = bool(re.search(r"\bCONCURRENTLY\b", sql, re.I))
            out.append(Statement(sql=sql, hazards=hazards_of(sql), transactional=not concurrent))
    return out


def fix_script(
    findings: Iterable[Finding], *, allow_destructive: bool = False, lock_timeout: str = "2s"
) -> str:
    """The whole script: transactional statements in one transaction, concurrent ones after it."""
    statements = ordered_statements(findings)
    lines = [
        "-- drift fix script: brings the database to the expected state.",
        "-- Review before running; drift never runs it. Hazards are marked on each statement.",
        f"SET lock_timeout = '{lock_timeout}';",
        "",
    ]
    if not statements:
        lines.append("-- Nothing to fix.")
        return "\n".join(lines) + "\n"
    in_tx = [s for s in statements if s.transactional]
    outside = [s for s in statements if not s.transactional]
    if in_tx:
        lines.append("BEGIN;")
        lines += _render(in_tx, allow_destructive)
        lines.append("COMMIT;")
        lines.append("")
    if outside:
        lines.append("-- These cannot run inside a transaction block.")
        lines += _render(outside, allow_destructive)
    return "\n".join(lines) + "\n"


def _render(statements: list[Statement], allow_destructive: bool) -> list[str]:
    lines: list[str] = []
    for s in statements:
        for hazard in s.hazards:
            lines.append(f"-- hazard: {hazard}")
        if s.destructive and not allow_destructive:
            lines.append("-- destructive: left commented out; rerun with --allow-destructive to include")
            lines += ["-- " + line for line in s.sql.splitlines()]
        else:
            lines.append(s.sql)
        lines.append("")
    return lines
