"""Type names: `int4` = `integer`, `varchar(20)` = `character varying(20)`, `_int4` = `integer[]`."""

from __future__ import annotations

import re
from functools import lru_cache

_SIMPLE_ALIASES = {
    "int": "integer",
    "int4": "integer",
    "integer": "integer",
    "serial": "integer",
    "serial4": "integer",
    "int8": "bigint",
    "bigint": "bigint",
    "bigserial": "bigint",
    "serial8": "bigint",
    "int2": "smallint",
    "smallint": "smallint",
    "smallserial": "smallint",
    "serial2": "smallint",
    "bool": "boolean",
    "boolean": "boolean",
    "float8": "double precision",
    "double precision": "double precision",
    "float4": "real",
    "real": "real",
    "timestamptz": "timestamp with time zone",
    "timetz": "time with time zone",
    "varbit": "bit varying",
    "bit varying": "bit varying",
    "character varying": "character varying",
    "varchar": "character varying",
    "decimal": "numeric",
    "numeric": "numeric",
    "char varying": "character varying",
}
_SERIALS = frozenset({"serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"})
_UNDERSCORE_ARRAYS = frozenset(
    {"int2", "int4", "int8", "text", "varchar", "bpchar", "bool", "float4", "float8", "numeric",
     "timestamp", "timestamptz", "date", "time", "timetz", "uuid", "json", "jsonb", "bytea", "interval"}
)  # fmt: skip
_TYPE_SHAPE = re.compile(r"^(?P<name>[a-z_][a-z0-9_ ]*?)\s*(?:\((?P<mod>[^()]*)\)\s*(?P<rest>[a-z ]*))?$")
_ARRAY_SUFFIX = re.compile(r"(\s*\[\s*\d*\s*\])+$|\s+array(\s*\[\s*\d*\s*\])?$")


def _lower_outside_quotes(text: str) -> str:
    parts = re.split(r'("(?:[^"]|"")*")', text)
    return "".join(p if p.startswith('"') else p.lower() for p in parts)


@lru_cache(maxsize=8192)
def normalize_type(type_name: str) -> str:
    """Canonical spelling of a type: `int4` -> `integer`, `varchar(20)` -> `character varying(20)`,
    `timestamptz` -> `timestamp with time zone`, `_int4`/`int[]` -> `integer[]`, `serial` -> `integer`.
    `public.` and `pg_catalog.` prefixes are dropped; quoted names keep their case."""
    text = " ".join(_lower_outside_quotes(type_name.strip()).split())
    array = False
    m = _ARRAY_SUFFIX.search(text)
    if m:
        array = True
        text = text[: m.start()].strip()
    for prefix in ("pg_catalog.", "public.", '"public".', '"pg_catalog".'):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    if text.startswith("_") and text[1:] in _UNDERSCORE_ARRAYS:
        array, text = True, text[1:]
    if text.startswith('"') and text.endswith('"') and text.count('"') == 2:
        inner = text[1:-1]
        # a needlessly quoted lower-case name, except "char" which is its own one-byte type
        if re.fullmatch(r"[a-z_][a-z0-9_]*", inner) and inner != "char":
            text = inner
    base = _canonical_base(text)
    return base + "[]" if array else base


_SECOND_FRACTIONS = frozenset({"timestamp", "timestamptz", "time", "timetz"})
_MAX_SECOND_PRECISION = "6"


def _canonical_base(text: str) -> str:
    m = _TYPE_SHAPE.match(text)
    if not m:
        return text
    name = m.group("name").strip()
    mod = m.group("mod")
    mod = ",".join(p.strip() for p in mod.split(",")) if mod is not None else None
    rest = (m.group("rest") or "").strip()
    if mod == _MAX_SECOND_PRECISION and (name in _SECOND_FRACTIONS or name.startswith("interval")):
        mod = None  # microseconds are the types' own resolution: (6) changes nothing
    if name in ("timestamp", "timestamptz", "time", "timetz"):
        base = "timestamp" if name.startswith("timestamp") else "time"
        zone = "with time zone" if name.endswith("tz") or rest == "with time zone" else "without time zone"
        return f"{base}({mod}) {zone}" if mod is not None else f"{base} {zone}"
    if rest:
        name = f"{name} {rest}"  # e.g. "character varying" split around no modifier
        rest = ""
    if name in ("char", "character", "bpchar") and mod is not None:
        return f"character({mod})"
    if name in ("char", "character"):
        return "character(1)"
    if name == "bit" and mod is None:
        return "bit(1)"
    if name == "float":
        if mod is not None and mod.isdigit() and int(mod) <= 24:
            return "real"
        return "double precision"
    canonical = _SIMPLE_ALIASES.get(name, name)
    if canonical == "numeric" and mod is not None and "," not in mod:
        mod += ",0"  # numeric(p) is numeric(p,0), as format_type() prints it
    return f"{canonical}({mod})" if mod is not None else canonical


def is_serial(type_name: str) -> bool:
    """`serial`, `bigserial`, `smallserial` (and their `serialN` spellings)."""
    return type_name.strip().lower() in _SERIALS


def without_typmod(type_name: str) -> str:
    """`numeric(10,2)` -> `numeric`, `timestamp(3) with time zone` -> `timestamp with time zone`."""
    return " ".join(re.sub(r"\([^()]*\)", " ", type_name).split())
