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

from drift.sources.orm_exprs import server_expression
from drift.sources.orm_literals import is_number, number_const, quote_literal, typed_literal

_STRING_LITERAL = re.compile(r"'((?:[^']|'')*)'")
_SQL_VALUE_FUNCTIONS = re.compile(
    r"(current_timestamp|current_date|current_time|localtimestamp|localtime|current_user|"
    r"session_user|current_role|current_catalog|current_schema|user)(\(\d+\))?",
    re.IGNORECASE,
)
_NO_ARG_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\(\s*\)")
_NEXTVAL = re.compile(r"nextval\(\s*'((?:[^']|'')*)'(?:::regclass)?\s*\)", re.IGNORECASE)
_NAME_PART = re.compile(r'"((?:[^"]|"")*)"|([^."]+)')
_TOKENS = re.compile(
    r"'(?:[^']|'')*'"  # string literal
    r'|"(?P<quoted>(?:[^"]|"")+)"'  # quoted identifier
    r"|(?P<cast>::\s*)?(?P<word>[A-Za-z_][A-Za-z0-9_$]*)(?P<call>\s*\()?"
)


def _regclass_name(text: str, default_schema: str) -> str:
    """A relation name as a regclass constant prints: unquoted parts folded, the default schema
    dropped, parts quoted where needed."""
    parts = [q.replace('""', '"') if q else bare.strip().lower() for q, bare in _NAME_PART.findall(text)]
    if len(parts) == 2 and parts[0] == default_schema:
        parts = parts[1:]
    return ".".join(
        p if re.fullmatch(r"[a-z_][a-z0-9_$]*", p) else '"' + p.replace('"', '""') + '"' for p in parts
    )


def server_default_text(compiled: str, uncast: str, *, default_schema: str = "public") -> str:
    """The compiled `DEFAULT` clause text as the server will print it back, where we know how.

    `uncast` is the column's type spelled without typmod (see `orm_types.uncast_spelling`).
    """
    text = compiled.strip()
    m = _STRING_LITERAL.fullmatch(text)
    if m:
        return typed_literal(m.group(1).replace("''", "'"), uncast)
    if is_number(text):
        return number_const(text)
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
        sequence = quote_literal(_regclass_name(m.group(1).replace("''", "'"), default_schema))
        return f"nextval({sequence}::regclass)"
    return server_expression(text, {}) or text


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
