"""Severity glyphs and colours, shared by the tree, the table and the detail pane.

Shape and colour both carry the severity, so it reads on a monochrome terminal and for
colour-blind users; the colours are mid-tones that stay legible on light and dark themes.
"""

from __future__ import annotations

from rich.text import Text

from drift.model import Severity

GLYPH: dict[str, str] = {"error": "✖", "warning": "▲", "info": "●"}
STYLE: dict[str, str] = {"error": "bold #e0443e", "warning": "bold #d29a00", "info": "#3b8ede"}
SHORT: dict[str, str] = {"error": "error", "warning": "warning", "info": "info"}  # as the reports spell them


def badge(severity: Severity | None) -> Text:
    """The glyph alone ('✖ '), or two spaces when there is nothing to mark."""
    text = Text()  # no base style: the name appended after the glyph keeps its own colour
    if severity is None:
        text.append("  ")
    else:
        text.append(GLYPH[severity], style=STYLE[severity])
        text.append(" ")
    return text


def severity_cell(severity: Severity) -> Text:
    return Text(f"{GLYPH[severity]} {SHORT[severity]}", style=STYLE[severity])


def label(name: str, severity: Severity | None, *, dim: bool = False, suffix: str = "") -> Text:
    text = badge(severity)
    text.append(name, style="dim" if dim else "")
    if suffix:
        text.append(f" {suffix}", style="dim italic")
    return text
