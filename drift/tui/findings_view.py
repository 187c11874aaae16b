"""Filtering, sorting and comparing findings for display: plain Python, no widgets.

Kept apart from the widgets so that filtering 10,000 findings is a list comprehension over
precomputed lower-case haystacks (fast), and so it can be tested without running an app.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from drift.model import Finding, Severity
from drift.model.findings import SEVERITY_RANK, Category

SEVERITY_CYCLE: tuple[Severity | None, ...] = (None, "error", "warning", "info")
CATEGORY_CYCLE: tuple[Category | None, ...] = (None, "drift", "advice")

SortColumn = Literal["severity", "source", "object", "change", "message"]
SORT_COLUMNS: tuple[SortColumn, ...] = ("severity", "source", "object", "change", "message")
# The reports' words: "expected schema" and "model" (never "ORM"), short enough for a column.
_SOURCE_LABELS = {
    "expected": "expected",
    "orm": "model",
    "migrations": "migrations",
    "orm-vs-expected": "model≠exp",
}

FindingKey = tuple[str, str, str]


def _next(cycle: tuple[str | None, ...], current: str | None) -> str | None:
    return cycle[(cycle.index(current) + 1) % len(cycle)]


@dataclass(frozen=True)
class FindingFilter:
    """What the user narrowed the findings table to. The default shows everything."""

    text: str = ""
    severity: Severity | None = None
    category: Category | None = None
    scope: tuple[str, ...] = ()

    def next_severity(self) -> FindingFilter:
        return replace(self, severity=_next(SEVERITY_CYCLE, self.severity))  # type: ignore[arg-type]

    def next_category(self) -> FindingFilter:
        return replace(self, category=_next(CATEGORY_CYCLE, self.category))  # type: ignore[arg-type]

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.text.lower().split())

    def matches(self, finding: Finding, haystack: str) -> bool:
        if self.severity is not None and finding.severity != self.severity:
            return False
        if self.category is not None and finding.category != self.category:
            return False
        if self.scope and finding.path[: len(self.scope)] != self.scope:
            return False
        return all(w in haystack for w in self.words)

    def describe(self) -> str:
        """One short line for the status bar, e.g. 'severity: error · text: "users"'."""
        parts = [
            f"severity: {self.severity or 'all'}",
            f"category: {self.category or 'all'}",
        ]
        if self.scope:
            parts.append(f"in: {'.'.join(self.scope)}")
        if self.text:
            parts.append(f'text: "{self.text}"')
        return " · ".join(parts)


def haystack(finding: Finding) -> str:
    """The lower-case text the free-text filter searches: path, rule and message."""
    return f"{finding.dotted_path} {finding.rule} {finding.message}".lower()


def change_label(finding: Finding) -> str:
    """Short 'what happened' label: 'changed type', 'missing', or the advice rule id."""
    if finding.change is None:
        return finding.rule
    if finding.attribute:
        return f"{finding.change} {finding.attribute}"
    return finding.change


def source_label(finding: Finding) -> str:
    """What the finding compares the database with: 'expected', 'model', 'migrations', 'model≠exp'
    (the model compared with the expected schema), or 'health' for advice."""
    if finding.category == "advice":
        return "health"
    against = finding.against or "expected"
    return _SOURCE_LABELS.get(against, against)


def finding_key(finding: Finding) -> FindingKey:
    """Identity for "is this new since the last load": same finding id and same observed value."""
    return (finding.id, finding.attribute or "", repr(finding.actual))


@dataclass
class FindingIndex:
    """The findings of one load with their search text, ready to filter quickly."""

    findings: tuple[Finding, ...] = ()
    _haystacks: list[str] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._haystacks = [haystack(f) for f in self.findings]

    def select(self, flt: FindingFilter) -> list[Finding]:
        if flt == FindingFilter():
            return list(self.findings)
        return [f for f, h in zip(self.findings, self._haystacks, strict=True) if flt.matches(f, h)]

    def keys(self) -> set[FindingKey]:
        return {finding_key(f) for f in self.findings}


def sort_findings(findings: Sequence[Finding], column: SortColumn, reverse: bool = False) -> list[Finding]:
    """Sort for the table; ties fall back to the report's own order (severity, path, rule)."""

    def key(f: Finding) -> tuple[object, ...]:
        base = (-SEVERITY_RANK[f.severity], f.path, f.rule)
        if column == "severity":
            return base
        if column == "object":
            return (f.path, *base)
        if column == "change":
            return (change_label(f), *base)
        if column == "source":
            return (source_label(f), *base)
        return (f.message.lower(), *base)

    return sorted(findings, key=key, reverse=reverse)


@dataclass(frozen=True)
class LoadDelta:
    """What changed between two loads: keys of new findings and how many went away."""

    new: frozenset[FindingKey]
    resolved: int

    @property
    def empty(self) -> bool:
        return not self.new and not self.resolved

    def describe(self) -> str:
        return f"{len(self.new)} new, {self.resolved} resolved since the last load"


def compare_loads(before: Iterable[Finding], after: Iterable[Finding]) -> LoadDelta:
    old = {finding_key(f) for f in before}
    new = {finding_key(f) for f in after}
    return LoadDelta(new=frozenset(new - old), resolved=len(old - new))


def worst_by_prefix(findings: Iterable[Finding]) -> dict[tuple[str, ...], Severity]:
    """For every path prefix (schema, schema.table, ...), the worst severity found under it."""
    worst: dict[tuple[str, ...], Severity] = {}
    for f in findings:
        for n in range(1, len(f.path) + 1):
            prefix = f.path[:n]
            seen = worst.get(prefix)
            if seen is None or SEVERITY_RANK[f.severity] > SEVERITY_RANK[seen]:
                worst[prefix] = f.severity
    return worst
