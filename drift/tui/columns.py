"""The findings table's columns: what each cell says and how wide each column may be.

Plain Python (no widgets), so the layout rules are tested on their own. The table fits its columns
to the room it has: severity, source and object always show; the change (or rule) comes next; the
message takes what is left and is the part that scrolls sideways on a narrow terminal. A long object
name is shortened in its middle, so the table it belongs to and the end of its own name both stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from drift.model import Finding
from drift.report.headline import short_message
from drift.tui.findings_view import change_label, source_label
from drift.tui.widgets.severity import GLYPH, SHORT

PAD = 2  # one space each side of every cell
SEVERITY_WIDTH = len("▲ warning")
SOURCE_CAP = 10
OBJECT_CAP, OBJECT_GOOD, OBJECT_MIN = 44, 32, 24
CHANGE_CAP, CHANGE_GOOD, CHANGE_MIN = 22, 18, 12
MESSAGE_CAP, MESSAGE_GOOD, MESSAGE_MIN = 90, 36, 16


@dataclass(frozen=True)
class Widths:
    severity: int
    source: int
    object: int
    change: int
    message: int

    def as_tuple(self) -> tuple[int, int, int, int, int]:
        return (self.severity, self.source, self.object, self.change, self.message)

    @property
    def total(self) -> int:
        return sum(self.as_tuple()) + PAD * 5


def common_schema(findings: Sequence[Finding]) -> str | None:
    """The schema every finding is in, when there is exactly one (its name is then left out)."""
    schemas = {f.path[0] for f in findings if f.path and f.object_type != "extension"}
    other = any(not f.path or f.object_type == "extension" for f in findings)
    return next(iter(schemas)) if len(schemas) == 1 and not other else None


def object_text(f: Finding, schema: str | None) -> str:
    """'content.created_at', or 'public.content.created_at' when more than one schema is shown."""
    if schema is not None and len(f.path) > 1 and f.path[0] == schema:
        return ".".join(f.path[1:])
    return f.dotted_path


def shorten_middle(text: str, width: int) -> str:
    """`text` in `width` characters: 'content_metrics.content_m…t_id_fk' keeps the table and the
    end of the member's name; without a dot, the start and the end of the name."""
    if len(text) <= width:
        return text
    if width < 5:
        return text[: max(width - 1, 0)] + "…"
    head, dot, tail = text.rpartition(".")
    keep_head = head + dot if dot and len(head) + 1 <= width - 12 else ""
    rest = tail if keep_head else text
    room = width - len(keep_head) - 1
    front = (room + 1) // 2
    return keep_head + rest[:front] + "…" + rest[len(rest) - (room - front) :]


def cut(text: str, width: int) -> str:
    """The first line of `text`, cut with '…' to `width`."""
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= width else line[: max(width - 1, 0)] + "…"


_HEADLINES: dict[tuple[str, str], str] = {}


def headline(f: Finding) -> str:
    """The message column's text, computed once per finding: fitting the columns measures every
    finding on each filter, sort and resize, and 10,000 of them must stay fast. The load worker
    calls it for every finding first, so the UI thread finds them ready."""
    key = (f.id, f.message)
    text = _HEADLINES.get(key)
    if text is None:
        if len(_HEADLINES) > 200_000:
            _HEADLINES.clear()
        text = _HEADLINES[key] = short_message(f)
    return text


def severity_text(f: Finding) -> str:
    return f"{GLYPH[f.severity]} {SHORT[f.severity]}"


def fit(
    findings: Sequence[Finding], room: int, schema: str | None, titles: Sequence[str], mark: int = 0
) -> Widths:
    """Column widths for `findings` in `room` columns (the table scrolls when even the minimums do
    not fit). `mark` is extra room the object column needs for a 'NEW' tag."""

    def natural(values: list[int], cap: int, title: str) -> int:
        return max(min(max(values, default=0), cap), len(title))

    source = natural([len(source_label(f)) for f in findings], SOURCE_CAP, titles[1])
    obj = natural([len(object_text(f, schema)) + mark for f in findings], OBJECT_CAP + mark, titles[2])
    change = natural([len(change_label(f)) for f in findings], CHANGE_CAP, titles[3])
    message = natural([len(headline(f)) for f in findings], MESSAGE_CAP, titles[4])
    natural_obj, natural_change, natural_message = obj, change, message
    sev = max(SEVERITY_WIDTH, len(titles[0]))
    obj_floor = max(OBJECT_MIN + mark, len(titles[2]))
    change_floor = max(CHANGE_MIN, len(titles[3]))
    over = Widths(sev, source, obj, change, message).total - room
    # Give way in turns: the message down to a readable width, then the object and the change down
    # to comfortable widths, then the message down to its minimum.
    for column, floor in (
        ("message", MESSAGE_GOOD),
        ("object", max(OBJECT_GOOD + mark, obj_floor)),
        ("change", max(CHANGE_GOOD, change_floor)),
        ("message", MESSAGE_MIN),
    ):
        current = {"message": message, "object": obj, "change": change}[column]
        give = min(max(over, 0), max(current - floor, 0))
        over -= give
        if column == "message":
            message -= give
        elif column == "object":
            obj -= give
        else:
            change -= give
    if over <= 0:
        return Widths(sev, source, obj, change, message)
    # No useful room for the message: it takes its natural width beyond the right edge (it scrolls
    # into view), and the object, then the change, shrink to their minimums so the rest fits.
    obj, change, message = natural_obj, natural_change, natural_message
    over = Widths(sev, source, obj, change, 0).total - PAD - room
    give = min(max(over, 0), max(obj - obj_floor, 0))
    over -= give
    give_change = min(max(over, 0), max(change - change_floor, 0))
    return Widths(sev, source, obj - give, change - give_change, message)
