"""The schema inventory: counts from the catalog, unindexed FKs from the advice findings, RLS as a fact."""

from __future__ import annotations

import re

from report_samples import sample_catalog, sample_context, sample_report, sample_stats

from drift.model import Catalog, Column, Schema, Table
from drift.report import render
from drift.report.inventory import report_inventory, schema_inventory


def test_counts_come_from_the_catalog_and_unindexed_fks_from_the_findings() -> None:
    report = sample_report()
    inv = schema_inventory(sample_catalog(later=True), sample_stats(), report.findings, advice_ran=True)
    by_name = {t.name: t for t in inv.tables}
    assert list(by_name) == ["public.orders", "public.users", "public.weird<tbl>"]
    orders, users, weird = by_name.values()
    assert (orders.columns, orders.primary_key, orders.foreign_keys, orders.unindexed_foreign_keys) == (
        3,
        ("id",),
        1,
        1,
    )
    assert (orders.indexes, orders.rows, orders.total_bytes, orders.rls) == (1, 120_000, 1_200_000_000, "off")
    assert (users.columns, users.unique_constraints, users.check_constraints, users.indexes) == (4, 1, 1, 2)
    assert (users.rls, users.policies, users.unindexed_foreign_keys) == ("forced", 1, 0)
    assert weird.primary_key is None
    assert (inv.columns, inv.foreign_keys, inv.unindexed_foreign_keys, inv.rls_enabled) == (8, 1, 1, 1)


def test_without_the_health_rules_the_unindexed_count_is_unknown_not_zero() -> None:
    inv = schema_inventory(sample_catalog(later=True), None, [], advice_ran=False)
    assert inv.unindexed_foreign_keys is None
    assert {t.unindexed_foreign_keys for t in inv.tables} == {None}
    assert {t.rows for t in inv.tables} == {None}
    assert inv.summary_line() == "3 tables, 8 columns, 1 foreign key"


def test_views_and_extension_tables_are_left_out() -> None:
    col = (Column(name="x", position=1, type="integer"),)
    catalog = Catalog(
        schemas=(
            Schema(
                name="public",
                tables=(
                    Table(name="t", columns=col, rls_enabled=True),
                    Table(name="v", kind="view", columns=col),
                    Table(name="spatial_ref_sys", columns=col, extension="postgis"),
                    Table(name="p", kind="partitioned_table", columns=col),
                ),
            ),
        )
    )
    inv = schema_inventory(catalog, None, [], advice_ran=True)
    assert [t.table for t in inv.tables] == ["p", "t"]
    assert inv.security_line() == "row-level security is enabled on 1 of 2 tables; 0 policies defined."


def test_no_catalog_no_inventory() -> None:
    assert report_inventory(None, None, [], None) is None
    assert "Schema inventory" not in render(sample_report(), "markdown")
    assert "Schema inventory" not in render(sample_report(), "html")


def test_markdown_inventory_table() -> None:
    report = sample_report()
    md = render(report, "markdown", context=sample_context(report))
    section = md[md.index("## Schema inventory") : md.index("## Largest and busiest")]
    assert "3 tables, 8 columns, 1 foreign key (1 without an index)." in section
    assert "| `public.orders` | 3 | `id` | 1 (1 unindexed) | 0 | 0 | 1 | off | 120,000 | 1.1 GB |" in section
    assert "| `public.users` | 4 | `id` | 0 | 1 | 1 | 2 | forced | 40,000 | 61 MB |" in section
    assert (
        "**Security:** row-level security is enabled on 1 of 3 tables (forced on 1); 1 policy defined."
        in section
    )
    assert not re.search("✅|❌|✔|✗", section)  # a fact, neither a tick nor a cross


def test_html_inventory_table() -> None:
    report = sample_report()
    html = render(report, "html", context=sample_context(report))
    section = html[html.index('<section id="inventory">') : html.index('<section id="usage">')]
    assert "<code>public.weird&lt;tbl&gt;</code>" in section
    assert '<td class="num">1 <span class="muted">(1 unindexed)</span></td>' in section
    assert "row-level security is enabled on 1 of 3 tables (forced on 1); 1 policy defined." in section
