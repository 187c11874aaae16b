"""Server defaults as the server prints them back, and the columns an expression mentions.

Why this exists: `server_default="active"` reaches the server as `DEFAULT 'active'`, and the catalog
then says `'active'::character varying`; `server_default="0"` on an integer says `0`, on a numeric
`'0'::numeric`. The differ normalises spelling, but the closer the model's text is to the server's, the
fewer findings depend on that normalisation. So the common shapes SQLAlchemy emits (a quoted literal,
a bare number, `true`, `now()`, `CURRENT_TIMESTAMP`, `nextval('seq')`) are rewritten the way the
server's `pg_get_expr()` prints them (rules from ruleutils.c `get_const_expr`); anything else is kept
as compiled.
"""

from __future__ import annotations

import re

_TRUE = {"t", "true", "y", "yes", "on", "1"}
_FALSE = {"f", "false", "n", "no", "off", "0"}
_INT4_MAX = 2**31 - 1
_INT8_MAX = 2**63 - 1

_STRING_LITERAL = re.compile(r"'((?:[^']|'')*)'")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+)")
_SQL_VALUE_FUNCTIONS = re.compile(
    r"(current_timestamp|current_date|current_time|localtimestamp|localtime|current_user|"
    r"session_user|current_role|current_catalog|current_schema|user)(\(\d+\))?",
    re.IGNORECASE,
)
_NO_ARG_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\(\s*\)")
_NEXTVAL = re.compile(r"nextval\(\s*'((?:[^']|'')*)'\s*\)", re.IGNORECASE)
_TOKENS = re.compile(
    r"'(?:[^']|'')*'"  # string literal
    r'|"(?P<quoted>(?:[^"]|"")+)"'  # quoted identifier
    r"|(?P<cast>::\s*)?(?P<word>[A-Za-z_][A-Za-z0-9_$]*)(?P<call>\s*\()?"
)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _integer_const(text: str) -> str:
    value = int(text)
    if 0 <= value <= _INT4_MAX:
        return str(value)
    if -_INT4_MAX - 1 <= value < 0:
        return f"{_literal(str(value))}::integer"
    if abs(value) <= _INT8_MAX:
        return f"{_literal(str(value))}::bigint"
    return f"{_literal(str(value))}::numeric"


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
        return f"{_literal(value)}::numeric"
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
        return str(number) if number >= 0 else f"{_literal(str(number))}::integer"
    elif uncast == "numeric" and (_INTEGER.fullmatch(value.strip()) or _DECIMAL.fullmatch(value.strip())):
        return _decimal_const(value.strip())
    return f"{_literal(value)}::{uncast}"


def server_default_text(compiled: str, uncast: str) -> str:
    """The compiled `DEFAULT` clause text as the server will print it back, where we know how.

    `uncast` is the column's type spelled without typmod (see `orm_types.uncast_spelling`).
    """
    text = compiled.strip()
    m = _STRING_LITERAL.fullmatch(text)
    if m:
        return typed_literal(m.group(1).replace("''", "'"), uncast)
    if _INTEGER.fullmatch(text):
        return _integer_const(text)
    if _DECIMAL.fullmatch(text):
        return _decimal_const(text)
    if text.lower() in ("true", "false"):
        return text.lower()
    m = _SQL_VALUE_FUNCTIONS.fullmatch(text)
    if m:
        name = "CURRENT_USER" if m.group(1).lower() == "user" else m.group(1).upper()
        return name + (m.group(2) or "")
    m = _NO_ARG_CALL.fullmatch(text)
    if m:
        return f"{m.group(1).lower()}()"
    m = _NEXTVAL.fullmatch(text)
    if m:
        sequence = _literal(m.group(1).replace("''", "'"))
        return f"nextval({sequence}::regclass)"
    return text


def referenced_columns(expression: str, columns: set[str]) -> list[str]:
    """Column names of `columns` that `expression` mentions, in order of first mention.

    Skips string literals, function names and type names after `::`; used to name a CHECK
    constraint as the server does (`<table>_<column>_check` when exactly one column is involved).
    """
    found: list[str] = []
    for m in _TOKENS.finditer(expression):
        name = m["quoted"].replace('""', '"') if m["quoted"] else m["word"]
        if name is None or m["cast"] or m["call"]:
            continue
        if not m["quoted"]:
            name = name.lower()  # the server folds unquoted identifiers
        if name in columns and name not in found:
            found.append(name)
    return found
