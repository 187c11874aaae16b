"""A small, deterministic check result built by hand: the TUI's unit tests and snapshots use it.

A real `drift.pipeline.CheckResult`, assembled without a server. Times are fixed so screenshots
never change.
"""

from __future__ import annotations

from datetime import UTC, datetime

from drift.model import (
    Catalog,
    Column,
    Enum,
    Finding,
    ForeignKey,
    Function,
    Index,
    IndexStats,
    PrimaryKey,
    Report,
    Schema,
    Sequence,
    SequenceUsage,
    Snapshot,
    SourceInfo,
    Table,
    TableStats,
    Target,
    UsageStats,
)
from drift.pipeline import CheckResult

NOW = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)


def _users(email_type: str, with_index: bool, extra: tuple[Column, ...] = ()) -> Table:
    return Table(
        name="users",
        columns=(
            Column(name="id", position=1, type="bigint", nullable=False, identity="always"),
            Column(name="email", position=2, type=email_type, nullable=False),
            Column(name="created_at", position=3, type="timestamp with time zone", default="now()"),
            *extra,
        ),
        primary_key=PrimaryKey(name="users_pkey", columns=("id",)),
        indexes=(
            Index(name="users_pkey", keys=("id",), unique=True, constraint="users_pkey"),
            *((Index(name="users_email_idx", keys=("email",), unique=True),) if with_index else ()),
        ),
    )


def _orders(with_fk: bool) -> Table:
    return Table(
        name="orders",
        columns=(
            Column(name="id", position=1, type="bigint", nullable=False),
            Column(name="user_id", position=2, type="bigint", nullable=False),
            Column(name="total", position=3, type="numeric(12,2)"),
        ),
        primary_key=PrimaryKey(name="orders_pkey", columns=("id",)),
        foreign_keys=(
            (
                ForeignKey(
                    name="orders_user_id_fkey",
                    columns=("user_id",),
                    ref_schema="app",
                    ref_table="users",
                    ref_columns=("id",),
                ),
            )
            if with_fk
            else ()
        ),
        indexes=(Index(name="orders_pkey", keys=("id",), unique=True, constraint="orders_pkey"),),
    )


def database_catalog() -> Catalog:
    app = Schema(
        name="app",
        tables=(
            _users(
                "character varying(100)",
                with_index=False,
                extra=(Column(name="legacy_flag", position=4, type="boolean"),),
            ),
            _orders(with_fk=False),
            Table(
                name="active_users",
                kind="view",
                columns=(Column(name="id", position=1, type="bigint"),),
                view_definition="SELECT id FROM app.users",
            ),
        ),
        sequences=(Sequence(name="invoice_seq", data_type="integer"),),
        enums=(Enum(name="order_state", labels=("new", "paid", "shipped")),),
        functions=(Function(name="touch", arguments="", returns="trigger", language="plpgsql"),),
    )
    return Catalog(database="shop", server_version="16.3", schemas=(app,))


def expected_catalog() -> Catalog:
    invoices = Table(
        name="invoices",
        columns=(
            Column(name="id", position=1, type="bigint", nullable=False),
            Column(name="order_id", position=2, type="bigint", nullable=False),
        ),
        primary_key=PrimaryKey(name="invoices_pkey", columns=("id",)),
    )
    tables = (_users("character varying(255)", with_index=True), _orders(with_fk=True), invoices)
    return Catalog(schemas=(Schema(name="app", tables=tables),))


def orm_catalog() -> Catalog:
    app = Schema(name="app", tables=(_users("text", with_index=True), _orders(with_fk=True)))
    return Catalog(schemas=(app,))


def stats() -> UsageStats:
    return UsageStats(
        collected_at=NOW,
        stats_reset=datetime(2024, 4, 1, 0, 0, tzinfo=UTC),
        tables=(
            TableStats(
                schema_name="app",
                table="users",
                seq_scan=1520,
                idx_scan=98211,
                n_live_tup=48210,
                n_dead_tup=9120,
                last_autovacuum=datetime(2024, 5, 3, 4, 10, tzinfo=UTC),
                last_analyze=datetime(2024, 5, 6, 9, 30, tzinfo=UTC),
                total_bytes=18_350_080,
                table_bytes=12_058_624,
            ),
            TableStats(
                schema_name="app",
                table="orders",
                seq_scan=88120,
                idx_scan=12,
                n_live_tup=310442,
                n_dead_tup=210,
                total_bytes=52_428_800,
                table_bytes=41_943_040,
            ),
        ),
        indexes=(
            IndexStats(
                schema_name="app", table="users", index="users_pkey", idx_scan=98211, size_bytes=1_097_728
            ),
            IndexStats(
                schema_name="app", table="orders", index="orders_pkey", idx_scan=12, size_bytes=7_020_544
            ),
        ),
        sequences=(
            SequenceUsage(
                schema_name="app",
                name="invoice_seq",
                data_type="integer",
                last_value=1_932_735_283,
                min_value=1,
                max_value=2_147_483_647,
            ),
        ),
    )


def findings() -> list[Finding]:
    return [
        Finding(
            category="drift",
            rule="column.type",
            severity="error",
            object_type="column",
            change="changed",
            attribute="type",
            path=("app", "users", "email"),
            against="expected",
            expected="character varying(255)",
            actual="character varying(100)",
            message="column app.users.email is character varying(100), expected character varying(255)",
            fix="ALTER TABLE app.users ALTER COLUMN email TYPE character varying(255);",
        ),
        Finding(
            category="drift",
            rule="index.missing",
            severity="error",
            object_type="index",
            change="missing",
            path=("app", "users", "users_email_idx"),
            against="expected",
            message="index users_email_idx on app.users is missing",
            fix="CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON app.users (email);",
        ),
        Finding(
            category="drift",
            rule="foreign_key.missing",
            severity="error",
            object_type="foreign_key",
            change="missing",
            path=("app", "orders", "orders_user_id_fkey"),
            against="expected",
            message="foreign key orders_user_id_fkey on app.orders is missing",
            fix="ALTER TABLE app.orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) "
            "REFERENCES app.users (id) NOT VALID;",
        ),
        Finding(
            category="drift",
            rule="column.unexpected",
            severity="warning",
            object_type="column",
            change="unexpected",
            path=("app", "users", "legacy_flag"),
            against="expected",
            actual="boolean",
            message="column app.users.legacy_flag is not in the expected schema",
            fix="ALTER TABLE app.users DROP COLUMN legacy_flag;",
        ),
        Finding(
            category="drift",
            rule="table.missing",
            severity="error",
            object_type="table",
            change="missing",
            path=("app", "invoices"),
            against="expected",
            message="table app.invoices is missing",
        ),
        Finding(
            category="advice",
            rule="fk-without-index",
            severity="warning",
            object_type="column",
            path=("app", "orders", "user_id"),
            message="orders.user_id references users but has no index",
            fix="CREATE INDEX CONCURRENTLY orders_user_id_idx ON app.orders (user_id);",
            evidence={"seq_scan": 88120, "n_live_tup": 310442},
        ),
        Finding(
            category="advice",
            rule="dead-tuples",
            severity="info",
            object_type="table",
            path=("app", "users"),
            message="app.users has 16% dead rows",
            evidence={"n_dead_tup": 9120, "n_live_tup": 48210},
        ),
        Finding(
            category="advice",
            rule="sequence-exhaustion",
            severity="warning",
            object_type="sequence",
            path=("app", "invoice_seq"),
            message="sequence app.invoice_seq has used 90% of its integer range",
            fix="ALTER SEQUENCE app.invoice_seq AS bigint;",
        ),
    ]


def make_result(extra: list[Finding] | None = None) -> CheckResult:
    catalog = database_catalog()
    report = Report.build(
        tool_version="0.1.0",
        generated_at=NOW,
        target=Target(database="shop", server_version="16.3", dsn="postgresql://dba@db.example/shop"),
        sources=(
            SourceInfo(kind="expected", location="expected_schema/"),
            SourceInfo(kind="orm", location="shop.models:Base"),
        ),
        findings=[*findings(), *(extra or [])],
    )
    snapshot = Snapshot(tool_version="0.1.0", generated_at=NOW, catalog=catalog, stats=stats())
    return CheckResult(snapshot=snapshot, report=report, expected=expected_catalog(), orm=orm_catalog())
