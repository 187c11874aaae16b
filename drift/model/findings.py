"""Findings and the report document: the JSON contract CI users parse.

Fields may be added, never renamed or removed (docs/json-report.md). A finding's `id` is a stable
hash of its rule and path, so a dashboard can follow one finding from night to night.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, Literal

from pydantic import Field, model_validator

from drift.model.base import FrozenModel

Severity = Literal["error", "warning", "info"]
Category = Literal["drift", "advice"]
Change = Literal["missing", "unexpected", "changed"]
ObjectType = Literal[
    "database",
    "schema",
    "table",
    "view",
    "materialized_view",
    "column",
    "primary_key",
    "foreign_key",
    "unique",
    "check",
    "exclusion",
    "index",
    "sequence",
    "enum",
    "domain",
    "function",
    "trigger",
    "extension",
    "policy",
    "privilege",
    "comment",
]

SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
REPORT_VERSION = 1


def finding_id(rule: str, path: tuple[str, ...] | list[str], against: str | None = None) -> str:
    raw = "\x1f".join([rule, against or "", *path])
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


class Finding(FrozenModel):
    """One difference (category drift) or one piece of health advice (category advice)."""

    category: Category
    rule: str
    severity: Severity
    object_type: ObjectType
    change: Change | None = None
    attribute: str | None = None
    path: tuple[str, ...]
    against: str | None = None
    expected: Any = None
    actual: Any = None
    message: str
    fix: str | None = None
    evidence: dict[str, Any] | None = Field(
        default=None, description="Advice only: the figures behind the finding and their age."
    )

    id: str = Field(default="", description="Stable hash of (rule, against, path); filled in.")

    @model_validator(mode="after")
    def _fill_id(self) -> Finding:
        if not self.id:
            object.__setattr__(self, "id", finding_id(self.rule, self.path, self.against))
        return self

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.severity]

    @property
    def dotted_path(self) -> str:
        return ".".join(self.path)


class ToolInfo(FrozenModel):
    name: str = "drift"
    version: str


class Target(FrozenModel):
    database: str | None = None
    server_version: str | None = None
    dsn: str | None = Field(default=None, description="Connection string, password masked.")


class SourceInfo(FrozenModel):
    kind: str = Field(description="expected | orm | migrations | database | snapshot")
    location: str


class Summary(FrozenModel):
    error: int = 0
    warning: int = 0
    info: int = 0


class Report(FrozenModel):
    report_version: int = REPORT_VERSION
    tool: ToolInfo
    generated_at: datetime
    target: Target
    sources: tuple[SourceInfo, ...] = ()
    summary: Summary
    findings: tuple[Finding, ...] = ()
    extra: dict[str, Any] = Field(
        default_factory=dict,
        description="Optional sections (health score, usage tops, history) keyed by name.",
    )

    @classmethod
    def build(
        cls,
        *,
        tool_version: str,
        generated_at: datetime,
        target: Target,
        sources: tuple[SourceInfo, ...] | list[SourceInfo],
        findings: list[Finding] | tuple[Finding, ...],
        extra: dict[str, Any] | None = None,
    ) -> Report:
        ordered = sorted(findings, key=lambda f: (-f.rank, f.category, f.path, f.rule))
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in ordered:
            counts[f.severity] += 1
        return cls(
            tool=ToolInfo(version=tool_version),
            generated_at=generated_at,
            target=target,
            sources=tuple(sources),
            summary=Summary(**counts),
            findings=tuple(ordered),
            extra=extra or {},
        )

    def worst(self) -> Severity | None:
        if self.summary.error:
            return "error"
        if self.summary.warning:
            return "warning"
        if self.summary.info:
            return "info"
        return None
