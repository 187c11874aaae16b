"""Matching objects of the two sides before anything is compared.

First by identity (name, or signature for functions): declared only (missing), present only
(unexpected), in both (common). Then, for constraints and indexes, the leftovers are paired by
structure, so a renamed index is one "renamed" finding instead of a drop and an add.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import Any, Generic, TypeVar

from drift.diff.normalize import ColumnTypes, column_types
from drift.model import Schema, Table

T = TypeVar("T")


@dataclass
class Matched(Generic[T]):
    missing: list[T] = field(default_factory=list)
    unexpected: list[T] = field(default_factory=list)
    common: list[tuple[T, T]] = field(default_factory=list)
    renamed: list[tuple[T, T]] = field(default_factory=list)


_DICT = attrgetter("__dict__")


def same(x: Any, y: Any) -> bool:
    """Value equality of two leaf models (no nested models), much cheaper than pydantic's `==`."""
    return x is y or (x is not None and y is not None and x.__dict__ == y.__dict__)


def same_all(xs: tuple[Any, ...], ys: tuple[Any, ...]) -> bool:
    """`same` for each pair of two equally long tuples of leaf models."""
    if len(xs) != len(ys):
        return False
    return not xs or list(map(_DICT, xs)) == list(map(_DICT, ys))


_TABLE_MEMBER_TUPLES = (
    "columns",
    "foreign_keys",
    "unique_constraints",
    "check_constraints",
    "exclusion_constraints",
    "indexes",
    "triggers",
    "policies",
    "privileges",
    "column_privileges",
)


_TABLE_SCALARS = tuple(
    n
    for n in Table.model_fields
    if n not in _TABLE_MEMBER_TUPLES and n not in ("primary_key", "identity_sequences", "options")
)


def tables_equal(e: Table, a: Table) -> bool:
    """Exact equality of two tables (the common case when nothing drifted), without pydantic's
    recursive `==`: scalar fields in one dict comparison, members as leaf models."""
    ed, ad = e.__dict__, a.__dict__
    for name in _TABLE_MEMBER_TUPLES:
        if not same_all(ed[name], ad[name]):
            return False
    if not same(ed["primary_key"], ad["primary_key"]):
        return False
    # Identity options count only when both sides give them (expected files and models do not).
    e_ids, a_ids = ed["identity_sequences"], ad["identity_sequences"]
    if e_ids and a_ids and not same_all(e_ids, a_ids):
        return False
    # Options count only when the expected side says (None: a file or model that does not).
    e_opts = ed["options"]
    if e_opts is not None and e_opts != ad["options"]:
        return False
    return all(ed[name] == ad[name] for name in _TABLE_SCALARS)


def match_by_key(expected: Iterable[T], actual: Iterable[T], key: Callable[[T], Hashable]) -> Matched[T]:
    """Pair objects with equal keys; order follows the expected side, then the actual side."""
    exp_list, act_list = list(expected), list(actual)
    exp_keys, act_keys = [key(e) for e in exp_list], [key(a) for a in act_list]
    if exp_keys == act_keys:  # the usual case: same members in the same (sorted) order
        return Matched(common=list(zip(exp_list, act_list, strict=True)))
    by_key = dict(zip(act_keys, act_list, strict=True))
    out: Matched[T] = Matched()
    seen: set[Hashable] = set()
    for e, k in zip(exp_list, exp_keys, strict=True):
        seen.add(k)
        a = by_key.get(k)
        if a is None:
            out.missing.append(e)
        else:
            out.common.append((e, a))
    out.unexpected = [a for k, a in by_key.items() if k not in seen]
    return out


def pair_structurally(
    matched: Matched[T],
    signature: Callable[[T], Hashable],
    actual_signature: Callable[[T], Hashable] | None = None,
) -> Matched[T]:
    """Move (missing, unexpected) pairs with the same structural signature to `renamed`.

    `actual_signature` (default: `signature`) reads the actual side's objects, when their signature
    depends on their own table (its column types). When several objects share a signature
    (duplicate indexes), they pair up in name order.
    """
    if not matched.missing or not matched.unexpected:
        return matched
    read_actual = actual_signature or signature
    pool: dict[Hashable, list[T]] = {}
    for a in matched.unexpected:
        pool.setdefault(read_actual(a), []).append(a)
    still_missing: list[T] = []
    for e in matched.missing:
        candidates = pool.get(signature(e))
        if candidates:
            matched.renamed.append((e, candidates.pop(0)))
        else:
            still_missing.append(e)
    renamed_actual = {id(a) for _, a in matched.renamed}
    matched.missing = still_missing
    matched.unexpected = [a for a in matched.unexpected if id(a) not in renamed_actual]
    return matched


@dataclass(frozen=True, slots=True)
class SchemaPair:
    """A schema present on both sides."""

    name: str
    expected: Schema
    actual: Schema


@dataclass(frozen=True)
class TablePair:
    """A table (or view) present on both sides, with the schemas it lives in, and each side's column
    types (the context its expressions are read in: see `normalize.typed`)."""

    schema: str
    expected: Table
    actual: Table
    expected_schema: Schema
    actual_schema: Schema

    @cached_property
    def expected_types(self) -> ColumnTypes:
        return column_types((c.name, c.type) for c in self.expected.columns)

    @cached_property
    def actual_types(self) -> ColumnTypes:
        return column_types((c.name, c.type) for c in self.actual.columns)

    @property
    def path(self) -> tuple[str, str]:
        return (self.schema, self.expected.name)

    def member_path(self, member: str) -> tuple[str, str, str]:
        return (self.schema, self.expected.name, member)
