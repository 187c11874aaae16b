"""Casts the server adds because of a column's type, removed once the column types are known.

The server prints what it parsed, with the implicit casts made explicit: `status = 'active'` on a
`varchar` column is printed `(status)::text = 'active'::text`, `score >= 0` on a `numeric` column
`score >= (0)::numeric`, `feeling <> 'sad'` on an enum column `feeling <> 'sad'::mood`. A hand-written
expected schema (or another tool) spells the expression as typed. Knowing the table's column types,
these casts can be dropped exactly where the server would have added them:

- `col::text` where `col` is `character varying` (varchar has no operators of its own: every use
  goes through text), unless the whole expression is that cast (an index on `(col::text)` is an
  expression index, not an index on the column);
- a cast of a literal to the type of the column on the other side of an operator
  (`col >= 0::numeric`, `'sad'::mood <> col`), including the elements of an array compared with
  `col = ANY (...)` and the array's own cast: a literal next to a column is coerced to its type.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from drift.diff.normalize.literals import matching_bracket
from drift.diff.normalize.type_names import normalize_type, without_typmod
from drift.diff.sqltokens import Token, type_span

ColumnTypes = tuple[tuple[str, str], ...]
"""(column name, normalised type) pairs: the context an expression of a table is read in."""

_QUANTIFIERS = frozenset({"any", "all", "some"})
_ROW_VARIABLES = frozenset({("word", "new"), ("word", "old")})


def column_types(columns: Iterable[tuple[str, str]]) -> ColumnTypes:
    """The context for `canonical_expr` from (name, type) pairs, e.g. a table's columns."""
    return tuple(sorted((name, normalize_type(type_)) for name, type_ in columns))


def _name(tok: Token) -> str | None:
    if tok[0] == "word":
        return tok[1]
    if tok[0] == "qid":
        return tok[1][1:-1].replace('""', '"')
    return None


def _column_at(tokens: list[Token], j: int, types: Mapping[str, str]) -> str | None:
    """The type of the column `tokens[j]` names: unqualified, or a trigger's `NEW.`/`OLD.` (another
    qualifier may be another table's column); not a function or type name."""
    if j < 0 or j >= len(tokens):
        return None
    name = _name(tokens[j])
    if name is None or name not in types:
        return None
    if j + 1 < len(tokens) and tokens[j + 1] in (("punct", "("), ("punct", ".")):
        return None
    if j > 0 and tokens[j - 1][0] == "cast":
        return None
    if j > 0 and tokens[j - 1] == ("punct", ".") and (j < 2 or tokens[j - 2] not in _ROW_VARIABLES):
        return None
    return types[name]


def _cast_type(tokens: list[Token], i: int) -> tuple[str, int]:
    """(normalised type, index after it) of the cast at `tokens[i]`."""
    end = type_span(tokens, i + 1)
    return normalize_type(" ".join(v for _, v in tokens[i + 1 : end])), end


def _family(type_name: str) -> str:
    return without_typmod(type_name)


def _literal_start(tokens: list[Token], end: int) -> int:
    """Start of the literal ending at `tokens[end]` (a string, a number, or `- number`), else -1."""
    tok = tokens[end]
    if tok[0] not in ("str", "num"):
        return -1
    if tok[0] == "num" and end >= 1 and tokens[end - 1] == ("op", "-"):
        before = tokens[end - 2] if end >= 2 else None
        if before is None or before[0] in ("op", "cast") or before in (("punct", "("), ("punct", ",")):
            return end - 1  # a unary minus
    return end


def _drop_varchar_text_casts(tokens: list[Token], types: Mapping[str, str]) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok[0] == "cast" and out:
            col_type = _column_at(out, len(out) - 1, types)
            cast_to, end = _cast_type(tokens, i)
            whole = len(out) == 1 and end == n
            if col_type is not None and not whole:
                family = _family(col_type)
                if (family, cast_to) in (("character varying", "text"), ("character varying[]", "text[]")):
                    i = end
                    continue
        out.append(tok)
        i += 1
    return out


def _drop_literal_casts(tokens: list[Token], types: Mapping[str, str]) -> list[Token]:
    out = list(tokens)
    i = 0
    while i < len(out):
        if out[i][0] != "cast" or i == 0:
            i += 1
            continue
        cast_to, end = _cast_type(out, i)
        start = _literal_start(out, i - 1)
        if start < 0:
            i += 1
            continue
        left = start >= 2 and out[start - 1][0] == "op" and _column_at(out, start - 2, types)
        right = end + 1 < len(out) and out[end][0] == "op" and _column_at(out, end + 1, types)
        col_type = left or right
        if col_type and _family(col_type) == _family(cast_to):
            del out[i:end]
        i += 1
    return out


def _drop_array_casts(tokens: list[Token], types: Mapping[str, str]) -> list[Token]:
    """`col = any (array['a'::mood, 'b'::mood])` and `col = any (array['a', 'b']::mood[])`."""
    out = list(tokens)
    for a in range(len(out) - 1, 3, -1):
        if out[a : a + 2] != [("word", "array"), ("punct", "[")]:
            continue
        if out[a - 1] != ("punct", "(") or out[a - 2][1] not in _QUANTIFIERS or out[a - 3][0] != "op":
            continue
        col_type = _column_at(out, a - 4, types)
        if col_type is None:
            continue
        close = matching_bracket(out, a + 1)
        if close < 0:
            continue
        family = _family(col_type)
        if close + 1 < len(out) and out[close + 1][0] == "cast":
            cast_to, end = _cast_type(out, close + 1)
            if cast_to.endswith("[]") and _family(cast_to[:-2]) == family:
                del out[close + 1 : end]
        k = close - 1
        while k > a + 1:
            if out[k][0] == "cast":
                cast_to, end = _cast_type(out, k)
                if _family(cast_to) == family and _literal_start(out, k - 1) >= 0:
                    del out[k:end]
                    close -= end - k
            k -= 1
    return out


def apply_column_types(tokens: list[Token], columns: ColumnTypes) -> list[Token]:
    """Drop the casts the server adds because of the column types (see the module docstring)."""
    types = dict(columns)
    tokens = _drop_varchar_text_casts(tokens, types)
    tokens = _drop_array_casts(tokens, types)
    return _drop_literal_casts(tokens, types)
