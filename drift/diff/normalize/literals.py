"""Literals and IN lists as the server stores them, without knowing any column's type.

The server rewrites what was typed: `x IN (1, 2)` is stored as `x = ANY (ARRAY[1, 2])`, a negative
number is printed `'-1'::integer`, a decimal `1.5` is a numeric constant, an array of text literals
compared with a text column is printed `(ARRAY['a'::character varying, ...])::text[]`. These rules
put a hand-written expression and the server's print into one form. Each rewrite keeps the value
and the type: `'-1'::integer` is `-1` (an integer literal), `'1.5'::numeric` is `1.5` (a numeric
one); `'5'::bigint` only loses its quotes, since `5` alone is an integer.
"""

from __future__ import annotations

import re

from drift.diff.normalize.type_names import normalize_type
from drift.diff.sqltokens import Token, matching_paren, type_span

TEXT_TYPES = frozenset({"text", "character varying", "bpchar", "name", "character"})
_INTEGER = re.compile(r"^-?\d+$")
_DECIMAL = re.compile(r"^-?(?:\d+\.\d*|\.\d+|\d+(?:\.\d*)?[eE][+-]?\d+)$")
_INT4 = (-(2**31), 2**31 - 1)
_INT8 = (-(2**63), 2**63 - 1)
_NUMBER_TYPES = frozenset({"smallint", "integer", "bigint", "numeric", "real", "double precision"})
_SUBQUERY = frozenset({"select", "values", "with"})


def matching_bracket(tokens: list[Token], i: int) -> int:
    """Index of the `]` closing the `[` at `i`, or -1."""
    depth = 0
    for k in range(i, len(tokens)):
        if tokens[k] == ("punct", "["):
            depth += 1
        elif tokens[k] == ("punct", "]"):
            depth -= 1
            if depth == 0:
                return k
    return -1


# Types whose `TYPE 'text'` literal people write (interval '1 day'); the server prints '1 day'::interval.
_LITERAL_TYPES = frozenset(
    {
        "interval", "date", "time", "timestamp", "timestamptz", "timetz", "text", "varchar", "numeric",
        "decimal", "json", "jsonb", "uuid", "bool", "boolean", "int", "int2", "int4", "int8", "integer",
        "bigint", "smallint", "real", "float4", "float8", "bytea", "inet", "cidr", "macaddr", "money",
        "bpchar", "char", "name", "regclass", "regtype", "oid", "xml", "tsvector", "tsquery",
    }
)  # fmt: skip


def typed_literals(tokens: list[Token]) -> list[Token]:
    """`interval '1 day'` -> `'1 day'::interval`: the `TYPE 'text'` syntax is that cast."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else None
        prev = out[-1] if out else None
        if (
            tok[0] == "word"
            and tok[1] in _LITERAL_TYPES
            and nxt is not None
            and nxt[0] == "str"
            and nxt[1].startswith("'")
            and (prev is None or (prev[0] != "cast" and prev != ("punct", ".")))
        ):
            out += [nxt, ("cast", "::"), tok]
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def rewrite_in_lists(tokens: list[Token]) -> list[Token]:
    """`x IN (a, b)` -> `x = any (array[a, b])`, `x NOT IN (a, b)` -> `x <> all (array[a, b])`;
    a one-element list is `x = a` / `x <> a`. Subqueries are left alone."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok == ("word", "in") and i + 1 < n and tokens[i + 1] == ("punct", "(") and out:
            close = matching_paren(tokens, i + 1)
            inner = tokens[i + 2 : close]
            if close > 0 and inner and inner[0][1] not in _SUBQUERY:
                negated = out[-1] == ("word", "not")
                if negated:
                    out.pop()
                if ("punct", ",") not in _top_level_tokens(inner):
                    out += [("op", "<>" if negated else "="), *inner]
                else:
                    quantifier = ("word", "all" if negated else "any")
                    out += [("op", "<>" if negated else "="), quantifier, ("punct", "(")]
                    out += [("word", "array"), ("punct", "["), *inner, ("punct", "]"), ("punct", ")")]
                i = close + 1
                continue
        out.append(tok)
        i += 1
    return out


def _top_level_tokens(tokens: list[Token]) -> list[Token]:
    depth, out = 0, []
    for tok in tokens:
        if tok[1] in ("(", "[") and tok[0] == "punct":
            depth += 1
        elif tok[1] in (")", "]") and tok[0] == "punct":
            depth -= 1
        elif depth == 0:
            out.append(tok)
    return out


def _number_tokens(text: str) -> list[Token]:
    return [("op", "-"), ("num", text[1:])] if text.startswith("-") else [("num", text)]


def _bare_literal_type(text: str) -> str | None:
    """The type PostgreSQL gives a number literal written without quotes or cast."""
    if _INTEGER.match(text):
        value = int(text)
        if _INT4[0] <= value <= _INT4[1]:
            return "integer"
        return "bigint" if _INT8[0] <= value <= _INT8[1] else "numeric"
    return "numeric" if _DECIMAL.match(text) else None


def unquote_numbers(tokens: list[Token]) -> list[Token]:
    """`'-1'::integer` -> `-1`, `'1.5'::numeric` -> `1.5`, `(-1)::integer` -> `-1`, `2::integer` -> `2`:
    a cast of a number to the type it has anyway is dropped; a quoted number cast to a number type
    becomes the number with that cast (`'5'::bigint` -> `5::bigint`)."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok[0] == "cast" and out:
            end = type_span(tokens, i + 1)
            cast_to = normalize_type(" ".join(v for _, v in tokens[i + 1 : end]))
            number = _operand_number(out)
            if end > i + 1 and cast_to in _NUMBER_TYPES and number is not None:
                text, width = number
                del out[len(out) - width :]
                out += _number_tokens(text)
                if _bare_literal_type(text) != cast_to:
                    out += tokens[i:end]
                i = end
                continue
        out.append(tok)
        i += 1
    return out


def _operand_number(out: list[Token]) -> tuple[str, int] | None:
    """The number that ends `out` as the operand of a cast, and how many tokens spell it."""
    last = out[-1]
    if last[0] == "str" and last[1].startswith("'"):
        text = last[1][1:-1]
        return (text, 1) if _bare_literal_type(text) is not None else None
    if last[0] == "num":
        return last[1], 1
    if len(out) >= 4 and out[-4] == ("punct", "(") and out[-3] == ("op", "-") and out[-2][0] == "num":
        return ("-" + out[-2][1], 4) if last == ("punct", ")") else None
    return None


def _string_array_end(tokens: list[Token], start: int) -> int:
    """If `array[...]` of string literals only starts at `start`, the index of its `]`, else -1."""
    if tokens[start : start + 2] != [("word", "array"), ("punct", "[")]:
        return -1
    close = matching_bracket(tokens, start + 1)
    elements = tokens[start + 2 : close]
    if close < 0 or not elements:
        return -1
    strings = elements[0::2]
    commas = elements[1::2]
    if all(t[0] == "str" for t in strings) and all(t == ("punct", ",") for t in commas):
        return close
    return -1


def strip_text_array_casts(tokens: list[Token]) -> list[Token]:
    """`(array['a', 'b'])::text[]` -> `array['a', 'b']`: an array of string literals is a text array,
    as each of its literals is a text literal once its text cast is dropped."""
    out = list(tokens)
    i = 0
    while i < len(out):
        wrapped = out[i] == ("punct", "(")
        start = i + 1 if wrapped else i
        close = _string_array_end(out, start) if start < len(out) else -1
        after = close + 2 if wrapped else close + 1
        if close < 0 or (wrapped and out[close + 1 : close + 2] != [("punct", ")")]):
            i += 1
            continue
        if after < len(out) and out[after][0] == "cast":
            end = type_span(out, after + 1)
            cast_to = normalize_type(" ".join(v for _, v in out[after + 1 : end]))
            if cast_to.endswith("[]") and cast_to[:-2].split("(")[0] in TEXT_TYPES:
                out[i:end] = out[start : close + 1]
        i += 1
    return out
