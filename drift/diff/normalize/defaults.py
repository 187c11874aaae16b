"""Column and domain defaults: cast noise, `now()` = `CURRENT_TIMESTAMP`, the value a number default
stores, the sequence a `nextval()` default names."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

from drift.diff.normalize.arrays import array_default
from drift.diff.normalize.expressions import (
    drop_redundant_parens,
    rewrite_synonyms,
    strip_literal_casts,
)
from drift.diff.normalize.literals import typed_literals
from drift.diff.normalize.type_names import normalize_type, without_typmod
from drift.diff.sqltokens import Token, join_tokens, tokenize, type_span

_NEXTVAL = re.compile(r"^nextval\('((?:[^']|'')*)'\)$")
_NUMERIC_LITERAL = re.compile(r"^'(-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)'$")


def _strip_casts_to(tokens: list[Token], type_name: str) -> list[Token]:
    """Drop `::<type>` after a (signed) number or a string when the type is the column's own, with or
    without its modifier: the column's type and modifier coerce the value anyway, so
    `(0)::numeric` on a `numeric(10,2)` column is `0`."""
    family = without_typmod(type_name)
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
    tokens = typed_literals(tokenize(text, keep_comments=False))
    tokens = strip_literal_casts(tokens, text_only=False)
    if column_type is not None:
        tokens = drop_redundant_parens(tokens)
        tokens = _strip_casts_to(tokens, normalize_type(column_type))
    tokens = rewrite_synonyms(tokens)
    tokens = drop_redundant_parens(tokens)
    tokens = strip_literal_casts(tokens, text_only=False)  # ('x'::text)::date -> 'x'
    if tokens and tokens[0] == ("word", "null") and (len(tokens) == 1 or tokens[1][0] == "cast"):
        if type_span(tokens, 2) == len(tokens) or len(tokens) == 1:
            return None  # DEFAULT NULL::text is no default
    canonical = join_tokens(array_default(tokens))
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
