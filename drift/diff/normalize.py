"""Normalisation: the one place that decides which spellings of the same thing are equal.

The server prints types, defaults and expressions one way; a hand-written expected schema, an ORM or an
older server may spell them another. Everything the comparators compare goes through a function here,
so "int4" versus "integer" or `'active'::character varying` versus `'active'` never shows up as drift.

Only safe equivalences: type aliases PostgreSQL itself resolves to the same type; casts on string
literals in defaults (the column type coerces the literal anyway); `now()` = `CURRENT_TIMESTAMP`
= `transaction_timestamp()`; the sequence named in a `nextval()` default compared without quoting or
schema prefix; case of key words and unquoted names; whitespace; parentheses that cannot change the
meaning (around one token, or around an AND/OR group where operator precedence makes them redundant).
This is a canonical form, not a SQL parser: anything it cannot prove equal stays different.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

from drift.diff.sqltokens import (
    Token,
    join_tokens,
    matching_paren,
    split_top_level,
    tokenize,
    type_span,
)

# --------------------------------------------------------------------------------------------- types

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


def _canonical_base(text: str) -> str:
    m = _TYPE_SHAPE.match(text)
    if not m:
        return text
    name = m.group("name").strip()
    mod = m.group("mod")
    mod = ",".join(p.strip() for p in mod.split(",")) if mod is not None else None
    rest = (m.group("rest") or "").strip()
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
    return f"{canonical}({mod})" if mod is not None else canonical


def is_serial(type_name: str) -> bool:
    """`serial`, `bigserial`, `smallserial` (and their `serialN` spellings)."""
    return type_name.strip().lower() in _SERIALS


# ------------------------------------------------------------------------------------- expressions

_TEXT_TYPES = frozenset({"text", "character varying", "varchar", "bpchar", "name", "character"})
_STRONG_BOUNDARY = frozenset({"(", ")", ",", "[", "]", "when", "then", "else", "end", "where", "check"})


def _strip_literal_casts(tokens: list[Token], *, text_only: bool) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok[0] == "cast" and out and out[-1][0] == "str":
            end = type_span(tokens, i + 1)
            type_text = " ".join(v for _, v in tokens[i + 1 : end])
            type_name = normalize_type(type_text).split("(")[0]
            if end > i + 1 and (not text_only or type_name in _TEXT_TYPES):
                i = end
                continue
        out.append(tok)
        i += 1
    return out


def _top_level(inner: list[Token]) -> tuple[bool, bool]:
    """(has OR, has something that must keep its parentheses) at depth 0. An AND needs no flag:
    it binds tighter than OR, so a parenthesised AND group next to AND/OR is redundant either way."""
    has_or = opaque = False
    depth = 0
    for kind, value in inner:
        if value in ("(", "["):
            depth += 1
        elif value in (")", "]"):
            depth -= 1
        elif depth == 0:
            if kind == "punct" and value in (",", ";"):
                opaque = True
            elif kind == "word":
                if value in ("select", "values", "union", "except", "intersect", "with"):
                    opaque = True
                elif value == "or":
                    has_or = True
    return has_or, opaque


def _is_primary(inner: list[Token]) -> bool:
    """One token, a qualified name or a function call: nothing binds tighter, parentheses are noise."""
    if len(inner) == 1:
        return inner[0][0] != "punct"
    k = 0
    if inner[0][0] not in ("word", "qid"):
        return False
    k = 1
    while k + 1 < len(inner) and inner[k] == ("punct", ".") and inner[k + 1][0] in ("word", "qid"):
        k += 2
    if k == len(inner):
        return True
    return inner[k] == ("punct", "(") and matching_paren(inner, k) == len(inner) - 1


def _boundary(tok: Token | None, extra: frozenset[str]) -> bool:
    if tok is None:
        return True
    kind, value = tok
    if kind in ("punct", "word"):
        return value in _STRONG_BOUNDARY or value in extra
    return False


def _drop_redundant_parens(tokens: list[Token]) -> list[Token]:
    changed = True
    while changed:
        changed = False
        for i, tok in enumerate(tokens):
            if tok != ("punct", "("):
                continue
            j = matching_paren(tokens, i)
            if j <= i + 1:
                continue
            prev = tokens[i - 1] if i > 0 else None
            nxt = tokens[j + 1] if j + 1 < len(tokens) else None
            if prev is not None and (
                prev[0] in ("word", "qid") and prev[1] not in ("and", "or", "when", "then", "else", "where")
            ):
                continue  # a function call, IN (...), ANY (...), ARRAY(...), a type modifier
            if prev is not None and prev[0] == "punct" and prev[1] in ("]", ")"):
                continue
            inner = tokens[i + 1 : j]
            if _is_primary(inner):
                removable = True
            else:
                has_or, opaque = _top_level(inner)
                if opaque:
                    removable = False
                elif has_or:
                    removable = _boundary(prev, frozenset({"or"})) and _boundary(nxt, frozenset({"or"}))
                else:
                    both = frozenset({"and", "or"})
                    removable = _boundary(prev, both) and _boundary(nxt, both)
            if removable:
                tokens = tokens[:i] + inner + tokens[j + 1 :]
                changed = True
                break
    return tokens


def _rewrite_synonyms(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        kind, value = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else None
        if kind == "word" and value == "current_timestamp" and nxt != ("punct", "("):
            out += [("word", "now"), ("punct", "("), ("punct", ")")]
        elif kind == "word" and value == "transaction_timestamp" and nxt == ("punct", "("):
            out.append(("word", "now"))
        elif kind == "word" and value == "procedure" and out and out[-1] == ("word", "execute"):
            out.append(("word", "function"))  # PostgreSQL 11 prints EXECUTE PROCEDURE
        else:
            out.append((kind, value))
        i += 1
    return out


@lru_cache(maxsize=65536)
def canonical_expr(expression: str | None) -> str | None:
    """Canonical text of a CHECK body, index predicate or key, policy clause, view or trigger
    definition: key words and unquoted names lower-cased, whitespace and redundant parentheses
    removed, casts of string literals to text types dropped. Equal text means equal meaning; the
    reverse need not hold."""
    if expression is None:
        return None
    text = expression.strip().rstrip(";").strip()
    tokens = tokenize(text, keep_comments=False)
    tokens = _strip_literal_casts(tokens, text_only=True)
    tokens = _rewrite_synonyms(tokens)
    tokens = _drop_redundant_parens(tokens)
    return join_tokens(tokens)


@lru_cache(maxsize=8192)
def canonical_body(body: str | None) -> str | None:
    """A function body: case of key words and whitespace do not matter; literals and comments do."""
    if body is None:
        return None
    return join_tokens(tokenize(body.strip(), keep_comments=True))


_NEXTVAL = re.compile(r"^nextval\('((?:[^']|'')*)'\)$")
_NUMERIC_LITERAL = re.compile(r"^'(-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)'$")


def _without_typmod(type_name: str) -> str:
    """`numeric(10,2)` -> `numeric`, `timestamp(3) with time zone` -> `timestamp with time zone`."""
    return " ".join(re.sub(r"\([^()]*\)", " ", type_name).split())


def _strip_casts_to(tokens: list[Token], type_name: str) -> list[Token]:
    """Drop `::<type>` after a (signed) number or a string when the type is the column's own, with or
    without its modifier: the column's type and modifier coerce the value anyway, so
    `(0)::numeric` on a `numeric(10,2)` column is `0`."""
    family = _without_typmod(type_name)
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        wrapped = (
            len(out) >= 4
            and out[-4] == ("punct", "(")
            and out[-3] == ("op", "-")
            and out[-2][0] == "num"
            and out[-1] == ("punct", ")")
        )
        if tok[0] == "cast" and out and (out[-1][0] in ("num", "str") or wrapped):
            end = type_span(tokens, i + 1)
            cast_to = normalize_type(" ".join(v for _, v in tokens[i + 1 : end]))
            if end > i + 1 and cast_to in (type_name, family):
                if wrapped:  # (-1.5)::numeric
                    out[-4:] = out[-3:-1]
                i = end
                continue
        out.append(tok)
        i += 1
    return out


_SCALED = re.compile(r"^numeric\((?P<precision>\d+)(?:,(?P<scale>-?\d+))?\)$")
_PLAIN_NUMBER = re.compile(r"^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


def _number_value(text: str, type_name: str) -> str:
    """A number default as the value the column stores: `1`, `1.0` and `'1.00'` are the same value in
    a `numeric(8,3)` column (rounded to its scale) or a floating-point one. In plain `numeric` they
    are not (it keeps the scale written), nor is anything that is not a plain number."""
    if not _PLAIN_NUMBER.match(text):
        return text
    with localcontext() as decimal_context:
        decimal_context.prec = 1000
        value = Decimal(text)
        scaled = _SCALED.match(type_name)
        if scaled:
            value = value.quantize(Decimal(1).scaleb(-int(scaled["scale"] or 0)), rounding=ROUND_HALF_UP)
        elif type_name in ("real", "double precision"):
            value = value.normalize()
        else:
            return text
        return format(value + 0, "f")  # + 0: -0 is 0


@lru_cache(maxsize=65536)
def normalize_default(default: str | None, column_type: str | None = None) -> str | None:
    """Canonical column/domain default: any cast on a string literal is noise (the column type
    coerces it), so is a cast of a number to the column's own type; `'0'` equals `0`, `now()` equals
    `CURRENT_TIMESTAMP`, and `nextval('public."s"'::regclass)` becomes `nextval('s')`."""
    if default is None:
        return None
    text = default.strip()
    if not text or text.lower() == "null":
        return None
    tokens = tokenize(text, keep_comments=False)
    tokens = _strip_literal_casts(tokens, text_only=False)
    if column_type is not None:
        tokens = _drop_redundant_parens(tokens)
        tokens = _strip_casts_to(tokens, normalize_type(column_type))
    tokens = _rewrite_synonyms(tokens)
    tokens = _drop_redundant_parens(tokens)
    tokens = _strip_literal_casts(tokens, text_only=False)  # ('x'::text)::date -> 'x'
    if tokens and tokens[0] == ("word", "null") and (len(tokens) == 1 or tokens[1][0] == "cast"):
        if type_span(tokens, 2) == len(tokens) or len(tokens) == 1:
            return None  # DEFAULT NULL::text is no default
    canonical = join_tokens(tokens)
    m = _NEXTVAL.match(canonical)
    if m:
        name = sequence_basename(m.group(1).replace("''", "'"))
        return "nextval(" + _quote_sql_string(name) + ")"
    m = _NUMERIC_LITERAL.match(canonical)
    if m:
        canonical = m.group(1)
    return _number_value(canonical, normalize_type(column_type)) if column_type else canonical


def defaults_equal(expected: str | None, expected_type: str, actual: str | None, actual_type: str) -> bool:
    """Two column (or domain) defaults, each normalised for its own type; when the types differ (a
    finding of its own), also read the actual default as the expected type would store it, so that
    `0` on `numeric(10,2)` versus `numeric(10,3)` is one type finding, not also a default one."""
    e = normalize_default(expected, expected_type)
    if e == normalize_default(actual, actual_type):
        return True
    return normalize_type(expected_type) != normalize_type(actual_type) and e == normalize_default(
        actual, expected_type
    )


def _quote_sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sequence_basename(dotted: str) -> str:
    """`public."Users_id_seq"` -> `Users_id_seq`; `orders_id_seq` -> `orders_id_seq`."""
    parts = re.findall(r'"(?:[^"]|"")*"|[^.]+', dotted)
    last = parts[-1] if parts else dotted
    if last.startswith('"'):
        return last[1:-1].replace('""', '"')
    return last.lower()


def nextval_sequence(default: str | None) -> str | None:
    """The bare sequence name of a `nextval(...)` default, else None."""
    canonical = normalize_default(default)
    if canonical is None:
        return None
    m = _NEXTVAL.match(canonical)
    return m.group(1).replace("''", "'") if m else None


# --------------------------------------------------------------------------------------- functions

_ARG_MODES = frozenset({"in", "out", "inout", "variadic"})
_TYPE_FIRST_WORDS = frozenset({"character", "double", "timestamp", "time", "bit", "char", "interval"})


def _parse_arguments(arguments: str) -> list[tuple[str, str, str]]:
    """(mode, name, normalised type) per argument; mode '' for IN, name '' when unnamed."""
    out = []
    for arg in split_top_level(arguments):
        arg = re.split(r"\s+default\s+|\s*=\s*", arg, maxsplit=1, flags=re.I)[0]
        words = arg.split()
        mode = ""
        if words and words[0].lower() in _ARG_MODES:
            mode = words.pop(0).lower()
        name = ""
        if len(words) >= 2 and words[0].lower() not in _TYPE_FIRST_WORDS:
            name = words.pop(0)
            name = name[1:-1].replace('""', '"') if name.startswith('"') else name.lower()
        out.append(("" if mode == "in" else mode, name, normalize_type(" ".join(words))))
    return out


@lru_cache(maxsize=8192)
def normalize_arguments(arguments: str) -> str:
    """A function's identity: argument types only (names, IN and defaults dropped), normalised.
    `a int4, b varchar` -> `integer, character varying`."""
    return ", ".join(f"{mode} {type_}" if mode else type_ for mode, _, type_ in _parse_arguments(arguments))


@lru_cache(maxsize=8192)
def normalize_named_arguments(arguments: str) -> str:
    """Argument names and types (names matter to callers using named notation, and to CREATE OR
    REPLACE, which cannot rename a parameter)."""
    return ", ".join(" ".join(p for p in arg if p) for arg in _parse_arguments(arguments))
