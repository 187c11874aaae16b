"""The sequence behind an identity column, as the server makes it from the options a source gives.

Expected-schema files (`identity_options`) and ORM models (`Identity(start=..., increment=...)`)
name only the options they care about; PostgreSQL fills in the rest from the column's type
(`CREATE TABLE ... GENERATED ALWAYS AS IDENTITY (START WITH 1000)`): bounds are the type's (1 up
to its maximum ascending, its minimum up to -1 descending), the start is the low bound ascending
and the high one descending, the cache 1, no cycle. Filling them in the same way makes a table
that says START 1000 compare equal to the database that was created from it.
"""

from __future__ import annotations

from typing import Any

from drift.model import Sequence
from drift.model.schema_objects import SEQUENCE_TYPE_RANGE

_TYPE_NAMES = {"int2": "smallint", "int4": "integer", "int": "integer", "int8": "bigint"}


def identity_sequence(
    name: str,
    owned_by: str,
    column_type: str,
    *,
    start: int | None = None,
    increment: int | None = None,
    min_value: int | None = None,
    max_value: int | None = None,
    cache: int | None = None,
    cycle: bool | None = None,
) -> Sequence:
    """The identity sequence `name` of column `owned_by` (table.column) of type `column_type`,
    with the server's defaults for every option left as None."""
    lowered = column_type.strip().lower()
    data_type = _TYPE_NAMES.get(lowered, lowered)
    low, high = SEQUENCE_TYPE_RANGE.get(data_type, SEQUENCE_TYPE_RANGE["bigint"])
    step = 1 if increment is None else increment
    if min_value is None:
        min_value = 1 if step > 0 else low
    if max_value is None:
        max_value = high if step > 0 else -1
    if start is None:
        start = min_value if step > 0 else max_value
    return Sequence(
        name=name,
        data_type=data_type,
        start=start,
        increment=step,
        min_value=min_value,
        max_value=max_value,
        cache=1 if cache is None else cache,
        cycle=bool(cycle),
        owned_by=owned_by,
    )


# The options in the order their defaults depend on each other (bounds on the increment, the start
# on the bounds), then in the order CREATE / ALTER clauses and files list them.
_DEPENDENCY_ORDER = ("increment", "min_value", "max_value", "start", "cache", "cycle")
OPTION_ORDER = ("start", "increment", "min_value", "max_value", "cache", "cycle")


def stated_options(seq: Sequence, column_type: str) -> dict[str, Any]:
    """The options of identity sequence `seq` that differ from what `identity_sequence` fills in
    for a column of `column_type`: what a file, a model or a CREATE must state to get `seq`."""
    options: dict[str, Any] = {}
    for key in _DEPENDENCY_ORDER:
        implied = identity_sequence(seq.name, seq.owned_by or "", column_type, **options)
        if getattr(seq, key) != getattr(implied, key):
            options[key] = getattr(seq, key)
    return {key: options[key] for key in OPTION_ORDER if key in options}


_CLAUSES = {
    "start": "START WITH {}",
    "increment": "INCREMENT BY {}",
    "min_value": "MINVALUE {}",
    "max_value": "MAXVALUE {}",
    "cache": "CACHE {}",
}


def options_sql(options: dict[str, Any]) -> str:
    """`START WITH 1000 INCREMENT BY 7 ... CYCLE`: the sequence options of `stated_options`."""
    return " ".join(
        ("CYCLE" if options[key] else "NO CYCLE") if key == "cycle" else _CLAUSES[key].format(options[key])
        for key in OPTION_ORDER
        if key in options
    )
