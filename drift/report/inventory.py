"""The schema inventory: one row per table with what it is made of, counted from the catalog.

A hand-written audit counts columns and constraints by reading CREATE statements, and miscounts
(the Renexus audit says `users` has 8 fields; it has 9). The report counts them from the reflected
catalog instead. Unindexed foreign keys are not recomputed here: they are the `fk-without-index`
findings in the report, so the inventory and the advice can never disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from drift.model import Catalog, Finding, Table, UsageStats

INVENTORY_KINDS = frozenset({"table", "partitioned_table"})
FK_WITHOUT_INDEX = "fk-without-index"


@dataclass(frozen=True)
class TableInventory:
    schema: str
    table: str
    columns: int
    primary_key: tuple[str, ...] | None
    foreign_keys: int
    unindexed_foreign_keys: int | None  # None: the health rules did not run
    unique_constraints: int
    check_constraints: int
    indexes: int
    rls: str  # "off", "enabled" or "forced"
    policies: int
    rows: int | None  # pg_stat live-row estimate
    total_bytes: int | None

    @property
    def name(self) -> str:
        return f"{self.schema}.{self.table}"


@dataclass(frozen=True)
class SchemaInventory:
    tables: tuple[TableInventory, ...]
    advice_ran: bool

    @property
    def columns(self) -> int:
        return sum(t.columns for t in self.tables)

    @property
    def foreign_keys(self) -> int:
        return sum(t.foreign_keys for t in self.tables)

    @property
    def unindexed_foreign_keys(self) -> int | None:
        if not self.advice_ran:
            return None
        return sum(t.unindexed_foreign_keys or 0 for t in self.tables)

    @property
    def rls_enabled(self) -> int:
        """Tables with row-level security on (forced or not)."""
        return sum(1 for t in self.tables if t.rls != "off")

    @property
    def policies(self) -> int:
        return sum(t.policies for t in self.tables)

    def security_line(self) -> str:
        """A statement of fact, neither a tick nor a cross: whether RLS matters is the team's call."""
        n, m = self.rls_enabled, len(self.tables)
        forced = sum(1 for t in self.tables if t.rls == "forced")
        line = f"row-level security is enabled on {n} of {m} {_plural(m, 'table')}"
        if forced:
            line += f" (forced on {forced})"
        p = self.policies
        return line + f"; {p} {'policy' if p == 1 else 'policies'} defined."

    def summary_line(self) -> str:
        """'8 tables, 102 columns, 7 foreign keys (7 without an index)'."""
        m = len(self.tables)
        fks = self.foreign_keys
        line = f"{m} {_plural(m, 'table')}, {self.columns} {_plural(self.columns, 'column')}, "
        line += f"{fks} foreign {'key' if fks == 1 else 'keys'}"
        unindexed = self.unindexed_foreign_keys
        if unindexed is not None and fks:
            line += f" ({unindexed} without an index)"
        return line


def _plural(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"


def rls_state(table: Table) -> str:
    if not table.rls_enabled:
        return "off"
    return "forced" if table.rls_forced else "enabled"


def unindexed_fk_counts(findings: Iterable[Finding]) -> Counter[tuple[str, str]]:
    """(schema, table) -> number of fk-without-index findings on it."""
    counts: Counter[tuple[str, str]] = Counter()
    for f in findings:
        if f.rule == FK_WITHOUT_INDEX and len(f.path) >= 2:
            counts[(f.path[0], f.path[1])] += 1
    return counts


def schema_inventory(
    catalog: Catalog, stats: UsageStats | None, findings: Iterable[Finding], *, advice_ran: bool
) -> SchemaInventory:
    """The inventory of the user's tables (partitions included, extension-owned tables left out).

    `advice_ran` says whether the health rules ran: without them the unindexed count is unknown,
    not zero."""
    unindexed = unindexed_fk_counts(findings)
    rows: list[TableInventory] = []
    for schema, table in catalog.iter_tables():
        if table.kind not in INVENTORY_KINDS or table.extension is not None:
            continue
        st = stats.get_table(schema.name, table.name) if stats is not None else None
        rows.append(
            TableInventory(
                schema=schema.name,
                table=table.name,
                columns=len(table.columns),
                primary_key=table.primary_key.columns if table.primary_key else None,
                foreign_keys=len(table.foreign_keys),
                unindexed_foreign_keys=unindexed[(schema.name, table.name)] if advice_ran else None,
                unique_constraints=len(table.unique_constraints),
                check_constraints=len(table.check_constraints),
                indexes=len(table.indexes),
                rls=rls_state(table),
                policies=len(table.policies),
                rows=st.n_live_tup if st is not None else None,
                total_bytes=st.total_bytes if st is not None else None,
            )
        )
    return SchemaInventory(tables=tuple(rows), advice_ran=advice_ran)


def report_inventory(
    catalog: Catalog | None,
    stats: UsageStats | None,
    findings: Iterable[Finding],
    health: object | None,
) -> SchemaInventory | None:
    """The inventory a renderer shows, or None without a catalog. The health rules ran when there
    is a health score or any advice finding."""
    if catalog is None:
        return None
    findings = list(findings)
    advice_ran = bool(health) or any(f.category == "advice" for f in findings)
    return schema_inventory(catalog, stats, findings, advice_ran=advice_ran)
