"""The health score: 0 to 10, by area, every deduction traceable to a finding.

Formula (documented for users in docs/rules/README.md; change both together):
- Each finding costs points in its area: error 3, warning 1, info 0.25 (its own severity, so
  re-levelling a rule in the config changes its cost).
- One rule can take at most 4 points from an area (1 when all its findings are info): a schema
  with 300 timestamp columns has one habit, not 300 problems. When a rule's findings exceed its
  cap, each one's cost is scaled down by the same factor, so deductions still add up.
- An area scores 10 minus its deductions, at least 0.
- The overall score is the weighted mean of the assessed areas (integrity 25%, indexing 20%,
  security 20%, maintenance 15%, drift 20%), rounded to one decimal. An area the caller did not
  assess (drift when there was nothing to compare with) has no score and no weight.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from pydantic import Field

from drift.advice.rule import AREAS, Area, Rule
from drift.advice.unvalidated import build
from drift.model import Catalog, Finding
from drift.model.base import FrozenModel

SEVERITY_POINTS: Mapping[str, float] = {"error": 3.0, "warning": 1.0, "info": 0.25}
RULE_CAP = 4.0
INFO_RULE_CAP = 1.0
AREA_WEIGHTS: Mapping[Area, float] = {
    "integrity": 0.25,
    "indexing": 0.20,
    "security": 0.20,
    "maintenance": 0.15,
    "drift": 0.20,
}
MAX_SCORE = 10.0


class Deduction(FrozenModel):
    finding_id: str
    rule: str
    severity: str
    points: float


class AreaScore(FrozenModel):
    score: float | None = Field(description="0..10, one decimal; None when the area was not assessed.")
    weight: float
    deductions: tuple[Deduction, ...] = ()

    @property
    def points(self) -> float:
        return round(sum(d.points for d in self.deductions), 3)


class HealthScore(FrozenModel):
    score: float = Field(description="0..10, one decimal: the weighted mean of the assessed areas.")
    max_score: float = MAX_SCORE
    areas: dict[str, AreaScore]
    tables: int = 0
    findings_counted: int = 0


_DEDUCTION_FIELDS = frozenset(Deduction.model_fields)


def _path_then_id(pair: tuple[Finding, float]) -> tuple[tuple[str, ...], str]:
    return pair[0].path, pair[0].id


def area_of(finding: Finding, rules: Mapping[str, Rule]) -> Area | None:
    if finding.category == "drift":
        return "drift"
    rule = rules.get(finding.rule)
    return rule.area if rule else None


def health_score(
    findings: Sequence[Finding],
    catalog: Catalog,
    *,
    rules: Mapping[str, Rule],
    assessed: Collection[str] = AREAS,
) -> HealthScore:
    unknown = set(assessed) - set(AREAS)
    if unknown:
        raise ValueError(f"unknown health areas: {sorted(unknown)}")
    by_rule: dict[tuple[Area, str], list[Finding]] = defaultdict(list)
    for f in findings:
        area = area_of(f, rules)
        if area is not None and area in assessed:
            by_rule[(area, f.rule)].append(f)
    deductions: dict[Area, list[Deduction]] = defaultdict(list)
    for (area, rule_id), group in sorted(by_rule.items()):
        raw = [SEVERITY_POINTS[f.severity] for f in group]
        cap = INFO_RULE_CAP if all(f.severity == "info" for f in group) else RULE_CAP
        scale = min(1.0, cap / sum(raw)) if sum(raw) else 1.0
        for f, pts in sorted(zip(group, raw, strict=True), key=_path_then_id):
            # one per finding, tens of thousands on a large catalog: built without validation
            deductions[area].append(
                build(
                    Deduction,
                    {
                        "finding_id": f.id,
                        "rule": rule_id,
                        "severity": f.severity,
                        "points": round(pts * scale, 3),
                    },
                    _DEDUCTION_FIELDS,
                )
            )
    areas: dict[str, AreaScore] = {}
    total = weight = 0.0
    for area in AREAS:
        if area not in assessed:
            areas[area] = AreaScore(score=None, weight=0.0)
            continue
        lost = sum(d.points for d in deductions[area])
        score = max(0.0, MAX_SCORE - lost)
        areas[area] = AreaScore(
            score=round(score, 1), weight=AREA_WEIGHTS[area], deductions=tuple(deductions[area])
        )
        total += score * AREA_WEIGHTS[area]
        weight += AREA_WEIGHTS[area]
    overall = round(total / weight, 1) if weight else MAX_SCORE
    return HealthScore(
        score=overall,
        areas=areas,
        tables=catalog.table_count,
        findings_counted=sum(len(g) for g in by_rule.values()),
    )
