"""Normalisation: the one place that decides which spellings of the same thing are equal.

The server prints types, defaults and expressions one way; a hand-written expected schema, an ORM or an
older server may spell them another. Everything the comparators compare goes through a function of
this package, so "int4" versus "integer" or `'active'::character varying` versus `'active'` never
shows up as drift. One module per kind of text: type names (`type_names`), column defaults
(`defaults`), expressions and function bodies (`expressions`), function arguments (`arguments`).

Only safe equivalences: type aliases PostgreSQL itself resolves to the same type; casts on string
literals in defaults (the column type coerces the literal anyway); `now()` = `CURRENT_TIMESTAMP`
= `transaction_timestamp()`; the sequence named in a `nextval()` default compared without quoting or
schema prefix; case of key words and unquoted names; whitespace; parentheses that cannot change the
meaning (around one token, or around an AND/OR group where operator precedence makes them redundant).
This is a canonical form, not a SQL parser: anything it cannot prove equal stays different.
"""

from drift.diff.normalize.arguments import normalize_arguments, normalize_named_arguments
from drift.diff.normalize.defaults import (
    defaults_equal,
    nextval_sequence,
    normalize_default,
    sequence_basename,
)
from drift.diff.normalize.expressions import canonical_body, canonical_expr, canonical_index_key
from drift.diff.normalize.triggers import canonical_trigger
from drift.diff.normalize.type_names import is_serial, normalize_type, without_typmod
from drift.diff.normalize.typed import ColumnTypes, column_types

__all__ = [
    "ColumnTypes",
    "canonical_body",
    "canonical_expr",
    "canonical_index_key",
    "canonical_trigger",
    "column_types",
    "defaults_equal",
    "is_serial",
    "nextval_sequence",
    "normalize_arguments",
    "normalize_default",
    "normalize_named_arguments",
    "normalize_type",
    "sequence_basename",
    "without_typmod",
]
