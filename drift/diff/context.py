"""What every comparator needs: the two catalogs, the unexpected-object policy, and Finding builders.

Comparators never construct `Finding`s by hand: the builders here fill the rule id
(`<object_type>.<change>` or `<object_type>.<attribute>`), the category, `against` and the default
severity, and apply the per-schema policy for objects the expected side does not mention.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from drift.model import Catalog, Finding, Severity, Table
from drift.model.findings import ObjectType

UnexpectedPolicy = Literal["error", "warn", "ignore"]


@dataclass(frozen=True)
class DiffContext:
    expected: Catalog
    actual: Catalog
    against: str = "expected"
    unexpected: Mapping[str, UnexpectedPolicy] = field(default_factory=dict)
    default_unexpected: UnexpectedPolicy = "warn"
    compare_owner: bool = False

    @cached_property
    def expected_tables(self) -> dict[tuple[str, str], Table]:
        """(schema, name) -> table of the expected side, built once (catalog lookups are linear)."""
        return {(s.name, t.name): t for s, t in self.expected.iter_tables()}

    @cached_property
    def actual_tables(self) -> dict[tuple[str, str], Table]:
        return {(s.name, t.name): t for s, t in self.actual.iter_tables()}

    @cached_property
    def expected_partitions(self) -> dict[str, list[tuple[str, Table]]]:
        """'schema.parent' -> [(schema, partition)] on the expected side."""
        return _partitions(self.expected)

    @cached_property
    def actual_partitions(self) -> dict[str, list[tuple[str, Table]]]:
        return _partitions(self.actual)

    @cached_property
    def schema_names(self) -> frozenset[str]:
        """Schemas of both sides: they resolve `schema.table` references whose names hold dots."""
        return frozenset(s.name for s in self.expected.schemas) | {s.name for s in self.actual.schemas}

    def policy(self, schema: str | None) -> UnexpectedPolicy:
        """Policy for an object in `schema`; None (an unexpected schema or extension) uses the default."""
        if schema is None:
            return self.default_unexpected
        return self.unexpected.get(schema, self.default_unexpected)

    def missing(
        self,
        object_type: ObjectType,
        path: tuple[str, ...],
        *,
        expected: Any,
        message: str,
        fix: str | None,
        severity: Severity = "error",
        rule: str | None = None,
    ) -> Finding:
        """Declared, absent from the database; the rule is `<object_type>.missing` unless given."""
        return self._finding(object_type, "missing", None, path, expected, None, message, fix, severity, rule)

    def unexpected_(
        self,
        object_type: ObjectType,
        path: tuple[str, ...],
        *,
        schema: str | None,
        actual: Any,
        message: str,
        fix: str | None,
        severity: Severity = "warning",
        escalate: bool = True,
        rule: str | None = None,
    ) -> Finding | None:
        """In the database, not declared; None when the schema's policy says ignore. `severity` is the
        level under the default `warn` policy; the `error` policy raises it to error unless `escalate`
        is off (comments and privileges stay info: they are not structure)."""
        policy = self.policy(schema)
        if policy == "ignore":
            return None
        if policy == "error" and escalate:
            severity = "error"
        return self._finding(
            object_type, "unexpected", None, path, None, actual, message, fix, severity, rule
        )

    def changed(
        self,
        object_type: ObjectType,
        attribute: str,
        path: tuple[str, ...],
        *,
        expected: Any,
        actual: Any,
        message: str,
        fix: str | None,
        severity: Severity = "error",
        rule: str | None = None,
    ) -> Finding:
        """In both, different in `attribute`; the rule is `<object_type>.<attribute>` unless given."""
        return self._finding(
            object_type, "changed", attribute, path, expected, actual, message, fix, severity, rule
        )

    def _finding(
        self,
        object_type: ObjectType,
        change: Literal["missing", "unexpected", "changed"],
        attribute: str | None,
        path: tuple[str, ...],
        expected: Any,
        actual: Any,
        message: str,
        fix: str | None,
        severity: Severity,
        rule: str | None = None,
    ) -> Finding:
        rule = rule or f"{object_type}.{attribute if change == 'changed' else change}"
        return Finding(
            category="drift",
            rule=rule,
            severity=severity,
            object_type=object_type,
            change=change,
            attribute=attribute,
            path=path,
            against=self.against,
            expected=expected,
            actual=actual,
            message=message,
            fix=fix,
        )


def _partitions(catalog: Catalog) -> dict[str, list[tuple[str, Table]]]:
    out: dict[str, list[tuple[str, Table]]] = {}
    for schema, table in catalog.iter_tables():
        if table.partition_of is not None:
            out.setdefault(table.partition_of, []).append((schema.name, table))
    return out
