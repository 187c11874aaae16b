"""Reading and writing the bits of SQL text the health rules need, without a parser.

The catalog stores index keys, CHECK bodies and defaults as the server prints them. The rules need
three small things from that text: which column an index key is (if it is a plain column), which
columns an expression mentions, and how to quote a name in the fix SQL they suggest. The server's
printer is regular enough (identifiers quoted only when needed, string literals in single quotes) for
a tokenizer to do this safely; anything the tokenizer does not understand counts as "not a plain
column", which makes the rules err on the side of reporting.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Sequence

from drift.sizes import format_bytes

# Keywords PostgreSQL's quote_ident() quotes: every keyword that is not UNRESERVED_KEYWORD
# (reserved, type/function-name and column-name keywords, PostgreSQL 12 to 18).
_QUOTED_KEYWORDS = frozenset(
    """
    all analyse analyze and any array as asc asymmetric authorization between bigint binary bit
    boolean both case cast char character check coalesce collate collation column concurrently
    constraint create cross current_catalog current_date current_role current_schema current_time
    current_timestamp current_user dec decimal default deferrable desc distinct do else end except
    exists extract false fetch float for foreign freeze from full grant greatest group grouping
    having ilike in initially inner inout int integer intersect interval into is isnull join
    json json_array json_arrayagg json_exists json_object json_objectagg json_query json_scalar
    json_serialize json_table json_value lateral leading least left like limit localtime
    localtimestamp merge_action national natural nchar none normalize not notnull null nullif
    numeric offset on only or order out outer overlaps overlay placing position precision primary
    real references returning right row select session_user setof similar smallint some
    substring symmetric system_user table tablesample then time timestamp to trailing treat trim
    true union unique user using values varchar variadic verbose when where window with xmlattributes
    xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize
    xmltable
    """.split()
)
_PLAIN_IDENT = re.compile(r"[a-z_][a-z0-9_$]*")
_MAX_IDENT_BYTES = 63


@functools.lru_cache(maxsize=65536)
def quote_ident(name: str) -> str:
    """Quote `name` exactly when PostgreSQL would need it (as quote_ident() does)."""
    if _PLAIN_IDENT.fullmatch(name) and name not in _QUOTED_KEYWORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def qualified(schema: str, name: str) -> str:
    """`schema.name`, each part quoted when needed: for SQL."""
    return f"{quote_ident(schema)}.{quote_ident(name)}"


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def index_name(table: str, columns: tuple[str, ...] | list[str], suffix: str) -> str:
    """A name the way PostgreSQL builds one (`table_col1_col2_idx`), cut to 63 bytes."""
    base = "_".join([table, *columns])
    room = _MAX_IDENT_BYTES - len(suffix.encode()) - 1
    raw = base.encode()[:room]
    return raw.decode(errors="ignore") + "_" + suffix


# --- reading server-printed expressions -------------------------------------------------------

_TOKEN = re.compile(
    r"""
      (?P<string>[EeBbXxUu]?'(?:[^']|'')*')       # string literal (with an optional prefix)
    | (?P<quoted>"(?:[^"]|"")+")                   # quoted identifier
    | (?P<word>[A-Za-z_][A-Za-z0-9_$]*)            # bare word: identifier or keyword
    | (?P<cast>::)
    | (?P<other>\S)
    """,
    re.VERBOSE,
)


def sql_tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        out.append((kind, m.group()))
    return out


def _ident_value(kind: str, text: str) -> str:
    if kind == "quoted":
        return text[1:-1].replace('""', '"')
    return text


def split_column_key(
    key: str, columns: Collection[str], longest_first: Sequence[str] | None = None
) -> tuple[str, str] | None:
    """(column, options) when an index key is a plain column, None when it is an expression.

    The catalog spells a column key as the bare column name followed by its options (`created_at
    DESC NULLS LAST`, `email text_pattern_ops`, `code COLLATE "C"`); names may contain spaces, so
    the key is matched against the table's column names, longest first. A double-quoted name
    (`"My Col" DESC`) is accepted too. Anything else after the name (parentheses, operators, casts)
    makes the key an expression. A caller splitting many keys of one table passes `columns` as a
    set and `longest_first`, the names sorted by length (longest first), once.
    """
    if key in columns:
        return key, ""
    if key.startswith('"'):
        toks = sql_tokens(key)
        if toks[0][0] == "quoted":
            name, rest = _ident_value(*toks[0]), key[len(toks[0][1]) :]
            if name in columns and _only_options(rest):
                return name, rest.strip()
    if longest_first is None:
        longest_first = sorted(columns, key=len, reverse=True)
    for name in longest_first:
        if key == name:
            return name, ""
        if key.startswith(name + " ") and _only_options(key[len(name) :]):
            return name, key[len(name) :].strip()
    return None


def _only_options(rest: str) -> bool:
    """ASC/DESC, NULLS FIRST/LAST, COLLATE "x", an operator class name: only words."""
    return all(kind in ("word", "quoted") or text == "." for kind, text in sql_tokens(rest))


def render_key(key: str, columns: Collection[str]) -> str:
    """An index key as SQL: the column name quoted when needed, expressions as they are."""
    split = split_column_key(key, columns)
    if split is None:
        return key
    name, options = split
    return f"{quote_ident(name)} {options}".rstrip()


@functools.lru_cache(maxsize=65536)
def normalize_expression(text: str | None) -> str | None:
    """Whitespace-insensitive form of a server-printed expression, for equality tests."""
    if text is None:
        return None
    return " ".join(t for _, t in sql_tokens(text))


def mentioned_identifiers(expression: str) -> set[str]:
    """See `mentioned_identifier_set`; a fresh set, since callers may change it."""
    return set(mentioned_identifier_set(expression))


@functools.lru_cache(maxsize=65536)
def mentioned_identifier_set(expression: str) -> frozenset[str]:
    """Every identifier-like word in `expression` outside string literals and type casts.

    Over-approximates (keywords and function names are included) which is what the callers want:
    "does this CHECK mention column X" must not miss X.
    """
    found: set[str] = set()
    after_cast = False
    for kind, text in sql_tokens(expression):
        if kind in ("word", "quoted"):
            if not after_cast:
                found.add(_ident_value(kind, text))
            after_cast = False
        elif kind == "cast":
            after_cast = True
        else:
            after_cast = False
    return frozenset(found)


@functools.lru_cache(maxsize=65536)
def nextval_sequence(default: str | None) -> tuple[str | None, str] | None:
    """(schema or None, sequence) named by a `nextval('...'::regclass)` column default."""
    if not default:
        return None
    m = re.search(r"nextval\('((?:[^']|'')+)'(?:::regclass)?\)", default)
    if not m:
        return None
    ref = m.group(1).replace("''", "'")
    parts = _split_qualified(ref)
    if len(parts) == 1:
        return None, parts[0]
    if len(parts) == 2:
        return parts[0], parts[1]
    return None


def _split_qualified(ref: str) -> list[str]:
    parts: list[str] = []
    for kind, text in sql_tokens(ref):
        if kind in ("word", "quoted"):
            value = _ident_value(kind, text)
            parts.append(value if kind == "quoted" else value.lower())
        elif text != ".":
            return []
    return parts


def pretty_bytes(size: int | None) -> str:
    """'8 kB', '2.1 MB', '504 kB', '512 bytes' ('unknown size'): drift.sizes, as the report's usage
    tables spell sizes, so a message and a table never disagree about a size."""
    return "unknown size" if size is None else format_bytes(size)


_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def name_words(name: str) -> list[str]:
    """See `_name_words`; a fresh list, since callers may change it."""
    return list(_name_words(name))


@functools.lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    """The words of an identifier, lower case: `refresh_token`, `refreshToken`, `APIKey`."""
    words: list[str] = []
    for part in re.split(r"[^A-Za-z0-9]+", name):
        words.extend(w.lower() for w in _CAMEL.findall(part))
    return tuple(words)


@functools.lru_cache(maxsize=65536)
def string_literal(expression: str | None) -> str | None:
    """The string in a default such as `'draft'::character varying`, if it is just that."""
    if not expression:
        return None
    m = re.fullmatch(r"'((?:[^']|'')*)'(?:::[\w .\"()\[\]]+)?", expression.strip())
    return m.group(1).replace("''", "'") if m else None
