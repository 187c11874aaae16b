"""Findings and health-score deductions are built without pydantic validation (unvalidated.py):
each must equal, field for field, the model validation builds from the same values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from drift.advice import RULES, Deduction, health_score, run_advice
from drift.model import (
    Catalog,
    CheckConstraint,
    Column,
    Finding,
    ForeignKey,
    Index,
    IndexStats,
    Policy,
    PrimaryKey,
    Privilege,
    Schema,
    Sequence,
    SequenceUsage,
    Table,
    TableStats,
    UsageStats,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _every_rule_fires() -> tuple[Catalog, UsageStats]:
    columns = (
        Column(name="id", position=1, type="integer", default="nextval('orders_id_seq'::regclass)"),
        Column(name="user_id", position=2, type="smallint"),
        Column(name="status", position=3, type="text"),
        Column(name="api_token", position=4, type="text"),
        Column(name="at", position=5, type="timestamp without time zone"),
    )
    orders = Table(
        name="orders",
        columns=columns,
        foreign_keys=(
            ForeignKey(
                name="orders_user_fk",
                columns=("user_id",),
                ref_schema="public",
                ref_table="users",
                ref_columns=("id",),
                validated=False,
            ),
        ),
        check_constraints=(CheckConstraint(name="orders_at", expression="(at > now())", validated=False),),
        indexes=(
            Index(name="orders_at", keys=("at",)),
            Index(name="orders_at_status", keys=("at", "status")),
            Index(name="orders_broken", keys=("status",), valid=False),
        ),
        policies=(Policy(name="own", using="true"),),
        privileges=(Privilege(grantee="PUBLIC", privilege="UPDATE"),),
    )
    users = Table(
        name="users",
        columns=(Column(name="id", position=1, type="bigint", nullable=False),),
        primary_key=PrimaryKey(name="users_pkey", columns=("id",)),
        indexes=(Index(name="users_pkey", keys=("id",), unique=True, constraint="users_pkey"),),
    )
    catalog = Catalog(
        database="app",
        schemas=(
            Schema(
                name="public",
                tables=(orders, users),
                sequences=(Sequence(name="orders_id_seq", owned_by="orders.id", data_type="integer"),),
            ),
        ),
    )
    stats = UsageStats(
        collected_at=NOW,
        stats_reset=NOW - timedelta(days=30),
        database_xid_age=900_000_000,
        tables=(
            TableStats(
                schema_name="public",
                table="orders",
                seq_scan=900,
                seq_tup_read=9_000_000,
                idx_scan=10,
                n_live_tup=100_000,
                n_dead_tup=90_000,
                n_mod_since_analyze=50_000,
                total_bytes=10**8,
            ),
        ),
        indexes=(
            IndexStats(schema_name="public", table="orders", index="orders_at", idx_scan=0, size_bytes=8192),
        ),
        sequences=(
            SequenceUsage(
                schema_name="public",
                name="orders_id_seq",
                data_type="integer",
                last_value=2_000_000_000,
                min_value=1,
                max_value=2**31 - 1,
            ),
        ),
    )
    return catalog, stats


def test_findings_equal_their_validated_twins() -> None:
    catalog, stats = _every_rule_fires()
    severities = {"unused-index": {"severity": "error"}}
    findings = run_advice(catalog, stats, settings=severities, now=NOW)
    assert {f.rule for f in findings} == set(RULES)  # every rule's findings are checked
    for f in findings:
        twin = Finding(**{name: getattr(f, name) for name in f.model_fields_set})
        assert f == twin
        assert f.model_fields_set == twin.model_fields_set
        assert f.model_dump_json() == twin.model_dump_json()
        assert repr(f) == repr(twin)
        assert type(f.path) is tuple and all(type(p) is str for p in f.path)
        assert type(f.evidence) is dict
    assert findings[0].model_fields_set is not findings[1].model_fields_set


def test_deductions_equal_their_validated_twins() -> None:
    catalog, stats = _every_rule_fires()
    score = health_score(run_advice(catalog, stats, now=NOW), catalog)
    deductions = [d for area in score.areas.values() for d in area.deductions]
    assert len(deductions) > len(RULES)
    for d in deductions:
        twin = Deduction(**d.model_dump())
        assert d == twin
        assert d.model_fields_set == twin.model_fields_set
        assert repr(d) == repr(twin)
        assert type(d.points) is float
