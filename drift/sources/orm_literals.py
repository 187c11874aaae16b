"""Constants as the server prints them back (ruleutils.c `get_const_expr`).

Why this exists: both server defaults and expressions contain constants, and the server prints a
constant from its stored value and type, not from what was typed: `'0'` on an integer column comes
back as `0`, on a numeric one as `'0'::numeric`, `-1` as `'-1'::integer`, `'t'` on a boolean as `true`.
"""

from __future__ import annotations

import re

_TRUE = {"t", "true", "y", "yes", "on", "1"}
_FALSE = {"f", "false", "n", "no", "off", "0"}
_INT4_MAX = 2**31 - 1
_INT8_MAX = 2**63 - 1
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+)")


def is_number(text: str) -> bool:
    """A plain integer or decimal literal (no exponent), optionally signed."""
    return bool(_INTEGER.fullmatch(text) or _DECIMAL.fullmatch(text))


def number_const(text: str) -> str:
    """A numeric literal as the server prints the constant it becomes."""
    return _integer_const(text) if _INTEGER.fullmatch(text) else _decimal_const(text)


def quote_literal(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _integer_const(text: str) -> str:
    value = int(text)
    if 0 <= value <= _INT4_MAX:
        return str(value)
    if -_INT4_MAX - 1 <= value < 0:
        return f"{quote_literal(str(value))}::integer"
    if abs(value) <= _INT8_MAX:
        return f"{quote_literal(str(value))}::bigint"
    return f"{quote_literal(str(value))}::numeric"


def _numeric_text(text: str) -> str:
    """numeric_out() of a plain decimal: no sign '+', no leading zeros, `.5` -> `0.5`, `5.` -> `5`."""
    sign = "-" if text.startswith("-") else ""
    digits = text.lstrip("+-")
    whole, _, frac = digits.partition(".")
    whole = whole.lstrip("0") or "0"
    return sign + whole + (f".{frac}" if frac else "")


def _decimal_const(text: str) -> str:
    value = _numeric_text(text)
    if value.startswith("-") or "." not in value:
        return f"{quote_literal(value)}::numeric"
    return value


def typed_literal(value: str, uncast: str) -> str:
    """A quoted literal coerced to a column of type `uncast` (the type without its typmod)."""
    if uncast == "boolean":
        low = value.strip().lower()
        if low in _TRUE:
            return "true"
        if low in _FALSE:
            return "false"
    elif uncast == "integer" and _INTEGER.fullmatch(value.strip()):
        number = int(value)
        return str(number) if number >= 0 else f"{quote_literal(str(number))}::integer"
    elif uncast == "numeric" and (_INTEGER.fullmatch(value.strip()) or _DECIMAL.fullmatch(value.strip())):
        return _decimal_const(value.strip())
    return f"{quote_literal(value)}::{uncast}"
