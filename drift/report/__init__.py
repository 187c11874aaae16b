"""Report renderers, keyed by format: one `render(report, fmt)` for every command that writes output.

Commands never branch on the format: they call `render`, and `RENDERERS` is the only place that
knows which function writes which format (and which file extension it gets). Add a format by adding
a module with a `render_<fmt>(report, options) -> str` function and one entry below.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from drift.errors import ConfigError
from drift.model import Report
from drift.report.changes import ChangesSinceLastRun, FindingRef, ObjectChange
from drift.report.context import RenderOptions, ReportContext


@dataclass(frozen=True)
class Renderer:
    """One output format: its name, the file extension it is saved with, and where its function is.

    The function is imported on first use, so `drift check --json` never imports jinja2 or rich.
    """

    name: str
    extension: str
    media_type: str
    function: str  # "module:function"
    description: str

    def load(self) -> Callable[[Report, RenderOptions], str]:
        module, _, attr = self.function.partition(":")
        fn: Callable[[Report, RenderOptions], str] = getattr(importlib.import_module(module), attr)
        return fn

    def render(self, report: Report, options: RenderOptions) -> str:
        return self.load()(report, options)


RENDERERS: Mapping[str, Renderer] = MappingProxyType(
    {
        r.name: r
        for r in (
            Renderer(
                "text",
                "txt",
                "text/plain",
                "drift.report.text:render_text",
                "readable terminal summary grouped by table",
            ),
            Renderer(
                "json",
                "json",
                "application/json",
                "drift.report.json_report:render_json",
                "the stable JSON contract",
            ),
            Renderer(
                "markdown",
                "md",
                "text/markdown",
                "drift.report.markdown:render_markdown",
                "PR comments, nightly report",
            ),
            Renderer(
                "html",
                "html",
                "text/html",
                "drift.report.html_report:render_html",
                "one self-contained page with charts",
            ),
            Renderer(
                "sarif",
                "sarif",
                "application/sarif+json",
                "drift.report.sarif:render_sarif",
                "GitHub code scanning",
            ),
            Renderer(
                "junit",
                "xml",
                "application/xml",
                "drift.report.junit:render_junit",
                "JUnit XML for CI test views",
            ),
        )
    }
)
FORMATS: tuple[str, ...] = tuple(RENDERERS)


def get_renderer(fmt: str) -> Renderer:
    """The renderer for `fmt`, or a ConfigError naming the formats there are."""
    try:
        return RENDERERS[fmt]
    except KeyError:
        raise ConfigError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})") from None


def render(
    report: Report,
    fmt: str,
    *,
    context: ReportContext | None = None,
    color: bool = False,
    width: int | None = None,
    verbose: bool = False,
) -> str:
    """`report` in format `fmt`. `color` only affects text; `verbose` adds fix SQL to text output."""
    options = RenderOptions(context=context or ReportContext(), color=color, width=width, verbose=verbose)
    return get_renderer(fmt).render(report, options)


__all__ = [
    "FORMATS",
    "RENDERERS",
    "ChangesSinceLastRun",
    "FindingRef",
    "ObjectChange",
    "RenderOptions",
    "Renderer",
    "ReportContext",
    "get_renderer",
    "render",
]
