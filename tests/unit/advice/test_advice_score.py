"""The health score: formula, caps, areas, traceability."""

from __future__ import annotations

import pytest
from advice_builders import catalog, col, fk, run, table

from drift.advice import AREAS, health_score
from drift.model import Finding


def drift_finding(name: str, severity: str = "error") -> Finding:
    return Finding(
        category="drift",
        rule="table",
        severity=severity,  # type: ignore[arg-type]
        object_type="table",
        change="missing",
        path=("public", name),
        message=f"{name} is missing",
    )


def advice(rule: str, n: int, severity: str = "warning") -> list[Finding]:
    return [
        Finding(
            category="advice",
            rule=rule,
            severity=severity,  # type: ignore[arg-type]
            object_type="table",
            path=("public", f"t{i}"),
            message="x",
            evidence={},
        )
        for i in range(n)
    ]


def test_no_findings_is_ten_everywhere() -> None:
    hs = health_score([], catalog())
    assert hs.score == 10.0
    assert set(hs.areas) == set(AREAS)
    assert all(a.score == 10.0 and a.deductions == () for a in hs.areas.values())


def test_points_by_severity_and_weighted_mean() -> None:
    found = advice("no-primary-key", 2) + advice("plaintext-secret", 1, "info") + [drift_finding("a")]
    hs = health_score(found, catalog())
    assert hs.areas["integrity"].score == 8.0
    assert hs.areas["security"].score == 9.8  # 9.75 shown with one decimal
    assert hs.areas["drift"].score == 7.0
    assert hs.areas["indexing"].score == 10.0
    expected = (8.0 * 0.25 + 10 * 0.20 + 9.75 * 0.20 + 10 * 0.15 + 7.0 * 0.20) / 1.0
    assert hs.score == round(expected, 1)


def test_each_rule_is_capped_and_deductions_add_up() -> None:
    hs = health_score(advice("fk-without-index", 10), catalog())
    area = hs.areas["indexing"]
    assert area.score == 6.0
    assert len(area.deductions) == 10
    assert area.points == pytest.approx(4.0)
    assert {d.points for d in area.deductions} == {0.4}
    info = health_score(advice("timestamp-without-timezone", 40, "info"), catalog())
    assert info.areas["integrity"].score == 9.0


def test_severity_of_the_finding_counts_not_the_rule_default() -> None:
    hs = health_score(advice("status-without-check", 1, "error"), catalog())
    assert hs.areas["integrity"].score == 7.0


def test_unassessed_area_has_no_score_and_no_weight() -> None:
    hs = health_score([*advice("no-primary-key", 1), drift_finding("x")], catalog(), assessed=AREAS[:4])
    assert hs.areas["drift"].score is None and hs.areas["drift"].deductions == ()
    assert hs.score == round((9.0 * 0.25 + 10 * 0.55) / 0.8, 1)
    with pytest.raises(ValueError, match="unknown health areas"):
        health_score([], catalog(), assessed=("speed",))


def test_every_deduction_points_at_a_finding() -> None:
    p = table("p", "id")
    t = table("t", "id", col("p_id"), col("status", "text"), foreign_keys=(fk("f", ("p_id",), "p"),))
    cat = catalog(p, t)
    found = run(cat)
    hs = health_score(found, cat)
    ids = {f.id for f in found}
    deducted = [d for a in hs.areas.values() for d in a.deductions]
    assert {d.finding_id for d in deducted} == ids
    assert hs.findings_counted == len(found)
    assert hs.tables == 2
    # JSON round trip for the report
    assert type(hs).model_validate_json(hs.model_dump_json()) == hs


def test_unknown_advice_rules_are_not_scored() -> None:
    hs = health_score(advice("someone-elses-rule", 3), catalog())
    assert hs.score == 10.0 and hs.findings_counted == 0
