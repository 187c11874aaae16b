"""Expressions (CHECK bodies, index keys and predicates, policies, view and trigger definitions) and
function bodies, as canonical text: equal text means equal meaning; the reverse need not hold."""

from __future__ import annotations

from functools import lru_cache

from drift.diff.normalize.literals import (
    TEXT_TYPES,
    matching_bracket,
    rewrite_in_lists,
    strip_text_array_casts,
    typed_literals,
    unquote_numbers,
)
from drift.diff.normalize.sugar import desugar
from drift.diff.normalize.type_names import normalize_type
from drift.diff.normalize.typed import ColumnTypes, apply_column_types
from drift.diff.quoting import RESERVED_WORDS
from drift.diff.sqltokens import Token, join_tokens, matching_paren, tokenize, type_span

_STRONG_BOUNDARY = frozenset({"(", ")", ",", "[", "]", "when", "then", "else", "end", "where", "check"})


def strip_literal_casts(tokens: list[Token], *, text_only: bool) -> list[Token]:
    """Drop the cast after a string literal (`'a'::text` -> `'a'`); with `text_only`, only casts to
    text types, whose operators treat the literal the same way."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok[0] == "cast" and out and out[-1][0] == "str":
            end = type_span(tokens, i + 1)
            type_text = " ".join(v for _, v in tokens[i + 1 : end])
            type_name = normalize_type(type_text).split("(")[0]
            if end > i + 1 and (not text_only or type_name in TEXT_TYPES):
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
    """One token, a qualified name, a function call, `array[...]` or a subscript: nothing binds
    tighter, parentheses around it are noise."""
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
    if inner[k] == ("punct", "["):  # array[...], a subscript: bind tighter than any operator
        return matching_bracket(inner, k) == len(inner) - 1
    return inner[k] == ("punct", "(") and matching_paren(inner, k) == len(inner) - 1


_COMPARISONS = frozenset({"=", "<>", "!=", "<", ">", "<=", ">="})
# Operators spelt as words (and the words of clauses): an operation holding one is left alone.
_KEY_WORDS = RESERVED_WORDS | {
    "is", "isnull", "notnull", "between", "like", "ilike", "similar", "in", "collate", "at", "zone",
    "escape", "overlaps", "distinct", "from", "any", "all", "some", "not", "and", "or",
}  # fmt: skip


def _is_operation(inner: list[Token]) -> bool:
    """Operands joined by operators that bind tighter than comparison (`a + b`, `x || y`): no key
    word, comma or comparison at depth 0."""
    depth = 0
    has_op = False
    for kind, value in inner:
        if kind == "punct" and value in ("(", "["):
            depth += 1
        elif kind == "punct" and value in (")", "]"):
            depth -= 1
        elif depth == 0:
            if kind == "op":
                if value in _COMPARISONS:
                    return False
                has_op = True
            elif kind == "punct" or (kind == "word" and value in _KEY_WORDS):
                return False
    return has_op


def _comparison_side(tok: Token | None) -> bool:
    """Next to a parenthesised operation, the parentheses are redundant: a comparison operator,
    AND/OR, or the edge of a clause."""
    if tok is None:
        return True
    return (tok[0] == "op" and tok[1] in _COMPARISONS) or _boundary(tok, frozenset({"and", "or"}))


def _boundary(tok: Token | None, extra: frozenset[str]) -> bool:
    if tok is None:
        return True
    kind, value = tok
    if kind in ("punct", "word"):
        return value in _STRONG_BOUNDARY or value in extra
    return False


def drop_redundant_parens(tokens: list[Token]) -> list[Token]:
    """Remove parentheses that cannot change the meaning (see the package docstring)."""
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
            elif _is_operation(inner) and _comparison_side(prev) and _comparison_side(nxt):
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


def rewrite_synonyms(tokens: list[Token]) -> list[Token]:
    """`CURRENT_TIMESTAMP` and `transaction_timestamp()` -> `now()`; `EXECUTE PROCEDURE` -> `EXECUTE FUNCTION`."""
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
def canonical_expr(expression: str | None, columns: ColumnTypes = ()) -> str | None:
    """Canonical text of a CHECK body, index predicate or key, policy clause, view or trigger
    definition: key words and unquoted names lower-cased, whitespace and redundant parentheses
    removed, casts of string literals to text types dropped, IN lists as `= ANY (ARRAY[...])`,
    numbers as the literals they are. With `columns` (the table's column types, see
    `typed.column_types`), also the casts the server adds because of those types. Equal text means
    equal meaning; the reverse need not hold."""
    if expression is None:
        return None
    text = expression.strip().rstrip(";").strip()
    return canonical_tokens(tokenize(text, keep_comments=False), columns)


def canonical_tokens(tokens: list[Token], columns: ColumnTypes = ()) -> str:
    """`canonical_expr` of an expression already tokenized (without comments)."""
    tokens = typed_literals(desugar(tokens))
    tokens = rewrite_in_lists(tokens)
    tokens = strip_literal_casts(tokens, text_only=True)
    tokens = rewrite_synonyms(tokens)
    tokens = drop_redundant_parens(tokens)
    tokens = strip_literal_casts(tokens, text_only=True)  # ('a'::character varying)::text -> 'a'
    tokens = strip_text_array_casts(tokens)
    tokens = unquote_numbers(tokens)
    if columns:
        tokens = apply_column_types(tokens, columns)
        tokens = drop_redundant_parens(tokens)
    return join_tokens(tokens)


_SQL_LANGUAGES = frozenset({"sql", "plpgsql"})


_ORDERING = (
    ("asc", "nulls", "last"),
    ("asc", "nulls", "first"),
    ("desc", "nulls", "first"),
    ("desc", "nulls", "last"),
    ("nulls", "last"),
    ("nulls", "first"),
    ("asc",),
    ("desc",),
)
# What each ordering says, spelled as pg_get_indexdef() does: ASC and the default NULLS are implied.
_ORDERING_SPELLING = {"asc nulls first": "nulls first", "desc nulls first": "desc", "asc nulls last": "",
                      "nulls last": "", "asc": "", "desc nulls last": "desc nulls last", "nulls first": "nulls first",
                      "desc": "desc"}  # fmt: skip


@lru_cache(maxsize=65536)
def canonical_index_key(key: str, columns: ColumnTypes = ()) -> str | None:
    """An index key (column or expression, then ordering): `a ASC NULLS LAST` is `a`, `b DESC NULLS
    FIRST` is `b DESC`, as the server prints them."""
    words = key.split()
    for ordering in _ORDERING:
        tail = words[-len(ordering) :]
        if len(words) > len(ordering) and tuple(w.lower() for w in tail) == ordering:
            head = canonical_expr(" ".join(words[: -len(ordering)]), columns) or ""
            spelling = _ORDERING_SPELLING[" ".join(ordering)]
            return f"{head} {spelling}" if spelling else head
    return canonical_expr(key, columns)


@lru_cache(maxsize=8192)
def canonical_body(body: str | None, language: str = "sql") -> str | None:
    """A function body. In SQL and PL/pgSQL, case of key words and layout do not matter (literals and
    comments do); in any other language (PL/Python's indentation is syntax, a C function's body is a
    case-sensitive symbol) only the whitespace around the whole body and line endings are ignored."""
    if body is None:
        return None
    if language.lower() not in _SQL_LANGUAGES:
        return body.replace("\r\n", "\n").strip()
    return join_tokens(tokenize(body.strip(), keep_comments=True))
