"""drift/model/fast_json.py writes the bytes pydantic writes, for the models it may be used on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from functools import cached_property
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, RootModel, computed_field

from drift.model import Catalog, Column, Schema, Snapshot, Table, UsageStats
from drift.model.fast_json import dump_json, unsupported_fields
from drift.model.stats import TableStats

STRINGS = [
    "plain",
    'quote " and backslash \\',
    "control \x00 \x01 \x1f \x7f tab\t newline\n return\r",
    "unicode ünï 中文 \u2028 \u2029 emoji \U0001f600",
    "",
]
STAMPS = [
    datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    datetime(2026, 1, 2, 3, 4, 5, 120000, tzinfo=UTC),
    datetime(2026, 1, 2, 3, 4, 5, 1, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
    datetime(2026, 1, 2, 3, 4, 5),
]


def _snapshot(text: str, stamp: datetime) -> Snapshot:
    column = Column(name=text or "c", position=1, type="text", default=f"'{text}'::text", comment=text)
    table = Table(name=f"t {text}", columns=(column,), comment=text)
    stats = UsageStats(
        collected_at=stamp,
        tables=(TableStats(schema_name="s", table=table.name, last_vacuum=stamp, n_live_tup=2**63 - 1),),
    )
    catalog = Catalog(database=text, server_version="18.0", schemas=(Schema(name="s", tables=(table,)),))
    return Snapshot(tool_version="0", generated_at=stamp, catalog=catalog, stats=stats)


def test_the_snapshot_holds_only_what_both_write_alike() -> None:
    # If this fails, a field was added that orjson may write differently from pydantic (a float,
    # an alias, a custom serializer...): make `drift inspect --json` use pydantic again, or extend
    # fast_json.py and its tests to cover it.
    assert unsupported_fields(Snapshot) == []


@pytest.mark.parametrize("text", STRINGS)
@pytest.mark.parametrize("stamp", STAMPS, ids=["utc", "utc-micro", "offset-micro", "naive"])
def test_same_bytes_as_pydantic(text: str, stamp: datetime) -> None:
    snapshot = _snapshot(text, stamp)
    assert dump_json(snapshot) == snapshot.__pydantic_serializer__.to_json(snapshot)


def test_what_it_cannot_write_is_left_to_pydantic() -> None:
    class Big(BaseModel):
        n: int

    big = Big(n=2**70)  # orjson refuses integers over 64 bits
    assert dump_json(big) == big.__pydantic_serializer__.to_json(big) == b'{"n":1180591620717411303424}'


def test_what_would_differ_is_reported() -> None:
    class Inner(BaseModel):
        ratio: float
        kind: Literal["a", "b"] = "a"

    class Outer(BaseModel):
        inner: Inner | None = None
        renamed: str = Field(default="", serialization_alias="other")
        anything: Any = None

        @computed_field  # type: ignore[prop-decorator]
        @property
        def double(self) -> int:
            return 2

    assert unsupported_fields(Outer) == [
        "Outer: custom serializer or computed field",
        "Inner.ratio: type <class 'float'>",
        "Outer.renamed: excluded or aliased",
        "Outer.anything: type typing.Any",
    ]


def test_subtler_differences_are_reported_too() -> None:
    # Each of these writes other bytes with orjson than with pydantic.
    class Wrapped(RootModel[int]):
        pass

    class Stamped(BaseModel):
        model_config = ConfigDict(ser_json_temporal="milliseconds")
        at: datetime

    class Odd(BaseModel):
        as_text: Annotated[int, PlainSerializer(str)] = 1
        inner: tuple[Annotated[int, PlainSerializer(str)], ...] = ()
        maybe: int = Field(default=0, exclude_if=lambda v: v == 0)
        wrapped: Wrapped | None = None
        stamped: Stamped | None = None
        bounded: Annotated[int, Field(ge=0)] = 0  # a constraint: written alike

        @cached_property
        def twice(self) -> int:
            return self.as_text * 2

    assert unsupported_fields(Odd) == [
        "Odd: cached properties ['twice']",
        "Odd.as_text: metadata that may change how it is written",
        "Odd.inner: annotation [PlainSerializer(func=<class 'str'>, return_type=PydanticUndefined, when_used='always')]",
        "Odd.maybe: excluded conditionally",
        "Wrapped: a root model",
        "Stamped: a serialization setting in model_config",
    ]


def test_a_value_that_is_not_a_model_goes_to_pydantic() -> None:
    class Stamp(datetime):
        pass

    class Holder(BaseModel):
        at: datetime

    held = Holder(at=Stamp(2026, 1, 2, tzinfo=UTC))
    assert dump_json(held) == held.__pydantic_serializer__.to_json(held)


def test_a_subclass_of_a_declared_model_goes_to_pydantic() -> None:
    class Base(BaseModel):
        a: int = 1

    class Derived(Base):
        b: int = 2

    class Holder(BaseModel):
        item: Base

    held = Holder(item=Derived())
    assert dump_json(held) == held.__pydantic_serializer__.to_json(held) == b'{"item":{"a":1}}'
