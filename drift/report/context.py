"""What a renderer gets besides the report: optional sections and presentation switches."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field

from drift.model import Catalog, UsageStats
from drift.model.base import FrozenModel
from drift.report.changes import ChangesSinceLastRun


class ReportContext(FrozenModel):
    """Optional extra sections for the nightly report; every renderer works without any of them."""

    catalog: Catalog | None = Field(default=None, description="The live catalog the report is about.")
    stats: UsageStats | None = Field(
        default=None, description="Usage statistics: largest/busiest tables and indexes, their age."
    )
    health: dict[str, Any] | None = Field(
        default=None, description="drift.advice.health_score(...).model_dump(): score and areas."
    )
    changes: ChangesSinceLastRun | None = Field(
        default=None, description="From drift.report.history.changes_since_last_run()."
    )
    source_files: Mapping[str, str] = Field(
        default_factory=dict,
        description="Where objects are declared: 'schema.table' or 'schema' -> file path. SARIF uses it "
        "for physical locations; without it the expected-schema directory is searched.",
    )
    docs_base_url: str | None = Field(
        default=None,
        description="Absolute URL the docs/ paths are relative to (e.g. the repository's blob URL). "
        "SARIF helpUri needs an absolute URI; without it the rule help names the doc path instead. "
        "HTML and Markdown links use it as given (Markdown also takes a relative one, e.g. '..').",
    )
    sarif_fallback_uri: str | None = Field(
        default=None,
        description="Repository-relative file SARIF results point at when no declaring file is known "
        "(GitHub code scanning drops results without a file), e.g. 'drift.toml'.",
    )


@dataclass(frozen=True)
class RenderOptions:
    """Everything one render call was given, passed to the renderer as one value."""

    context: ReportContext = field(default_factory=ReportContext)
    color: bool = False
    width: int | None = None
    verbose: bool = False
