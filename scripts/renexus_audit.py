"""docs/audit-renexus.md: the hand-written Renexus audit's claims next to what drift computes.

The claims are quoted from shared/seed/MIGRATIONS_AUDIT.md (they are the only values typed in here);
everything in the "drift" columns comes from a check result (catalog, findings, health score) and a
`drift migrations verify` result passed in by scripts/gen_report_example.py, or by the test that
asserts each correction (tests/report/test_renexus_audit.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from drift.model import Catalog, Finding
from drift.report.health_view import health_view
from drift.report.inventory import SchemaInventory, report_inventory

# --- what the hand audit says (shared/seed/MIGRATIONS_AUDIT.md) ---------------------------------

# §5.1 "Schema Completeness Check": Schema Fields per table (sessions is not listed).
AUDIT_COLUMNS = {
    "users": 8,
    "projects": 14,
    "content": 17,
    "social_accounts": 11,
    "social_posts": 16,
    "content_metrics": 9,
    "ai_generation_tasks": 9,
}
# Same table, "Missing Fields" column: "None" everywhere except social_posts.
AUDIT_MISSING_FIELDS = {"social_posts": "16 fields"}
# §3.1 "Additional recommended indexes needed" that cover a foreign key: (table, column).
AUDIT_FK_INDEXES = {
    ("projects", "user_id"),
    ("content", "user_id"),
    ("content", "project_id"),
    ("social_posts", "user_id"),
    ("content_metrics", "content_id"),
}
# §7.1 "Enum Validations": the status columns it recommends a CHECK for.
AUDIT_CHECKS = {("content", "status"), ("projects", "status")}
AUDIT_SCORE = 7.5


# --- what drift computed ---------------------------------------------------------------------------


def _by_rule(findings: Iterable[Finding], rule: str) -> list[Finding]:
    return sorted((f for f in findings if f.rule == rule), key=lambda f: f.path)


def column_counts(catalog: Catalog) -> dict[str, int]:
    return {t.name: len(t.columns) for _, t in catalog.iter_tables() if t.kind == "table"}


def unindexed_fks(catalog: Catalog, findings: Iterable[Finding]) -> list[tuple[str, str, str, Finding]]:
    """(table, columns, referenced table, finding) for each fk-without-index finding."""
    out = []
    for f in _by_rule(findings, "fk-without-index"):
        table = catalog.get_table(f.path[0], f.path[1])
        fk = next(k for k in table.foreign_keys if k.name == f.path[2]) if table else None
        cols = ", ".join(fk.columns) if fk else "?"
        ref = fk.ref_table if fk else "?"
        out.append((f.path[1], cols, ref, f))
    return out


def _cols(findings: Iterable[Finding]) -> str:
    return ", ".join(f"`{f.path[1]}.{f.path[2]}`" for f in findings) or "none"


def _orm_column_findings(findings: Iterable[Finding], table: str, change: str) -> int:
    return sum(
        1
        for f in findings
        if f.against == "orm" and f.object_type == "column" and f.change == change and f.path[1] == table
    )


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _verdict(claim: int | None, actual: int) -> str:
    if claim is None:
        return "not listed"
    return "right" if claim == actual else f"wrong: {actual}, not {claim}"


# --- the page ---------------------------------------------------------------------------------------


def _summary(result: Any, verify: Any, inventory: SchemaInventory) -> list[str]:
    findings = result.report.findings
    catalog = result.snapshot.catalog
    counts = column_counts(catalog)
    wrong = [t for t, n in AUDIT_COLUMNS.items() if counts.get(t) != n]
    fks = unindexed_fks(catalog, findings)
    missed = [(t, c) for t, c, _, _ in fks if (t, c) not in AUDIT_FK_INDEXES]
    secrets = _by_rule(findings, "plaintext-secret")
    statuses = _by_rule(findings, "status-without-check")
    stamps = _by_rule(findings, "timestamp-without-timezone")
    no_pk = _by_rule(findings, "no-primary-key")
    health = health_view(result.health)
    score = f"{health.score:.1f} / {health.max:g}" if health else "not computed"
    failures = verify.idempotency_failures
    idem = (
        "idempotent"
        if verify.idempotent
        else f"not idempotent: {len(failures)} statements fail on a second run"
        + (
            f", {len(verify.idempotency_differences)} change the schema"
            if verify.idempotency_differences
            else ""
        )
    )
    rows = [
        [
            "Column counts (§5.1)",
            "users 8, projects 14, content 17, social_accounts 11, social_posts 16, content_metrics 9, "
            "ai_generation_tasks 9",
            ", ".join(f"{t} {counts.get(t, '?')}" for t in AUDIT_COLUMNS),
            f"wrong for {len(wrong)} of {len(AUDIT_COLUMNS)} tables",
        ],
        [
            "Foreign keys (§2.1, §3.1)",
            '"✅ Proper"; indexes recommended on 5 foreign-key columns',
            f"{len(fks)} of {inventory.foreign_keys} foreign keys have no index",
            "incomplete: misses " + ", ".join(f"`{t}({c})`" for t, c in missed) if missed else "right",
        ],
        [
            "OAuth tokens (§10.1)",
            '"⚠️ OAuth tokens stored as plain text"',
            f"`plaintext-secret` on {_cols(f for f in secrets if f.severity != 'info')}; "
            f"{_cols(f for f in secrets if f.severity == 'info')} to confirm as a hash",
            "right",
        ],
        [
            "Status columns (§6.1, §7.1)",
            "CHECK recommended on `content.status`, `projects.status`",
            f"{len(statuses)} status/type columns without CHECK, enum or lookup table",
            f"incomplete: names {len(AUDIT_CHECKS)} of {len(statuses)}",
        ],
        [
            "Timestamps (§1.1)",
            '"✅ Created/updated tracking"',
            f"{len(stamps)} columns are `timestamp without time zone`",
            "not assessed by the audit",
        ],
        [
            "Primary keys (§6.1)",
            '"✅ All tables have proper primary keys"',
            f"{len(inventory.tables) - len(no_pk)} of {len(inventory.tables)} tables have one",
            "right" if not no_pk else "wrong",
        ],
        [
            "Row-level security (§10.2)",
            '"✅ Row Level Security: Not implemented"',
            inventory.security_line().removesuffix("."),
            "a tick on something absent: drift states the fact",
        ],
        [
            "Idempotency (§4.1)",
            '"✅ Can be run multiple times safely"',
            idem,
            "wrong" if verify.idempotent is False else "right",
        ],
        [
            "Rollback (§4.1)",
            '"❌ No rollback script provided"',
            "no down migration: " + (", ".join(verify.without_down) or "none missing"),
            "right" if verify.without_down else "wrong",
        ],
        [
            "Health score",
            f"{AUDIT_SCORE}/10, no derivation",
            f"{score}, every point traced to findings",
            "not comparable: see the breakdown below",
        ],
    ]
    return [
        "## Summary",
        "",
        "| Topic | Hand audit says | drift computes | Verdict |",
        "|---|---|---|---|",
        *("| " + " | ".join(r) + " |" for r in rows),
        "",
    ]


def _columns_section(result: Any) -> list[str]:
    findings = result.report.findings
    counts = column_counts(result.snapshot.catalog)
    model = column_counts(result.orm) if result.orm is not None else {}
    lines = [
        "## Column counts (§5.1 Schema Completeness Check)",
        "",
        "drift counts the columns in the catalog (`pg_attribute`), and compares the database with",
        "the models column by column. The models are the SQLAlchemy port of the Drizzle schema",
        "(`drift/examples/renexus_models.py`), so the model columns stand in for the audit's Drizzle",
        "column.",
        "",
        "| Table | Audit: schema fields | drift: columns | Verdict | Model columns | Audit: missing fields"
        " | drift: columns the model lacks / the database lacks |",
        "|---|---|---|---|---|---|---|",
    ]
    order = [*AUDIT_COLUMNS, *sorted(set(counts) - set(AUDIT_COLUMNS))]
    for table in (t for t in order if t in counts):
        claim = AUDIT_COLUMNS.get(table)
        missing = "not listed" if claim is None else AUDIT_MISSING_FIELDS.get(table, "None")
        lacks_model = _orm_column_findings(findings, table, "unexpected")
        lacks_database = _orm_column_findings(findings, table, "missing")
        orm = f"{lacks_model} / {lacks_database}"
        lines.append(
            f"| `{table}` | {claim if claim is not None else 'not listed'} | {counts[table]} | "
            f"{_verdict(claim, counts[table])} | {model.get(table, '?')} | {missing} | {orm} |"
        )
    return [*lines, ""]


def _fk_section(result: Any) -> list[str]:
    fks = unindexed_fks(result.snapshot.catalog, result.report.findings)
    lines = [
        "## Foreign keys without an index (§2.1, §3.1)",
        "",
        'The audit rates every foreign key "✅ Complete" and "Proper CASCADE behavior". PostgreSQL',
        "does not index the referencing side of a foreign key: each cascading DELETE on the parent",
        "scans the child table. drift's `fk-without-index` rule finds these:",
        "",
        "| Table | Columns | References | In the audit's recommended indexes | drift's fix |",
        "|---|---|---|---|---|",
    ]
    for table, cols, ref, f in fks:
        listed = "yes" if (table, cols) in AUDIT_FK_INDEXES else "**no**"
        lines.append(f"| `{table}` | `{cols}` | `{ref}` | {listed} | `{(f.fix or '').strip()}` |")
    return [*lines, ""]


def _migrations_section(verify: Any) -> list[str]:
    lines = [
        "## Idempotency and rollback (§4.1)",
        "",
        "`drift migrations verify` applies the migrations to a scratch database, then applies them a",
        "second time. The `CREATE TABLE` and `CREATE INDEX` statements say `IF NOT EXISTS`; the",
        "`ALTER TABLE ... ADD CONSTRAINT` statements cannot, so a second run fails:",
        "",
    ]
    if verify.idempotent:
        lines += ["Applying the migrations a second time succeeds and changes nothing.", ""]
    for a in verify.idempotency_failures:
        lines.append(f"- `{Path(a.file).name}:{a.line}`: {a.error}")
    for change in verify.idempotency_differences:
        lines.append(f"- changes the schema: {change}")
    down = ", ".join(f"`{m}`" for m in verify.without_down) or "none"
    return [*lines, "", f"Migrations without a down migration: {down}.", ""]


def _health_section(result: Any) -> list[str]:
    health = health_view(result.health)
    if health is None:
        return []
    lines = [
        "## Health score",
        "",
        f"The audit's {AUDIT_SCORE}/10 has no derivation. drift's {health.score:.1f} / {health.max:g} is",
        "the weighted mean of the areas below; each finding costs its area points by severity (error 3,",
        "warning 1, info 0.25, at most 4 per rule and area, 1 when the rule's findings are all info),",
        "and every deduction names its findings in [report-example.md](report-example.md):",
        "",
        "| Area | Weight | Score | Deductions |",
        "|---|---|---|---|",
    ]
    for area in health.areas:
        weight = "" if area.weight is None else f"{area.weight:.0%}"
        score = "not assessed" if area.score is None else f"{area.score:.1f} / {area.max:g}"
        lost = "; ".join(
            f"`{d.rule}` -{d.points:.1f} ({len(d.finding_ids)} findings)" for d in area.by_rule()
        )
        lines.append(f"| {area.name} | {weight} | {score} | {lost or 'none'} |")
    return [*lines, ""]


def audit_page(result: Any, verify: Any) -> str:
    """The whole page, from a CheckResult and a migrations VerifyResult."""
    inventory = report_inventory(
        result.snapshot.catalog, result.snapshot.stats, result.report.findings, result.health
    )
    assert inventory is not None
    lines = [
        "<!-- Generated by scripts/gen_report_example.py from a real run: do not edit by hand. -->",
        "",
        "# The Renexus hand audit, checked by drift",
        "",
        "`shared/seed/MIGRATIONS_AUDIT.md` is an audit of the Renexus database written by hand. Here",
        "each of its checkable claims stands next to what drift computes from the catalog, the health",
        "rules and `drift migrations verify` on the same schema (one drizzle migration, loaded into a",
        "throwaway PostgreSQL). The full drift report is [report-example.md](report-example.md).",
        "",
        *_summary(result, verify, inventory),
        *_columns_section(result),
        *_fk_section(result),
        "## Secrets, status columns and row-level security (§6, §7, §10)",
        "",
        f"- `plaintext-secret`: {_cols(_by_rule(result.report.findings, 'plaintext-secret'))}.",
        f"- `status-without-check`: {_cols(_by_rule(result.report.findings, 'status-without-check'))}.",
        f"- {_capitalised(inventory.security_line())} The audit ticks this with ✅; drift states it",
        "  as a fact: whether a table needs RLS is the application's decision.",
        "",
        *_migrations_section(verify),
        *_health_section(result),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"
