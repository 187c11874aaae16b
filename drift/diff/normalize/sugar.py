"""Syntax the parser turns into operators and casts, spelt the way the server prints it back.

A CHECK written `email LIKE '%@%'`, `CAST(n AS text)`, `x SIMILAR TO 'a%'` or `n BETWEEN 1 AND 5` is
stored as `email ~~ '%@%'`, `(n)::text`, `x ~ similar_to_escape('a%')`, `n >= 1 AND n <= 5`, and
printed that way. These rewrites are exactly the parser's, so nothing that differs in meaning becomes
equal. BETWEEN is rewritten only when its three operands are simple (a name, a literal, a function
call or a parenthesised group); `BETWEEN SYMMETRIC` is left alone.
"""

from __future__ import annotations

from drift.diff.normalize.literals import matching_bracket
from drift.diff.sqltokens import Token, matching_paren

_LIKE = {("word", "like"): ("~~", "!~~"), ("word", "ilike"): ("~~*", "!~~*")}
_NOT = ("word", "not")
# What may stand next to a rewritten operand: nothing binding tighter than BETWEEN or LIKE does.
_EDGES = frozenset(
    {("punct", "("), ("punct", ")"), ("punct", ","), ("word", "and"), ("word", "or"), ("word", "not"),
     ("word", "when"), ("word", "then"), ("word", "else"), ("word", "end"), ("word", "where"),
     ("word", "check")}
)  # fmt: skip


def _edge(tokens: list[Token], i: int) -> bool:
    return i < 0 or i >= len(tokens) or tokens[i] in _EDGES


def _closing(tokens: list[Token], i: int) -> int:
    return matching_paren(tokens, i) if tokens[i] == ("punct", "(") else matching_bracket(tokens, i)


def _operand_end(tokens: list[Token], start: int) -> int:
    """Index after the simple operand that starts at `start`, or -1."""
    n = len(tokens)
    if start >= n:
        return -1
    tok = tokens[start]
    if tok == ("op", "-") and start + 1 < n and tokens[start + 1][0] == "num":
        return start + 2
    if tok[0] in ("num", "str", "param"):
        return start + 1
    if tok == ("punct", "("):
        close = matching_paren(tokens, start)
        return close + 1 if close > 0 else -1
    if tok[0] not in ("word", "qid") or tok[1] in ("and", "or", "not", "between", "symmetric"):
        return -1
    j = start + 1
    while j + 1 < n and tokens[j] == ("punct", ".") and tokens[j + 1][0] in ("word", "qid"):
        j += 2
    if j < n and tokens[j] == ("punct", "("):
        close = matching_paren(tokens, j)
        return close + 1 if close > 0 else -1
    return j


def _operand_start(tokens: list[Token], end: int) -> int:
    """Start of the simple operand that ends just before `end`, or -1."""
    if end <= 0:
        return -1
    last = tokens[end - 1]
    if last[0] in ("num", "str", "param"):
        return end - 2 if end >= 2 and tokens[end - 2] == ("op", "-") and last[0] == "num" else end - 1
    if last == ("punct", ")"):
        depth = 0
        for k in range(end - 1, -1, -1):
            if tokens[k] == ("punct", ")"):
                depth += 1
            elif tokens[k] == ("punct", "("):
                depth -= 1
                if depth == 0:
                    return k - 1 if k > 0 and tokens[k - 1][0] in ("word", "qid") else k
        return -1
    if last[0] in ("word", "qid") and last[1] not in ("and", "or", "not"):
        k = end - 1
        while k >= 2 and tokens[k - 1] == ("punct", ".") and tokens[k - 2][0] in ("word", "qid"):
            k -= 2
        return k
    return -1


def _cast(tokens: list[Token]) -> list[Token]:
    """`CAST(x AS t)` -> `(x)::t`."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == ("word", "cast") and i + 1 < len(tokens) and tokens[i + 1] == ("punct", "("):
            close = matching_paren(tokens, i + 1)
            depth, split = 0, -1
            for k in range(i + 2, close):
                if tokens[k][1] in ("(", "[") and tokens[k][0] == "punct":
                    depth += 1
                elif tokens[k][1] in (")", "]") and tokens[k][0] == "punct":
                    depth -= 1
                elif depth == 0 and tokens[k] == ("word", "as"):
                    split = k
                    break
            if close > 0 and split > i + 2:
                out += [("punct", "("), *_cast(tokens[i + 2 : split]), ("punct", ")"), ("cast", "::")]
                out += tokens[split + 1 : close]
                i = close + 1
                continue
        out.append(tokens[i])
        i += 1
    return out


def _patterns(tokens: list[Token]) -> list[Token]:
    """LIKE/ILIKE as `~~`/`~~*` (negated `!~~`, `!~~*`); SIMILAR TO as `~ similar_to_escape(...)`; an
    ESCAPE clause becomes the escape function's second argument."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        similar = tok == ("word", "similar") and i + 1 < n and tokens[i + 1] == ("word", "to")
        if tok in _LIKE or similar:
            start = i + (2 if similar else 1)
            end = _operand_end(tokens, start)
            pattern = tokens[start:end] if end > 0 else []
            escape: list[Token] = []
            if end > 0 and end + 1 < n and tokens[end] == ("word", "escape"):
                escape_end = _operand_end(tokens, end + 1)
                if escape_end > 0:
                    escape, end = tokens[end + 1 : escape_end], escape_end
            if end < 0 or not _edge(tokens, end):  # `x LIKE 'a' || 'b'`: the pattern goes on
                out.append(tok)
                i += 1
                continue
            negated = bool(out) and out[-1] == _NOT
            if negated:
                out.pop()
            if similar:
                out += [("op", "!~" if negated else "~"), ("word", "similar_to_escape"), ("punct", "(")]
                out += [*pattern, *([("punct", ","), *escape] if escape else []), ("punct", ")")]
            else:
                op = _LIKE[tok][1 if negated else 0]
                if escape:
                    pattern = [("word", "like_escape"), ("punct", "("), *pattern, ("punct", ","), *escape]
                    pattern.append(("punct", ")"))
                out += [("op", op), *pattern]
            i = end
            continue
        out.append(tok)
        i += 1
    return out


def _between(tokens: list[Token]) -> list[Token]:
    """`x BETWEEN a AND b` -> `(x >= a AND x <= b)`, `x NOT BETWEEN a AND b` -> `(x < a OR x > b)`."""
    i = 0
    while i < len(tokens):
        if tokens[i] != ("word", "between"):
            i += 1
            continue
        negated = i > 0 and tokens[i - 1] == _NOT
        left_end = i - 1 if negated else i
        left_start = _operand_start(tokens, left_end)
        low_end = _operand_end(tokens, i + 1)
        if left_start < 0 or low_end < 0 or tokens[low_end : low_end + 1] != [("word", "and")]:
            i += 1
            continue
        high_end = _operand_end(tokens, low_end + 1)
        if high_end < 0 or not _edge(tokens, left_start - 1) or not _edge(tokens, high_end):
            i += 1  # `a + b BETWEEN ...` or `... AND 5 + 1`: not a simple operand
            continue
        x, low, high = tokens[left_start:left_end], tokens[i + 1 : low_end], tokens[low_end + 1 : high_end]
        if negated:
            body = [*x, ("op", "<"), *low, ("word", "or"), *x, ("op", ">"), *high]
        else:
            body = [*x, ("op", ">="), *low, ("word", "and"), *x, ("op", "<="), *high]
        tokens = [*tokens[:left_start], ("punct", "("), *body, ("punct", ")"), *tokens[high_end:]]
        i = left_start + len(body) + 2
    return tokens


def desugar(tokens: list[Token]) -> list[Token]:
    """CAST, LIKE/ILIKE, SIMILAR TO and BETWEEN as the operators the parser makes of them."""
    return _between(_patterns(_cast(tokens)))
