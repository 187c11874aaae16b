"""The rule registry, per-rule settings, and the documentation every rule must have."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from advice_builders import catalog, col, run, table

from drift.advice import AREAS, RULES, run_advice
from drift.errors import ConfigError

DOCS = Path(__file__).resolve().parents[3] / "docs" / "rules"

REQUIRED = {
    "fk-without-index",
    "unused-index",
    "duplicate-index",
    "invalid-index",
    "no-primary-key",
    "invalid-constraint",
    "sequence-exhaustion",
    "plaintext-secret",
    "status-without-check",
    "timestamp-without-timezone",
    "seq-scan-heavy",
    "vacuum-stale",
}


def test_required_rules_are_registered_with_sane_metadata() -> None:
    assert REQUIRED <= set(RULES)
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule_id)
        assert rule.area in AREAS and rule.area != "drift"
        assert rule.default_severity in ("warning", "info"), "advice must not fail CI by default"
        assert rule.summary.endswith(".")


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_a_doc_page_naming_its_thresholds(rule_id: str) -> None:
    page = DOCS / f"{rule_id}.md"
    assert page.is_file(), f"missing {page}"
    text = page.read_text()
    assert text.startswith(f"# {rule_id}\n")
    assert RULES[rule_id].default_severity in text
    for name, _default in RULES[rule_id].thresholds.items():
        assert f"`{name}`" in text, f"{rule_id}: threshold {name} undocumented"
    index = (DOCS / "README.md").read_text()
    assert f"[{rule_id}]({rule_id}.md)" in index


STATUS_TABLE = catalog(table("t", "id", col("status", "text"), col("at", "timestamp without time zone")))


def test_rule_can_be_switched_off() -> None:
    rules = {f.rule for f in run_advice(STATUS_TABLE, None)}
    assert {"status-without-check", "timestamp-without-timezone"} <= rules
    off = run_advice(STATUS_TABLE, None, settings={"status-without-check": {"enabled": False}})
    assert "status-without-check" not in {f.rule for f in off}


def test_rule_can_be_relevelled() -> None:
    (f,) = run(STATUS_TABLE, rule="status-without-check", severity="error")
    assert f.severity == "error"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"no-such-rule": {}}, "unknown health rule 'no-such-rule'"),
        ({"unused-index": {"min_stats_age": 3}}, "rule unused-index has no setting 'min_stats_age'"),
        ({"unused-index": {"min_stats_age_days": "soon"}}, "must be a number"),
        ({"unused-index": {"min_size_bytes": 1.5}}, "must be a whole number"),
        ({"unused-index": {"enabled": "yes"}}, "must be true or false"),
        ({"unused-index": {"severity": "critical"}}, "must be one of error, warning, info"),
    ],
)
def test_bad_settings_are_config_errors(settings: dict[str, dict[str, object]], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        run_advice(catalog(), None, settings=settings)


def test_integer_given_for_a_float_threshold_and_integral_float_for_int() -> None:
    run_advice(
        catalog(), None, settings={"unused-index": {"min_stats_age_days": 3, "min_size_bytes": 8192.0}}
    )


def test_findings_are_sorted_and_advice_shaped() -> None:
    found = run_advice(STATUS_TABLE, None)
    assert found == sorted(found, key=lambda f: (f.rule, f.path))
    for f in found:
        assert f.category == "advice" and f.change is None and f.evidence is not None and f.id


def test_extension_owned_tables_are_ignored() -> None:
    t = table("spatial_ref_sys", "id", col("status", "text"), pk=None, extension="postgis")
    assert run_advice(catalog(t), None) == []
