"""Writing the findings currently on screen to a file, as JSON or Markdown.

The rendering belongs to drift/report (the same documents `drift check --format json|markdown`
writes); this module only narrows the report to the visible findings and writes the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from drift.errors import DriftError
from drift.model import Finding, Report

ExportFormat = Literal["json", "markdown"]
EXTENSIONS: dict[ExportFormat, str] = {"json": ".json", "markdown": ".md"}
DEFAULT_STEM = "drift-findings"


def default_path(fmt: ExportFormat) -> str:
    return DEFAULT_STEM + EXTENSIONS[fmt]


def narrowed(report: Report, findings: Sequence[Finding]) -> Report:
    """The same report, holding only `findings` (its summary recounted)."""
    return Report.build(
        tool_version=report.tool.version,
        generated_at=report.generated_at,
        target=report.target,
        sources=report.sources,
        findings=tuple(findings),
        extra=report.extra,
    )


def export_findings(report: Report, findings: Sequence[Finding], path: Path, fmt: ExportFormat) -> Path:
    """Write the visible findings to `path` (relative paths from the working directory)."""
    from drift.report import render

    text = render(narrowed(report, findings), fmt)
    target = path.expanduser()
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DriftError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target
