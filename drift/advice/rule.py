"""What a health rule is, and the context a rule's check reads while it runs.

A rule is data (id, area, default severity, thresholds with their defaults) plus one check function
`check(ctx) -> Iterable[Finding]`. The check builds findings with `ctx.finding(...)`, which fills in
the category, the rule id and the severity the user configured, so rule code only states facts.
Every lookup a rule needs (a table's statistics, how old the statistics are, the user's tables
without extension-owned ones) lives here, computed once per run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from types import MappingProxyType
from typing import Any, Literal

from drift.advice.column_scan import ColumnScan, ColumnTest, Match, TextTest, scan_columns
from drift.advice.index_facts import TableIndexes
from drift.advice.unvalidated import build, defaults
from drift.model import (
    Catalog,
    Column,
    Finding,
    IndexStats,
    Schema,
    Sequence,
    Severity,
    Table,
    TableStats,
    UsageStats,
)
from drift.model.findings import ObjectType, finding_id

Area = Literal["integrity", "indexing", "security", "maintenance", "drift"]
AREAS: tuple[Area, ...] = ("integrity", "indexing", "security", "maintenance", "drift")

Threshold = int | float | bool | str


@dataclass(frozen=True)
class Rule:
    """A health rule: stable `id`, what it is about, and how to run it."""

    id: str
    area: Area
    default_severity: Severity
    summary: str
    check: Callable[[RuleContext], Iterable[Finding]] = field(repr=False, compare=False)
    thresholds: Mapping[str, Threshold] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class StatsWindow:
    """How long the usage statistics cover: since a stats reset, or at least since server start."""

    since: datetime | None
    basis: Literal["stats_reset", "server_start"] | None
    age_days: float | None
    measured_at: datetime

    @classmethod
    def of(cls, stats: UsageStats | None, now: datetime | None) -> StatsWindow:
        measured = _aware((stats.collected_at if stats else None) or now or datetime.now(UTC))
        since: datetime | None = None
        basis: Literal["stats_reset", "server_start"] | None = None
        if stats is not None and stats.stats_reset is not None:
            since, basis = _aware(stats.stats_reset), "stats_reset"
        elif stats is not None and stats.postmaster_start is not None:
            since, basis = _aware(stats.postmaster_start), "server_start"
        age = None if since is None else max(0.0, (measured - since).total_seconds() / 86400)
        return cls(since=since, basis=basis, age_days=age, measured_at=measured)

    def evidence(self) -> dict[str, Any]:
        """The age fields every statistics-based finding carries (a fresh dict each time)."""
        return dict(self._evidence)

    @cached_property
    def _evidence(self) -> dict[str, Any]:
        return {
            "stats_since": self.since.isoformat() if self.since else None,
            "stats_since_basis": self.basis,
            "stats_age_days": None if self.age_days is None else round(self.age_days, 1),
            "stats_collected_at": self.measured_at.isoformat(),
        }

    def span(self) -> str:
        """How long the statistics cover, short: '12.3 days', or 'at least 12.3 days' since a start."""
        if self.age_days is None:
            return "an unknown period"
        return _span(self.age_days) if self.basis == "stats_reset" else f"at least {_span(self.age_days)}"

    def describe(self) -> str:
        """'12.3 days (since the statistics reset on 2026-01-01 10:00 UTC)' and the like."""
        if self.since is None or self.age_days is None:
            return "an unknown period (the statistics reset time is not visible)"
        when = self.since.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        span = _span(self.age_days)
        if self.basis == "stats_reset":
            return f"{span} (since the statistics reset on {when})"
        return f"at least {span} (since the server started on {when}; never reset)"


def _span(days: float) -> str:
    if days >= 2:
        return f"{days:.1f} days"
    hours = days * 24
    if hours >= 2:
        return f"{hours:.1f} hours"
    return f"{hours * 60:.0f} minutes"


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class RuleContext:
    """One rule's view of one run: catalog, statistics, its thresholds and its severity."""

    def __init__(
        self,
        rule: Rule,
        catalog: Catalog,
        stats: UsageStats | None,
        window: StatsWindow,
        thresholds: Mapping[str, Threshold],
        severity: Severity | None,
        lookups: Lookups,
    ) -> None:
        self.rule = rule
        self.catalog = catalog
        self.stats = stats
        self.window = window
        self._thresholds = thresholds
        self._severity = severity
        self.lookups = lookups

    # thresholds, typed (settings.py has already checked the types)
    def number(self, name: str) -> float:
        return float(self._threshold(name))

    def integer(self, name: str) -> int:
        return int(self._threshold(name))

    def flag(self, name: str) -> bool:
        return bool(self._threshold(name))

    def _threshold(self, name: str) -> Threshold:
        if name not in self.rule.thresholds:
            raise KeyError(f"rule {self.rule.id} has no threshold {name!r}")
        return self._thresholds.get(name, self.rule.thresholds[name])

    def finding(
        self,
        *,
        object_type: ObjectType,
        path: tuple[str, ...],
        message: str,
        evidence: dict[str, Any],
        fix: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """An advice finding of this rule. `severity` is a per-finding default (e.g. a password
        column that may hold a hash is only info); a severity the user configured wins.

        Built without validation (drift/advice/unvalidated.py): `path` must be a tuple of str and
        `evidence` a dict of JSON-able values that the caller does not change afterwards."""
        rule = self.rule.id
        fields = _ADVICE_FIELDS.copy()
        fields["rule"] = rule
        fields["severity"] = self._severity or severity or self.rule.default_severity
        fields["object_type"] = object_type
        fields["path"] = path
        fields["message"] = message
        fields["fix"] = fix
        fields["evidence"] = evidence
        fields["id"] = finding_id(rule, path)
        return build(Finding, fields, _ADVICE_SET)

    # catalog helpers
    def user_tables(self, *kinds: str, partitions: bool = True) -> Iterator[tuple[Schema, Table]]:
        """The user's relations of the given kinds (default: tables and partitioned tables),
        leaving out objects owned by extensions. With `partitions=False`, partitions whose parent
        is in the catalog are left out too: structure rules report once, on the parent."""
        return iter(self.lookups.user_tables(kinds or ("table", "partitioned_table"), partitions))

    def parent_of(self, table: Table) -> Table | None:
        """The partitioned parent of a partition, when the catalog holds it."""
        return self.lookups.parent_of(table) if table.partition_of else None

    def indexes_of(self, table: Table) -> TableIndexes:
        """What `table`'s indexes can serve, worked out once per run."""
        return self.lookups.indexes_of(table)

    def columns_where(self, test: ColumnTest | TextTest) -> list[Match]:
        """The (schema, table, column)s of `user_tables(partitions=False)` that pass `test` (one
        registered in drift/advice/column_scan.py, which runs them all in one pass), in order."""
        return self.lookups.columns_where(test)

    def get_table(self, schema: str, name: str) -> Table | None:
        return self.lookups.tables.get((schema, name))

    def table_stats(self, schema: str, table: str) -> TableStats | None:
        return self.lookups.table_stats.get((schema, table))

    def index_stats(self, schema: str, table: str, index: str) -> IndexStats | None:
        return self.lookups.index_stats.get((schema, table, index))


class Lookups:
    """Indexes over one run's catalog and statistics, built once and only when a rule asks, so
    no rule walks the whole catalog per object (thousands of tables stay linear)."""

    def __init__(self, catalog: Catalog, stats: UsageStats | None) -> None:
        self._catalog = catalog
        self._stats = stats
        self._user_tables: dict[tuple[tuple[str, ...], bool], list[tuple[Schema, Table]]] = {}
        self._parents: dict[str, Table | None] = {}
        # keyed by id(): the catalog keeps every table alive for the whole run
        self._indexes: dict[int, TableIndexes] = {}
        self._other_columns: dict[int, tuple[Table, dict[str, Column]]] = {}

    @cached_property
    def _scan(self) -> ColumnScan:
        return scan_columns(self, self.user_tables(("table", "partitioned_table"), False))

    def columns_where(self, test: ColumnTest | TextTest) -> list[Match]:
        """See `RuleContext.columns_where`."""
        matches = self._scan.matches
        if test not in matches:
            raise KeyError(f"{test!r} is not registered with column_test or column_text_test")
        return matches[test]

    def columns_by_name(self, table: Table) -> dict[str, Column]:
        """`table`'s columns by name (the first of a name, as `Table.get_column` finds it); from
        the shared column pass when it covered the table, so its columns are not visited again."""
        found = self._scan.by_name.get(id(table))
        if found is not None:
            return found
        other = self._other_columns.get(id(table))
        if other is None or other[0] is not table:
            names: dict[str, Column] = {}
            for column in table.columns:
                names.setdefault(column.name, column)
            other = self._other_columns[id(table)] = (table, names)
        return other[1]

    def user_tables(self, kinds: tuple[str, ...], partitions: bool) -> list[tuple[Schema, Table]]:
        """See `RuleContext.user_tables`; one list per (kinds, partitions), shared by the rules."""
        key = (kinds, partitions)
        found = self._user_tables.get(key)
        if found is None:
            found = self._user_tables[key] = [
                (schema, table)
                for schema, table in self._catalog.iter_tables()
                if table.extension is None
                and table.kind in kinds
                and (partitions or not table.partition_of or self.parent_of(table) is None)
            ]
        return found

    def parent_of(self, table: Table) -> Table | None:
        """The table `table.partition_of` names. It reads "schema.table" unquoted and either name
        may hold dots, so the text is matched against the catalog's own (schema, table) pairs at
        every dot, never split at the first one; a partitioned table wins over any other match,
        then the longest schema name (as drift.diff reads such names)."""
        dotted = table.partition_of
        if not dotted:
            return None
        if dotted in self._parents:
            return self._parents[dotted]
        tables = self.tables
        found: Table | None = None
        cut = dotted.rfind(".")
        while cut > 0:
            candidate = tables.get((dotted[:cut], dotted[cut + 1 :]))
            if candidate is not None and candidate.kind == "partitioned_table":
                found = candidate
                break
            found = found or candidate
            cut = dotted.rfind(".", 0, cut)
        self._parents[dotted] = found
        return found

    def indexes_of(self, table: Table) -> TableIndexes:
        facts = self._indexes.get(id(table))
        if facts is None or facts.table is not table:
            facts = self._indexes[id(table)] = TableIndexes(table, self.columns_by_name(table))
        return facts

    @cached_property
    def table_stats(self) -> dict[tuple[str, str], TableStats]:
        return {(t.schema_name, t.table): t for t in (self._stats.tables if self._stats else ())}

    @cached_property
    def index_stats(self) -> dict[tuple[str, str, str], IndexStats]:
        return {(i.schema_name, i.table, i.index): i for i in (self._stats.indexes if self._stats else ())}

    @cached_property
    def tables(self) -> dict[tuple[str, str], Table]:
        return {(s.name, t.name): t for s, t in self._catalog.iter_tables()}

    @cached_property
    def sequences(self) -> dict[tuple[str, str], Sequence]:
        return {(s.name, q.name): q for s in self._catalog.schemas for q in s.sequences}

    @cached_property
    def owned_columns(self) -> dict[tuple[str, str], str]:
        """(schema, "table.column") -> the sequence OWNED BY that column (extensions' left out)."""
        return {
            (schema.name, s.owned_by): s.name
            for schema in self._catalog.schemas
            for s in schema.sequences
            if s.owned_by and not s.extension
        }

    @cached_property
    def relation_names(self) -> dict[str, set[str]]:
        """Names taken in each schema by tables, indexes and sequences (one namespace in PostgreSQL)."""
        out: dict[str, set[str]] = {}
        for s in self._catalog.schemas:
            names = {t.name for t in s.tables} | {q.name for q in s.sequences}
            names |= {ix.name for t in s.tables for ix in t.indexes}
            out[s.name] = names
        return out

    @cached_property
    def referencing(self) -> dict[tuple[str, str, str], list[tuple[str, str, str]]]:
        """(schema, table, column) -> the (schema, table, column)s whose foreign keys point at it."""
        out: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}
        for s, t in self._catalog.iter_tables():
            for fk in t.foreign_keys:
                for mine, theirs in zip(fk.columns, fk.ref_columns, strict=False):
                    out.setdefault((fk.ref_schema, fk.ref_table, theirs), []).append((s.name, t.name, mine))
        return out


# The fields of an advice finding, for `RuleContext.finding` (see drift/advice/unvalidated.py).
_ADVICE_FIELDS = defaults(Finding)
_ADVICE_FIELDS["category"] = "advice"
_ADVICE_SET = frozenset(("category", "rule", "severity", "object_type", "path", "message", "fix", "evidence"))


def table_evidence(stats: TableStats | None) -> dict[str, Any]:
    """Size and row figures of a table, for findings where they help judge the urgency."""
    if stats is None:
        return {}
    return {
        "table_rows_estimate": stats.n_live_tup,
        "table_total_bytes": stats.total_bytes,
    }
