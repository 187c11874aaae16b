"""How drift spells a size in bytes, in health-rule messages and in report tables alike."""

from __future__ import annotations


def format_bytes(n: int) -> str:
    """'8 kB', '2.1 MB', '504 kB', '512 bytes': one decimal below 10, whole numbers above."""
    if abs(n) < 1024:
        return f"{n} bytes"
    value, units = float(n) / 1024, ["kB", "MB", "GB", "TB"]
    while abs(value) >= 1024 and len(units) > 1:
        value /= 1024
        units.pop(0)
    number = f"{value:.1f}".removesuffix(".0") if abs(value) < 10 else f"{value:.0f}"
    return f"{number} {units[0]}"
