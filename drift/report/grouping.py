"""Arranging findings the way a reader scans them: by table, with three-way values side by side.

When the same object drifts both from the expected schema and from the ORM model, the reader needs
the three values at once (what the database has, what the files say, what the model says), not two
findings far apart. `group_findings` merges such pairs into one `FindingRow` with `values` set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from drift.model import Finding
from drift.model.findings import SEVERITY_RANK
from drift.report.formatting import TABLE_LEVEL, against_label, format_value, member_label


@dataclass(frozen=True)
class SideBySide:
    """Values of one object attribute as the database, the expected schema and the model have it."""

    database: str
    expected: str
    model: str


@dataclass(frozen=True)
class FindingRow:
    """One line of a grouped listing: one finding, or an expected+orm pair about the same object."""

    findings: tuple[Finding, ...]
    values: SideBySide | None = None

    @property
    def first(self) -> Finding:
        return self.findings[0]

    @property
    def severity(self) -> str:
        return max(self.findings, key=lambda f: f.rank).severity

    @property
    def label(self) -> str:
        return member_label(self.first)

    @property
    def message(self) -> str:
        if self.values is None:
            return self.first.message
        f, v = self.first, self.values
        if f.change == "missing":
            return "absent from the database; the expected schema and the model both declare it"
        if f.change == "unexpected":
            return "in the database; neither the expected schema nor the model declares it"
        attribute = f.attribute or "definition"
        if v.expected == v.model:
            return f"{attribute} in the database differs from the expected schema and the model"
        return f"{attribute} differs between the database, the expected schema and the model"

    @property
    def fixes(self) -> tuple[tuple[str, str], ...]:
        """(for whom, SQL) pairs; 'for whom' names the source when a merged row has several fixes."""
        distinct: list[tuple[str, str]] = []
        for f in self.findings:
            if f.fix and all(f.fix != sql for _, sql in distinct):
                distinct.append((against_label(f.against), f.fix))
        if len(distinct) == 1:
            return (("", distinct[0][1]),)
        return tuple(distinct)


@dataclass
class FindingGroup:
    """The findings about one table (or one schema, or the database as a whole)."""

    key: tuple[str, ...]
    heading: str
    rows: list[FindingRow] = field(default_factory=list)

    @property
    def worst(self) -> str:
        return max(self.rows, key=lambda r: SEVERITY_RANK[r.severity]).severity


def group_key(f: Finding) -> tuple[tuple[str, ...], str]:
    """(sort key, heading) of the group a finding belongs to."""
    table_level = f.object_type in TABLE_LEVEL or (
        f.object_type in ("privilege", "comment") and len(f.path) >= 2
    )
    if table_level and len(f.path) >= 2:
        return ("1", f.path[0], f.path[1]), f"{f.path[0]}.{f.path[1]}"
    if f.object_type == "extension" or not f.path:
        return ("0",), "database"
    return ("1", f.path[0]), f"schema {f.path[0]}"


def _absent(f: Finding, side: str) -> str:
    """How a missing value reads: an object absent from one side is '(absent)', not '(none)'."""
    if f.change == "missing" and side == "actual":
        return "(absent)"
    if f.change == "unexpected" and side == "expected":
        return "(absent)"
    return "(none)"


def _merge(findings: list[Finding]) -> list[FindingRow]:
    """Pair an 'expected' and an 'orm' finding about the same object attribute into one row."""
    rows: list[FindingRow] = []
    pairs: dict[tuple[object, ...], dict[str, Finding]] = {}
    for f in findings:
        if f.against in ("expected", "orm") and f.category == "drift":
            pairs.setdefault((f.object_type, f.path, f.attribute), {})[f.against] = f
    used: set[str] = set()
    for f in findings:
        if f.id in used:
            continue
        pair = pairs.get((f.object_type, f.path, f.attribute), {})
        if f.against in ("expected", "orm") and f.category == "drift" and len(pair) == 2:
            exp, orm = pair["expected"], pair["orm"]
            values = SideBySide(
                database=format_value(exp.actual, absent=_absent(exp, "actual")),
                expected=format_value(exp.expected, absent=_absent(exp, "expected")),
                model=format_value(orm.expected, absent=_absent(orm, "expected")),
            )
            rows.append(FindingRow(findings=(exp, orm), values=values))
            used.update((exp.id, orm.id))
        else:
            rows.append(FindingRow(findings=(f,)))
            used.add(f.id)
    return rows


def group_findings(findings: Iterable[Finding]) -> list[FindingGroup]:
    """Findings grouped by table (database-level first, then by schema and table name)."""
    buckets: dict[tuple[str, ...], tuple[str, list[Finding]]] = {}
    for f in findings:
        key, heading = group_key(f)
        buckets.setdefault(key, (heading, []))[1].append(f)
    groups: list[FindingGroup] = []
    for key in sorted(buckets):
        heading, members = buckets[key]
        members.sort(key=lambda f: (-f.rank, f.path, f.rule, f.against or ""))
        groups.append(FindingGroup(key=key, heading=heading, rows=_merge(members)))
    return groups
