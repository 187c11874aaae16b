"""Array defaults in one spelling: `ARRAY['a', 'b c']`, `ARRAY[]::text[]` and `'{a,"b c"}'` are the same
value, which the server prints as the `'{...}'` literal when it was written that way and as
`ARRAY[...]` otherwise. Both become the literal as `array_out()` writes it (one dimension only;
anything else is left as it is)."""

from __future__ import annotations

from drift.diff.normalize.literals import matching_bracket
from drift.diff.sqltokens import Token, type_span

_NEEDS_QUOTES = frozenset('{}",\\')


def _element_text(value: str) -> str:
    """An element as `array_out()` writes it: quoted when empty, NULL, or holding special characters."""
    if value == "" or value.upper() == "NULL" or any(c in _NEEDS_QUOTES or c.isspace() for c in value):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def _literal(elements: list[str]) -> Token:
    text = "{" + ",".join(_element_text(e) for e in elements) + "}"
    return ("str", "'" + text.replace("'", "''") + "'")


def _parse_array_text(text: str) -> list[str] | None:
    """The elements of a one-dimensional array literal `{a,"b c"}`; None for anything else."""
    text = text.strip()
    if not (text.startswith("{") and text.endswith("}")):
        return None
    body, elements, i = text[1:-1], [], 0
    if not body.strip():
        return []
    while i <= len(body):
        while i < len(body) and body[i].isspace():
            i += 1
        if i < len(body) and body[i] == '"':
            value, i = [], i + 1
            while i < len(body) and body[i] != '"':
                if body[i] == "\\" and i + 1 < len(body):
                    i += 1
                value.append(body[i])
                i += 1
            if i >= len(body):
                return None
            element, i = "".join(value), i + 1
            while i < len(body) and body[i].isspace():
                i += 1
        else:
            end = body.find(",", i)
            end = len(body) if end < 0 else end
            element = body[i:end].strip()
            if any(c in '{}"\\' for c in element):
                return None  # nested arrays, escapes: left alone
            i = end
        elements.append(element)
        if i < len(body) and body[i] != ",":
            return None
        i += 1
    return elements


def array_default(tokens: list[Token]) -> list[Token]:
    """The whole default as one array literal, when it is `ARRAY[...]` of literals (with or without
    a cast) or a `'{...}'` string; otherwise `tokens` unchanged."""
    if len(tokens) == 1 and tokens[0][0] == "str" and tokens[0][1].startswith("'"):
        parsed = _parse_array_text(tokens[0][1][1:-1].replace("''", "'"))
        return [_literal(parsed)] if parsed is not None else tokens
    if tokens[:2] != [("word", "array"), ("punct", "[")]:
        return tokens
    close = matching_bracket(tokens, 1)
    end = close + 1
    if close < 0 or (
        end < len(tokens) and (tokens[end][0] != "cast" or type_span(tokens, end + 1) != len(tokens))
    ):
        return tokens
    elements: list[str] = []
    for item in _split(tokens[2:close]):
        if len(item) == 1 and item[0][0] == "str" and item[0][1].startswith("'"):
            elements.append(item[0][1][1:-1].replace("''", "'"))
        elif len(item) == 1 and item[0][0] == "num":
            elements.append(item[0][1])
        elif len(item) == 2 and item[0] == ("op", "-") and item[1][0] == "num":
            elements.append("-" + item[1][1])
        else:
            return tokens
    return [_literal(elements)]


def _split(tokens: list[Token]) -> list[list[Token]]:
    if not tokens:
        return []
    items: list[list[Token]] = [[]]
    for tok in tokens:
        if tok == ("punct", ","):
            items.append([])
        else:
            items[-1].append(tok)
    return items
