"""Quoting names and literals for the SQL the differ writes, and splitting a script into statements.

Pure functions (no connection needed), so fix SQL can be generated from two catalogs alone. Names in the
catalog model are unquoted; everything that ends up in SQL goes through `quote_ident`/`qualified`.
Types and expressions come from the server (`format_type()`, `pg_get_expr()`) already quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PLAIN = re.compile(r"^[a-z_][a-z0-9_$]*$")

# PostgreSQL's reserved key words (and those reserved "can be function or type"), from the
# documentation's SQL Key Words appendix: an unquoted one of these is a syntax error as a name.
RESERVED_WORDS = frozenset(
    """
    all analyse analyze and any array as asc asymmetric authorization binary both case cast check
    collate collation column concurrently constraint create cross current_catalog current_date
    current_role current_schema current_time current_timestamp current_user default deferrable desc
    distinct do else end except false fetch for foreign freeze from full grant group having ilike in
    initially inner intersect into is isnull join lateral leading left like limit localtime
    localtimestamp natural not notnull null offset on only or order outer overlaps placing primary
    references returning right select session_user similar some symmetric system_user table tablesample
    then to trailing true union unique user using variadic verbose when where window with
    """.split()
)


def quote_ident(name: str) -> str:
    """`users` stays `users`; `User`, `order`, `my table` become `"User"`, `"order"`, `"my table"`."""
    if _PLAIN.match(name) and name not in RESERVED_WORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def qualified(schema: str, name: str) -> str:
    """`schema.name`, each part quoted as needed."""
    return f"{quote_ident(schema)}.{quote_ident(name)}"


def collation_sql(collation: str, *schemas: str) -> str:
    """A collation as the catalog model names it (its bare name when in pg_catalog, else
    `schema.name`, both unquoted) as SQL: `"C"`, `ucs_basic`, `app."Case Insensitive"`. A dotted name
    is split after `public` or one of `schemas` (where the object using it lives) when it starts
    with one; otherwise it is a single name, as pg_catalog's libc collations (`en_US.utf8`) are. A
    name already in double quotes is SQL already."""
    if collation.startswith('"'):
        return collation
    for schema in sorted({"public", "pg_catalog", *schemas}, key=len, reverse=True):
        if collation.startswith(schema + ".") and len(collation) > len(schema) + 1:
            return qualified(schema, collation[len(schema) + 1 :])
    return quote_ident(collation)


def split_qualified(dotted: str, default_schema: str, schemas: Iterable[str] = ()) -> tuple[str, str]:
    """`'sales.orders'` -> `('sales', 'orders')`; a bare name gets `default_schema`. Names may hold
    dots (`'My.App.odd.name'`), so the text is split after the longest of `default_schema` and
    `schemas` it starts with, and only failing that at its first dot."""
    for schema in sorted({default_schema, *schemas}, key=len, reverse=True):
        if dotted.startswith(schema + "."):
            return schema, dotted[len(schema) + 1 :]
    if "." in dotted:
        schema, name = dotted.split(".", 1)
        return schema, name
    return default_schema, dotted


def quote_literal(value: str) -> str:
    """A standard-conforming string literal (`'it''s'`)."""
    return "'" + value.replace("'", "''") + "'"


def quote_role(role: str) -> str:
    """A grantee: `PUBLIC` is a key word, not a role name."""
    if role.lower() == "public":
        return "PUBLIC"
    return quote_ident(role)


def dollar_quote(body: str, tag: str = "function") -> str:
    """Wrap a function body in a dollar quote whose tag does not occur inside it."""
    candidate = tag
    n = 0
    while f"${candidate}$" in body:
        n += 1
        candidate = f"{tag}{n}"
    return f"${candidate}${body}${candidate}$"


_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")


def split_statements(script: str) -> list[str]:
    """Split SQL text on top-level semicolons (quotes, dollar quotes and comments respected).

    Returned statements have no trailing semicolon and are stripped; empty ones are dropped. The fix SQL
    a finding carries may hold several statements (`ADD CONSTRAINT ... NOT VALID` then `VALIDATE`), and
    some (`CREATE INDEX CONCURRENTLY`) must run on their own outside a transaction.
    """
    out: list[str] = []
    buf: list[str] = []
    i, n = 0, len(script)
    while i < n:
        ch = script[i]
        if ch == "'" or ch == '"':
            j = i + 1
            while j < n:
                if script[j] == ch:
                    if j + 1 < n and script[j + 1] == ch:
                        j += 2
                        continue
                    break
                j += 1
            buf.append(script[i : j + 1])
            i = j + 1
        elif ch == "$":
            m = _DOLLAR_TAG.match(script, i)
            if m:
                end = script.find(m.group(0), m.end())
                end = n if end < 0 else end + len(m.group(0))
                buf.append(script[i:end])
                i = end
            else:
                buf.append(ch)
                i += 1
        elif script.startswith("--", i):
            j = script.find("\n", i)
            j = n if j < 0 else j
            buf.append(script[i:j])
            i = j
        elif script.startswith("/*", i):
            j = script.find("*/", i + 2)
            j = n if j < 0 else j + 2
            buf.append(script[i:j])
            i = j
        elif ch == ";":
            out.append("".join(buf))
            buf = []
            i += 1
        else:
            buf.append(ch)
            i += 1
    out.append("".join(buf))
    return [s.strip() for s in out if _has_code(s)]


def _has_code(statement: str) -> bool:
    text = re.sub(r"--[^\n]*", "", statement)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return bool(text.strip())
