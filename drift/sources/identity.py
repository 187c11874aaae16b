"""The sequence behind an identity column, as the server makes it from the options a source gives.

Expected-schema files (`identity_options`) and ORM models (`Identity(start=..., increment=...)`)
name only the options they care about; PostgreSQL fills in the rest from the column's type
(`CREATE TABLE ... GENERATED ALWAYS AS IDENTITY (START WITH 1000)`): bounds are the type's (1 up
to its maximum ascending, its minimum up to -1 descending), the start is the low bound ascending
and the high one descending, the cache 1, no cycle. Filling them in the same way makes a table
that says START 1000 compare equal to the database that was created from it.
"""

from __future__ import annotations

from drift.model import Sequence
from drift.model.catalog import SEQUENCE_TYPE_RANGE

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
