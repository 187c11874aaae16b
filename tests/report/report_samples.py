"""A fixed report with findings of every kind, odd names included, for the golden tests.

Everything is built from literals (fixed `generated_at`, fixed statistics), so the rendered output is
byte-for-byte stable. Names exercise quoting and escaping: quotes, spaces, unicode, `<`, `|`,
backticks, markup-looking brackets and a control character.
"""

from __future__ import annotations

from datetime import UTC, datetime

from drift.model import (
    Catalog,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    IndexStats,
    Policy,
    PrimaryKey,
    Report,
    Schema,
    Sequence,
    SourceInfo,
    Table,
    TableStats,
    Target,
    UniqueConstraint,
    UsageStats,
)
from drift.model.findings import Finding
from drift.report import ReportContext
from drift.report.changes import ChangesSinceLastRun, diff_findings, diff_objects

GENERATED_AT = datetime(2026, 3, 14, 2, 30, 0, tzinfo=UTC)
PREVIOUS_AT = datetime(2026, 3, 13, 2, 30, 0, tzinfo=UTC)
ODD_TABLE = 'Order "Items"'
SCRIPT_INDEX = "<script>alert(1)</script>"
PIPE_TABLE = "a|b`tick`[bold]"
UNICODE_COLUMN = "jeton_d'accès_токен"


def _f(**kw: object) -> Finding:
    return Finding.model_validate(kw)


def sample_findings() -> list[Finding]:
    return [
        # Three-way: the same column drifts from the expected schema and from the model.
        _f(
            category="drift",
            rule="column.type",
            severity="error",
            object_type="column",
            change="changed",
            attribute="type",
            path=("public", "users", "email"),
            against="expected",
            expected="character varying(255)",
            actual="character varying(100)",
            message="Column public.users.email is character varying(100); the expected schema says "
            "character varying(255).",
            fix="ALTER TABLE public.users ALTER COLUMN email TYPE character varying(255);",
        ),
        _f(
            category="drift",
            rule="column.type",
            severity="error",
            object_type="column",
            change="changed",
            attribute="type",
            path=("public", "users", "email"),
            against="orm",
            expected="text",
            actual="character varying(100)",
            message="Column public.users.email is character varying(100); the model says text.",
            fix="ALTER TABLE public.users ALTER COLUMN email TYPE text;",
        ),
        _f(
            category="drift",
            rule="column.nullable",
            severity="error",
            object_type="column",
            change="changed",
            attribute="nullable",
            path=("public", "users", "created_at"),
            against="expected",
            expected=False,
            actual=True,
            message="Column public.users.created_at allows NULL; the expected schema says NOT NULL.",
            fix="ALTER TABLE public.users ALTER COLUMN created_at SET NOT NULL;",
        ),
        _f(
            category="drift",
            rule="table.missing",
            severity="error",
            object_type="table",
            change="missing",
            path=("public", ODD_TABLE),
            against="expected",
            expected={"columns": ["id", "qty"]},
            message=f"Table public.{ODD_TABLE} is declared but absent from the database.",
            fix='CREATE TABLE public."Order ""Items""" (\n    id bigint NOT NULL,\n    qty integer\n);',
        ),
        _f(
            category="drift",
            rule="index.unexpected",
            severity="warning",
            object_type="index",
            change="unexpected",
            path=("public", "weird<tbl>", SCRIPT_INDEX),
            against="expected",
            actual="CREATE INDEX ON public.weird<tbl> (x)",
            message=f"Index {SCRIPT_INDEX} on public.weird<tbl> is not in the expected schema.",
            fix=f'DROP INDEX public."{SCRIPT_INDEX}";',
        ),
        _f(
            category="drift",
            rule="privilege.unexpected",
            severity="info",
            object_type="privilege",
            change="unexpected",
            path=("public", PIPE_TABLE, "reporting:SELECT"),
            against="expected",
            actual="SELECT",
            message=f"reporting may SELECT from public.{PIPE_TABLE}, which the expected schema does not grant.",
            fix=None,
        ),
        _f(
            category="drift",
            rule="enum.labels",
            severity="error",
            object_type="enum",
            change="changed",
            attribute="labels",
            path=("public", "order_status"),
            against="expected",
            expected=["new", "paid", "shipped"],
            actual=["new", "paid"],
            message="Enum public.order_status lacks the label shipped.",
            fix="ALTER TYPE public.order_status ADD VALUE 'shipped';",
        ),
        _f(
            category="drift",
            rule="sequence.missing",
            severity="error",
            object_type="sequence",
            change="missing",
            path=("billing", "invoice_no_seq"),
            against="orm",
            expected={"data_type": "bigint"},
            message="Sequence billing.invoice_no_seq is declared by the model but absent.",
            fix="CREATE SEQUENCE billing.invoice_no_seq AS bigint;",
        ),
        _f(
            category="drift",
            rule="extension.unexpected",
            severity="warning",
            object_type="extension",
            change="unexpected",
            path=("pg_trgm",),
            against="expected",
            actual="1.6",
            message="Extension pg_trgm is installed but not expected.",
            fix="DROP EXTENSION pg_trgm;",
        ),
        _f(
            category="advice",
            rule="fk-without-index",
            severity="warning",
            object_type="foreign_key",
            path=("public", "orders", "orders_user_id_fkey"),
            message="Foreign key orders_user_id_fkey (user_id) has no index starting with its columns: "
            "deletes on users scan orders.",
            fix="CREATE INDEX CONCURRENTLY orders_user_id_idx ON public.orders (user_id);",
            evidence={"columns": ["user_id"], "table_rows_estimate": 120000},
        ),
        _f(
            category="advice",
            rule="unused-index",
            severity="warning",
            object_type="index",
            path=("public", "orders", "orders_note_idx"),
            message="Index orders_note_idx (8.0 MB) has not been scanned in 30.0 days.",
            fix="DROP INDEX CONCURRENTLY public.orders_note_idx;",
            evidence={"idx_scan": 0, "size_bytes": 8388608, "stats_age_days": 30.0},
        ),
        _f(
            category="advice",
            rule="plaintext-secret",
            severity="warning",
            object_type="column",
            path=("public", "users", UNICODE_COLUMN),
            message=f"Column {UNICODE_COLUMN} looks like it holds a token in plain text.",
            fix=None,
            evidence={"type": "text"},
        ),
        _f(
            category="advice",
            rule="timestamp-without-timezone",
            severity="info",
            object_type="column",
            path=("public", "users", "created_at"),
            message="Column created_at is timestamp without time zone.",
            fix="ALTER TABLE public.users ALTER COLUMN created_at TYPE timestamp with time zone;",
        ),
        _f(
            category="advice",
            rule="no-primary-key",
            severity="warning",
            object_type="table",
            path=("public", "bell\x07log"),
            message="Table bell\x07log has no primary key.",
            fix=None,
        ),
    ]


def sample_report(findings: list[Finding] | None = None) -> Report:
    return Report.build(
        tool_version="0.1.0",
        generated_at=GENERATED_AT,
        target=Target(
            database="shop",
            server_version="16.4",
            dsn="postgresql://app:***@db.internal:5432/shop",
        ),
        sources=[
            SourceInfo(kind="expected", location="expected_schema"),
            SourceInfo(kind="orm", location="shop.models:Base"),
        ],
        findings=sample_findings() if findings is None else findings,
    )


def clean_report() -> Report:
    return Report.build(
        tool_version="0.1.0",
        generated_at=GENERATED_AT,
        target=Target(database="shop", server_version="16.4"),
        sources=[SourceInfo(kind="expected", location="expected_schema")],
        findings=[],
    )


def _users(extra_column: bool) -> Table:
    cols = [
        Column(name="id", position=1, type="bigint", nullable=False),
        Column(name="email", position=2, type="character varying(100)", nullable=False),
        Column(name="created_at", position=3, type="timestamp without time zone"),
    ]
    if extra_column:
        cols.append(Column(name="last_login", position=4, type="timestamp with time zone"))
    return Table(
        name="users",
        columns=tuple(cols),
        primary_key=PrimaryKey(name="users_pkey", columns=("id",)),
        unique_constraints=(UniqueConstraint(name="users_email_key", columns=("email",)),),
        check_constraints=(CheckConstraint(name="users_email_check", expression="(email <> ''::text)"),),
        indexes=(
            Index(name="users_email_key", keys=("email",), unique=True, constraint="users_email_key"),
            Index(name="users_pkey", keys=("id",), unique=True, constraint="users_pkey"),
        ),
        rls_enabled=True,
        rls_forced=True,
        policies=(Policy(name="own_rows", using="(id = current_setting('app.user_id')::bigint)"),),
    )


def sample_catalog(*, later: bool = False) -> Catalog:
    """The database last night (`later=False`) and tonight: a column added, an index dropped,
    a foreign key's ON DELETE altered and a new table."""
    orders = Table(
        name="orders",
        columns=(
            Column(name="id", position=1, type="bigint", nullable=False),
            Column(name="user_id", position=2, type="bigint", nullable=False),
            Column(name="note", position=3, type="text"),
        ),
        primary_key=PrimaryKey(name="orders_pkey", columns=("id",)),
        foreign_keys=(
            ForeignKey(
                name="orders_user_id_fkey",
                columns=("user_id",),
                ref_schema="public",
                ref_table="users",
                ref_columns=("id",),
                on_delete="CASCADE" if later else "NO ACTION",
            ),
        ),
        indexes=(
            Index(name="orders_pkey", keys=("id",), unique=True, constraint="orders_pkey"),
            *(() if later else (Index(name="orders_note_idx", keys=("note",)),)),
        ),
    )
    tables = [_users(extra_column=later), orders]
    if later:
        tables.append(Table(name="weird<tbl>", columns=(Column(name="x", position=1, type="integer"),)))
    return Catalog(
        database="shop",
        server_version="16.4",
        schemas=(
            Schema(
                name="public",
                tables=tuple(tables),
                sequences=(Sequence(name="orders_id_seq", owned_by="orders.id"),),
            ),
        ),
    )


def sample_stats() -> UsageStats:
    return UsageStats(
        collected_at=GENERATED_AT,
        stats_reset=datetime(2026, 2, 12, 2, 30, tzinfo=UTC),
        database_bytes=2_000_000_000,
        tables=(
            TableStats(
                schema_name="public",
                table="orders",
                seq_scan=4200,
                seq_tup_read=90_000_000,
                idx_scan=150_000,
                n_live_tup=120_000,
                n_dead_tup=36_000,
                last_autovacuum=datetime(2026, 3, 1, 4, 0, tzinfo=UTC),
                total_bytes=1_200_000_000,
            ),
            TableStats(
                schema_name="public",
                table="users",
                seq_scan=12,
                idx_scan=980_000,
                n_live_tup=40_000,
                n_dead_tup=10,
                total_bytes=64_000_000,
            ),
            TableStats(
                schema_name="public",
                table="weird<tbl>",
                seq_scan=0,
                idx_scan=0,
                n_live_tup=0,
                n_dead_tup=0,
                total_bytes=8192,
            ),
        ),
        indexes=(
            IndexStats(
                schema_name="public",
                table="orders",
                index="orders_pkey",
                idx_scan=150_000,
                size_bytes=30_000_000,
            ),
            IndexStats(
                schema_name="public",
                table="orders",
                index="orders_note_idx",
                idx_scan=0,
                size_bytes=8_388_608,
            ),
            IndexStats(
                schema_name="public",
                table="users",
                index="users_pkey",
                idx_scan=980_000,
                size_bytes=1_000_000,
            ),
        ),
    )


def sample_health(report: Report) -> dict[str, object]:
    """The shape drift.advice.health_score(...).model_dump(mode="json") produces."""
    ids = {f.rule: f.id for f in report.findings}
    return {
        "score": 6.9,
        "areas": {
            "integrity": {
                "score": 9.0,
                "weight": 0.25,
                "deductions": [
                    {
                        "finding_id": ids["no-primary-key"],
                        "rule": "no-primary-key",
                        "severity": "warning",
                        "points": 1.0,
                    }
                ],
            },
            "indexing": {
                "score": 8.0,
                "weight": 0.2,
                "deductions": [
                    {
                        "finding_id": ids["fk-without-index"],
                        "rule": "fk-without-index",
                        "severity": "warning",
                        "points": 1.0,
                    },
                    {
                        "finding_id": ids["unused-index"],
                        "rule": "unused-index",
                        "severity": "warning",
                        "points": 1.0,
                    },
                ],
            },
            "security": {
                "score": 9.0,
                "weight": 0.2,
                "deductions": [
                    {
                        "finding_id": ids["plaintext-secret"],
                        "rule": "plaintext-secret",
                        "severity": "warning",
                        "points": 1.0,
                    }
                ],
            },
            "maintenance": {"score": 10.0, "weight": 0.15, "deductions": []},
            "drift": {"score": None, "weight": 0.0, "deductions": []},
        },
        "tables": 3,
        "findings_counted": 4,
    }


def sample_changes(report: Report) -> ChangesSinceLastRun:
    previous = sample_report(
        [f for f in sample_findings() if f.rule != "plaintext-secret"]
        + [
            _f(
                category="advice",
                rule="vacuum-stale",
                severity="warning",
                object_type="table",
                path=("public", "orders"),
                message="Table orders has 30% dead tuples.",
            )
        ]
    )
    appeared, fixed = diff_findings(previous, report)
    return ChangesSinceLastRun(
        previous_run="2026-03-13T02-30-00Z",
        previous_generated_at=PREVIOUS_AT,
        objects=diff_objects(sample_catalog(), sample_catalog(later=True)),
        appeared=appeared,
        fixed=fixed,
    )


def sample_context(report: Report) -> ReportContext:
    return ReportContext(
        catalog=sample_catalog(later=True),
        stats=sample_stats(),
        health=sample_health(report),
        changes=sample_changes(report),
        source_files={"public": "expected_schema/public.yaml", "billing": "expected_schema/billing.yaml"},
    )
