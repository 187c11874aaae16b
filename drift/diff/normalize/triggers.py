"""Trigger definitions as `pg_get_triggerdef()` prints them: the table schema-qualified, the level
spelt out (`FOR EACH STATEMENT` when none was written), `FOR ROW` as `FOR EACH ROW`."""

from __future__ import annotations

from functools import lru_cache

from drift.diff.normalize.expressions import canonical_tokens
from drift.diff.normalize.typed import ColumnTypes
from drift.diff.sqltokens import Token, tokenize


def _name(tok: Token) -> str | None:
    if tok[0] == "word":
        return tok[1]
    if tok[0] == "qid":
        return tok[1][1:-1].replace('""', '"')
    return None


@lru_cache(maxsize=8192)
def canonical_trigger(definition: str | None, schema: str, columns: ColumnTypes = ()) -> str | None:
    """Canonical text of a CREATE TRIGGER statement on a table of `schema` (its WHEN condition read
    with the table's `columns`): `ON users` is `ON <schema>.users`, no level is `FOR EACH STATEMENT`."""
    if definition is None:
        return None
    tokens = tokenize(definition.strip().rstrip(";").strip(), keep_comments=False)
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        out.append(tok)
        if tok == ("word", "on") and i + 1 < n and tokens[i + 1][0] in ("word", "qid"):
            qualified = i + 3 < n and tokens[i + 2] == ("punct", ".") and tokens[i + 3][0] in ("word", "qid")
            if not qualified:
                out += [("qid", '"' + schema.replace('"', '""') + '"'), ("punct", ".")]
            elif _name(tokens[i + 1]) == schema:
                out += [("qid", '"' + schema.replace('"', '""') + '"')]
                i += 1
        elif (
            tok == ("word", "for") and i + 1 < n and tokens[i + 1] in (("word", "row"), ("word", "statement"))
        ):
            out.append(("word", "each"))
        i += 1
    if ("word", "each") not in out:
        at = next((k for k, t in enumerate(out) if t in (("word", "when"), ("word", "execute"))), len(out))
        out[at:at] = [("word", "for"), ("word", "each"), ("word", "statement")]
    return canonical_tokens(out, columns)
