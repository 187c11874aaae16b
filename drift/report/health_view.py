"""Reading the health score structure (a plain dict from drift.advice) into something to render.

The report package depends only on drift.model, so it reads the score's `model_dump()` rather than
importing drift.advice. The reader is lenient about spelling (`max` or `max_score`, areas as a list or
a mapping), so the renderers keep working while the score's model evolves; unknown keys are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Deduction:
    points: float
    rule: str | None
    reason: str | None
    finding_ids: tuple[str, ...]


@dataclass(frozen=True)
class RuleDeduction:
    """The deductions of one rule in one area, added up (one line in the breakdown)."""

    rule: str
    points: float
    finding_ids: tuple[str, ...]


@dataclass(frozen=True)
class AreaScore:
    name: str
    score: float | None  # None: the area was not assessed (e.g. drift with nothing to compare)
    max: float
    weight: float | None
    deductions: tuple[Deduction, ...]

    @property
    def lost(self) -> float:
        return sum(d.points for d in self.deductions)

    def by_rule(self) -> tuple[RuleDeduction, ...]:
        """Deductions summed per rule, biggest first: what a reader acts on."""
        totals: dict[str, tuple[float, list[str]]] = {}
        for d in self.deductions:
            key = d.rule or d.reason or "other"
            points, ids = totals.get(key, (0.0, []))
            totals[key] = (points + d.points, [*ids, *d.finding_ids])
        rows = [RuleDeduction(k, round(p, 3), tuple(ids)) for k, (p, ids) in totals.items()]
        return tuple(sorted(rows, key=lambda r: (-r.points, r.rule)))


@dataclass(frozen=True)
class HealthView:
    score: float
    max: float
    areas: tuple[AreaScore, ...]

    @property
    def fraction(self) -> float:
        return max(0.0, min(1.0, self.score / self.max)) if self.max else 0.0

    @property
    def grade(self) -> str:
        """good / fair / poor, for a colour and a word next to the number."""
        if self.fraction >= 0.8:
            return "good"
        if self.fraction >= 0.5:
            return "fair"
        return "poor"


def _first(d: Mapping[str, Any], *keys: str) -> Any:
    for k in keys:
        if k in d and d[k] is not None:
            return d[k]
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _ids(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        out: list[str] = []
        for v in value:
            if isinstance(v, str):
                out.append(v)
            elif isinstance(v, Mapping) and isinstance(v.get("id"), str):
                out.append(v["id"])
        return tuple(out)
    return ()


def _deduction(raw: Any) -> Deduction | None:
    if not isinstance(raw, Mapping):
        return None
    points = _number(_first(raw, "points", "deduction", "amount", "penalty", "value"))
    return Deduction(
        points=abs(points) if points is not None else 0.0,
        rule=_first(raw, "rule", "rule_id"),
        reason=_first(raw, "reason", "message", "note", "description"),
        finding_ids=_ids(_first(raw, "finding_ids", "findings", "finding_id", "ids")),
    )


def _area(name: str, raw: Mapping[str, Any], top: float) -> AreaScore:
    deductions = _first(raw, "deductions", "penalties", "items") or []
    parsed = [d for d in (_deduction(x) for x in deductions) if d is not None]
    return AreaScore(
        name=str(_first(raw, "area", "name") or name),
        score=_number(_first(raw, "score", "value")),
        max=_number(_first(raw, "max", "max_score", "out_of", "maximum")) or top,
        weight=_number(raw.get("weight")),
        deductions=tuple(parsed),
    )


def health_view(health: Mapping[str, Any] | None) -> HealthView | None:
    """The score to show, or None when there is none (or it has no number)."""
    if not health:
        return None
    score = _number(_first(health, "score", "total", "value"))
    if score is None:
        return None
    top = _number(_first(health, "max", "max_score", "out_of", "maximum")) or 10.0
    raw_areas = _first(health, "areas", "breakdown", "by_area") or []
    areas: list[AreaScore] = []
    if isinstance(raw_areas, Mapping):
        for name, raw in raw_areas.items():
            if isinstance(raw, Mapping):
                areas.append(_area(str(name), raw, top))
            elif _number(raw) is not None:
                areas.append(AreaScore(str(name), _number(raw), top, None, ()))
    elif isinstance(raw_areas, list | tuple):
        areas.extend(_area("", raw, top) for raw in raw_areas if isinstance(raw, Mapping))
    return HealthView(score=score, max=top, areas=tuple(areas))
