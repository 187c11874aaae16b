"""Health advice: a live database's catalog and usage statistics in, advice findings out.

`RULES` is the registry (id -> Rule); `run_advice` runs the enabled rules with the user's settings;
`health_score` turns findings (advice and drift) into the 0-10 score. The rules themselves live one
family per module; each is documented in docs/rules/<id>.md. No I/O happens here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import Any

from drift.advice import foreign_keys, indexes, integrity, maintenance, security, sequences
from drift.advice.rule import AREAS, Area, Lookups, Rule, RuleContext, StatsWindow, Threshold
from drift.advice.score import AreaScore, Deduction, HealthScore
from drift.advice.score import health_score as _health_score
from drift.advice.settings import resolve_settings
from drift.gc_pause import paused_gc
from drift.model import Catalog, Finding, UsageStats

__all__ = [
    "AREAS",
    "RULES",
    "Area",
    "AreaScore",
    "Deduction",
    "HealthScore",
    "Rule",
    "health_score",
    "run_advice",
]


def _t(**values: Threshold) -> Mapping[str, Threshold]:
    return MappingProxyType(values)


_ALL: tuple[Rule, ...] = (
    # indexing
    Rule("fk-without-index", "indexing", "warning",
         "A foreign key whose columns do not lead any valid index.",
         foreign_keys.check_fk_without_index),
    Rule("unused-index", "indexing", "info",
         "A non-unique, non-constraint index with no scans since the statistics began.",
         indexes.check_unused_index,
         _t(min_stats_age_days=7.0, min_size_bytes=0)),
    Rule("duplicate-index", "indexing", "warning",
         "An index identical to, or a leading-column prefix of, another index.",
         indexes.check_duplicate_index),
    Rule("invalid-index", "indexing", "warning",
         "An index left invalid, usually by a failed CREATE INDEX CONCURRENTLY.",
         indexes.check_invalid_index),
    Rule("seq-scan-heavy", "indexing", "info",
         "A large table read mostly by sequential scans.",
         maintenance.check_seq_scan_heavy,
         _t(min_rows=10_000, min_seq_scan_share=0.5, min_seq_tup_read=1_000_000)),
    # integrity
    Rule("no-primary-key", "integrity", "warning",
         "A table without a primary key.",
         integrity.check_no_primary_key),
    Rule("invalid-constraint", "integrity", "warning",
         "A foreign key or CHECK constraint left NOT VALID.",
         integrity.check_invalid_constraint),
    Rule("status-without-check", "integrity", "info",
         "A status/state/type-like text column with no CHECK, enum, domain or foreign key.",
         integrity.check_status_without_check),
    Rule("timestamp-without-timezone", "integrity", "info",
         "A timestamp without time zone column.",
         integrity.check_timestamp_without_timezone),
    Rule("fk-type-mismatch", "integrity", "warning",
         "A foreign-key column narrower than the key it references.",
         foreign_keys.check_fk_type_mismatch),
    # security
    Rule("plaintext-secret", "security", "warning",
         "A text column whose name says it holds a token, secret, key or password.",
         security.check_plaintext_secret),
    Rule("rls-disabled-with-policies", "security", "warning",
         "A table with row-level security policies but row-level security disabled.",
         security.check_rls_disabled_with_policies),
    Rule("public-table-grant", "security", "warning",
         "A table or view granting privileges to PUBLIC.",
         security.check_public_table_grant),
    # maintenance
    Rule("sequence-exhaustion", "maintenance", "warning",
         "A sequence, or the column it feeds, past a share of its range; integer columns fed by one.",
         sequences.check_sequence_exhaustion,
         _t(max_fraction_used=0.75, report_integer_columns=True)),
    Rule("vacuum-stale", "maintenance", "warning",
         "Many dead rows, stale planner statistics, or old unfrozen transaction IDs.",
         maintenance.check_vacuum_stale,
         _t(min_dead_tuples=10_000, max_dead_ratio=0.2, max_days_since_vacuum=7.0,
            min_mod_since_analyze=10_000, max_mod_ratio=0.2, max_days_since_analyze=1.0,
            max_xid_age=500_000_000)),
)  # fmt: skip

RULES: Mapping[str, Rule] = MappingProxyType({r.id: r for r in _ALL})


def run_advice(
    catalog: Catalog,
    stats: UsageStats | None,
    *,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    now: datetime | None = None,
) -> list[Finding]:
    """Run every enabled rule; findings come back sorted by rule, then path.

    `settings` maps a rule id to {"enabled": bool, "severity": "error|warning|info", <threshold>:
    value}; unknown ids or keys raise ConfigError. Ages (of statistics, of the last vacuum) are
    measured at `stats.collected_at`, else at `now`, else at the current time.
    """
    resolved = resolve_settings(RULES, settings)
    window = StatsWindow.of(stats, now)
    lookups = Lookups(catalog, stats)
    found: dict[str, list[Finding]] = {}
    with paused_gc():
        for rule_id, rule in RULES.items():
            conf = resolved[rule_id]
            if not conf.enabled:
                continue
            ctx = RuleContext(rule, catalog, stats, window, conf.thresholds, conf.severity, lookups)
            # every finding of a rule carries its id: sorting each rule's findings by path, then
            # the rules by id, is the (stable) sort by (rule, path) in fewer comparisons
            found[rule_id] = sorted(rule.check(ctx), key=_by_path)
    return [f for rule_id in sorted(found) for f in found[rule_id]]


def _by_path(finding: Finding) -> tuple[str, ...]:
    return finding.path


def health_score(
    findings: Sequence[Finding], catalog: Catalog, *, assessed: Collection[str] = AREAS
) -> HealthScore:
    """The 0-10 health score of `findings` (advice and drift), with deductions per area.

    Pass `assessed` without "drift" when nothing was compared (no expected schema, no ORM): the
    drift area then has no score and no weight instead of a free 10.
    """
    with paused_gc():  # one deduction per finding: nothing cyclic, and collections only rescan them
        return _health_score(findings, catalog, rules=RULES, assessed=assessed)
