"""Filtering, sorting and load comparison, without an app."""

from __future__ import annotations

import time

from tui_sample import findings

from drift.model import Finding
from drift.tui.findings_view import (
    FindingFilter,
    FindingIndex,
    compare_loads,
    sort_findings,
    worst_by_prefix,
)


def test_default_filter_shows_everything() -> None:
    index = FindingIndex(tuple(findings()))
    assert len(index.select(FindingFilter())) == len(findings())


def test_text_filter_matches_every_word_in_path_rule_or_message() -> None:
    index = FindingIndex(tuple(findings()))
    paths = {f.dotted_path for f in index.select(FindingFilter(text="USERS email"))}
    assert paths == {"app.users.email", "app.users.users_email_idx"}
    assert [f.rule for f in index.select(FindingFilter(text="fk-without"))] == ["fk-without-index"]


def test_severity_and_category_cycle_back_to_all() -> None:
    flt = FindingFilter()
    seen = []
    for _ in range(4):
        flt = flt.next_severity()
        seen.append(flt.severity)
    assert seen == ["error", "warning", "info", None]
    cats = [
        FindingFilter().next_category().category,
        FindingFilter().next_category().next_category().category,
    ]
    assert cats == ["drift", "advice"]


def test_scope_keeps_findings_under_a_path() -> None:
    index = FindingIndex(tuple(findings()))
    shown = index.select(FindingFilter(scope=("app", "orders")))
    assert {f.dotted_path for f in shown} == {"app.orders.orders_user_id_fkey", "app.orders.user_id"}


def test_sort_by_each_column_and_reverse() -> None:
    items = findings()
    by_sev = sort_findings(items, "severity")
    assert [f.severity for f in by_sev][:4] == ["error"] * 4
    assert sort_findings(items, "severity", reverse=True)[0].severity == "info"
    by_obj = [f.dotted_path for f in sort_findings(items, "object")]
    assert by_obj == sorted(by_obj)
    by_msg = [f.message.lower() for f in sort_findings(items, "message")]
    assert by_msg == sorted(by_msg)


def test_compare_loads_marks_new_and_counts_resolved() -> None:
    before = findings()
    extra = Finding(
        category="drift",
        rule="column.missing",
        severity="error",
        object_type="column",
        change="missing",
        path=("app", "users", "phone"),
        message="column app.users.phone is missing",
    )
    after = [*before[1:], extra]
    delta = compare_loads(before, after)
    assert len(delta.new) == 1 and delta.resolved == 1
    assert compare_loads(before, before).empty


def test_worst_by_prefix_takes_the_worst_severity() -> None:
    worst = worst_by_prefix(findings())
    assert worst[("app",)] == "error"
    assert worst[("app", "users")] == "error"
    assert worst[("app", "users", "legacy_flag")] == "warning"
    assert worst[("app", "invoice_seq")] == "warning"


def test_filtering_ten_thousand_findings_is_quick() -> None:
    """Informal: well under a second (the assertion is generous so slow CI never flakes)."""
    many = tuple(
        Finding(
            category="advice" if i % 3 else "drift",
            rule=f"rule-{i % 7}",
            severity=("error", "warning", "info")[i % 3],
            object_type="column",
            path=("s", f"t{i % 500}", f"c{i}"),
            message=f"column c{i} needs attention",
        )
        for i in range(10_000)
    )
    index = FindingIndex(many)
    start = time.perf_counter()
    shown = index.select(FindingFilter(text="t42", severity="error"))
    sorted_ = sort_findings(shown, "object")
    elapsed = time.perf_counter() - start
    assert shown and len(sorted_) == len(shown)
    assert elapsed < 2.0
