"""SQLAlchemy column types to the `format_type()` spelling a live PostgreSQL catalog shows.

Why this exists: the differ compares types as text, and the live side is what `format_type()` prints
(`character varying(255)`, `numeric(10,2)`, `timestamp with time zone`, `text[]`). Guessing that
spelling from SQLAlchemy type classes would miss TypeDecorators, variants and dialect types, so we let
SQLAlchemy's PostgreSQL dialect compile the type, exactly as `create_all` would, and then rewrite the
compiled DDL spelling to the catalog spelling with one table (`_SPELLING`) and a few typmod rules.
Unknown names (enums, domains, extension types) keep their compiled spelling; unquoted identifiers are
folded to lower case, as the server folds them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

from drift.errors import InputError

# Compiled DDL spelling (upper case, without typmod) -> format_type() spelling, for types whose
# typmod (if any) is printed as-is. Types with special typmod rules are handled in `_catalog_base`.
_SPELLING: dict[str, str] = {
    "INTEGER": "integer",
    "INT": "integer",
    "INT4": "integer",
    "BIGINT": "bigint",
    "INT8": "bigint",
    "SMALLINT": "smallint",
    "INT2": "smallint",
    "REAL": "real",
    "FLOAT4": "real",
    "DOUBLE PRECISION": "double precision",
    "DOUBLE": "double precision",
    "FLOAT8": "double precision",
    "BOOLEAN": "boolean",
    "BOOL": "boolean",
    "DATE": "date",
    "TEXT": "text",
    "BYTEA": "bytea",
    "JSON": "json",
    "JSONB": "jsonb",
    "JSONPATH": "jsonpath",
    "UUID": "uuid",
    "INET": "inet",
    "CIDR": "cidr",
    "MACADDR": "macaddr",
    "MACADDR8": "macaddr8",
    "MONEY": "money",
    "OID": "oid",
    "REGCLASS": "regclass",
    "REGCONFIG": "regconfig",
    "TSVECTOR": "tsvector",
    "TSQUERY": "tsquery",
    "XML": "xml",
    "PG_LSN": "pg_lsn",
    "CITEXT": "citext",
    "HSTORE": "hstore",
    "POINT": "point",
    "LINE": "line",
    "LSEG": "lseg",
    "BOX": "box",
    "PATH": "path",
    "POLYGON": "polygon",
    "CIRCLE": "circle",
    "INT4RANGE": "int4range",
    "INT8RANGE": "int8range",
    "NUMRANGE": "numrange",
    "DATERANGE": "daterange",
    "TSRANGE": "tsrange",
    "TSTZRANGE": "tstzrange",
    "INT4MULTIRANGE": "int4multirange",
    "INT8MULTIRANGE": "int8multirange",
    "NUMMULTIRANGE": "nummultirange",
    "DATEMULTIRANGE": "datemultirange",
    "TSMULTIRANGE": "tsmultirange",
    "TSTZMULTIRANGE": "tstzmultirange",
}

_CHAR_VARYING = ("VARCHAR", "NVARCHAR", "CHARACTER VARYING")
_CHAR_FIXED = ("CHAR", "NCHAR", "CHARACTER")

_ARRAY_SUFFIX = re.compile(r"((?:\[\d*\])+)$")
_COLLATE = re.compile(r'\s+COLLATE\s+("(?:[^"]|"")+"|\S+)\s*$')
_BUILTIN = re.compile(
    r"(?P<base>[A-Z][A-Z0-9_]*(?: [A-Z][A-Z0-9_]*)*?)\s*(?:\((?P<args>[^()]*)\))?"
    r"(?P<tz> WITH(?:OUT)? TIME ZONE)?"
)
_IDENT_RUN = re.compile(r'"(?:[^"]|"")*"|[^"]+')


@dataclass(frozen=True)
class CompiledType:
    """A column type as the catalog spells it, plus the collation `COLLATE` gave it (if any)."""

    spelling: str
    collation: str | None = None


def postgresql_dialect() -> Dialect:
    """An offline PostgreSQL dialect (no server needed) that compiles like a recent server's.

    Its paramstyle is `named`: with the default `pyformat`, every `%` in a compiled CHECK, predicate
    or default is doubled (`LIKE '%%@%%'`) for the driver to undouble, and the text would not be
    what the server receives."""
    return postgresql.dialect(paramstyle="named")  # type: ignore[no-untyped-call]


def _args(args: str | None) -> list[str]:
    return [a.strip() for a in args.split(",")] if args else []


def _catalog_base(compiled: str) -> str:
    """One non-array compiled type (no COLLATE) in format_type() spelling."""
    m = _BUILTIN.fullmatch(compiled)
    if m is None:
        return _fold_identifiers(compiled)
    base, args, tz = m["base"], _args(m["args"]), m["tz"]
    typmod = f"({','.join(args)})" if args else ""
    if base in _CHAR_VARYING:
        return "character varying" + typmod
    if base in _CHAR_FIXED:
        return f"character({args[0] if args else 1})"
    if base in ("NUMERIC", "DECIMAL"):
        if len(args) == 1:
            return f"numeric({args[0]},0)"
        return "numeric" + typmod
    if base == "FLOAT":
        return "real" if args and int(args[0]) <= 24 else "double precision"
    if base in ("TIMESTAMP", "TIME"):
        zone = " with time zone" if tz and tz.strip().startswith("WITH ") else " without time zone"
        return base.lower() + typmod + zone
    if base == "TIMESTAMPTZ":
        return "timestamp" + typmod + " with time zone"
    if base.startswith("INTERVAL"):
        fields = base[len("INTERVAL") :].strip().lower()
        return "interval" + (f" {fields}" if fields else "") + typmod
    if base == "BIT":
        return f"bit({args[0] if args else 1})"
    if base in ("BIT VARYING", "VARBIT"):
        return "bit varying" + typmod
    if tz is None and base in _SPELLING:
        return _SPELLING[base] + typmod
    return _fold_identifiers(compiled)


def _fold_identifiers(compiled: str) -> str:
    """Lower-case unquoted identifiers before any typmod, as the server does (`VECTOR(3)` -> `vector(3)`)."""
    head, paren, rest = compiled.partition("(")
    head = _IDENT_RUN.sub(lambda m: m[0] if m[0].startswith('"') else m[0].lower(), head)
    return head + paren + rest


def catalog_spelling(compiled: str, *, default_schema: str = "public") -> CompiledType:
    """Rewrite SQLAlchemy's compiled DDL type text to the `format_type()` spelling.

    `default_schema` is dropped as a qualifier (`public.mood` -> `mood`), as `format_type()` prints
    types visible on the search path unqualified.
    """
    text = compiled.strip()
    collation = None
    m = _COLLATE.search(text)
    if m:
        collation = unquote_identifier(m.group(1))
        text = text[: m.start()]
    arrays = ""
    a = _ARRAY_SUFFIX.search(text)
    if a:
        arrays = "[]"  # format_type() never prints the number of dimensions
        text = text[: a.start()].rstrip()
        m = _COLLATE.search(text)
        if m:
            collation = unquote_identifier(m.group(1))
            text = text[: m.start()]
    spelling = _catalog_base(text)
    for prefix in (f"{default_schema}.", f'"{default_schema}".'):
        if spelling.startswith(prefix):
            spelling = spelling[len(prefix) :]
    return CompiledType(spelling + arrays, collation)


def unquote_identifier(name: str) -> str:
    """A double-quoted identifier without its quotes; unquoted names are returned as they are."""
    if len(name) >= 2 and name[0] == name[-1] == '"':
        return name[1:-1].replace('""', '"')
    return name


def uncast_spelling(spelling: str) -> str:
    """The spelling of a type without its typmod, as the server prints a constant's cast.

    `'active'::character varying` for a `varchar(20)` column, `'0'::numeric` for `numeric(10,2)`,
    `'ab'::bpchar` for `char(2)`: a default's constant carries the bare type.
    """
    arrays = "[]" if spelling.endswith("[]") else ""
    base = spelling[: -len(arrays)] if arrays else spelling
    if base.startswith("character varying"):
        base = "character varying"
    elif base.startswith("character("):
        base = "bpchar"
    elif base.startswith("bit varying"):
        base = "bit varying"
    elif base.startswith("bit("):
        base = '"bit"'
    elif base.startswith("interval"):
        base = "interval"
    else:
        base = re.sub(r"\([^()]*\)", "", base)
    return base + arrays


def compile_type(
    type_: TypeEngine[Any],
    dialect: Dialect,
    *,
    where: str,
    column: sa.Column[Any] | None = None,
    default_schema: str = "public",
) -> CompiledType:
    """Compile `type_` with the PostgreSQL dialect; InputError (naming `where`) if it cannot be."""
    try:
        compiled = dialect.type_compiler_instance.process(
            type_, type_expression=column, identifier_preparer=dialect.identifier_preparer
        )
    except (sa_exc.CompileError, sa_exc.ArgumentError, AttributeError, NotImplementedError) as e:
        origin = type(type_).__module__
        kind = type(type_).__name__
        if isinstance(type_, sa.types.NullType):
            raise InputError(
                f"{where}: the model gives no type (NullType); declare one, e.g. Column(String)"
            ) from e
        hint = ""
        if ".dialects." in origin and ".postgresql" not in origin:
            dialect_name = origin.split(".dialects.")[1].split(".")[0]
            hint = f" (a {dialect_name} type: drift compares PostgreSQL, so the models must use types it has)"
        detail = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise InputError(f"{where}: type {kind} cannot be compiled for PostgreSQL{hint}: {detail}") from e
    return catalog_spelling(compiled, default_schema=default_schema)


def iter_schema_types(type_: TypeEngine[Any], dialect: Dialect) -> Iterator[TypeEngine[Any]]:
    """The type and the types inside it (variant for PostgreSQL, decorator impl, array items)."""
    seen = 0
    current: TypeEngine[Any] | None = type_
    while current is not None and seen < 16:
        seen += 1
        mapping = getattr(current, "_variant_mapping", None) or {}
        if dialect.name in mapping:
            current = mapping[dialect.name]
        yield current
        if isinstance(current, sa.types.TypeDecorator):
            current = current.load_dialect_impl(dialect)
        elif isinstance(current, sa.ARRAY):
            current = current.item_type
        else:
            current = None
