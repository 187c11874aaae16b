"""The JSON contract (docs/json-report.md): the `Report` model, serialised as it is.

The document's shape is owned by drift.model.findings.Report and published as
docs/schema/report.schema.json; this renderer adds nothing and drops nothing, so what CI parses is
exactly what the model and its schema say.
"""

from __future__ import annotations

from drift.model import Report
from drift.report.context import RenderOptions


def render_json(report: Report, options: RenderOptions) -> str:
    return report.model_dump_json(indent=2) + "\n"
