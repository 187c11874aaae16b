"""What the relation-level builders share: the row type, whole-catalog lookups, and one relation
being assembled (its `Table` fields plus the attnum -> name map keys are resolved with)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drift.model.catalog import Column

Row = tuple[Any, ...]


@dataclass
class Lookups:
    """Small whole-catalog maps the relation rows refer to by oid."""

    roles: dict[int, str]
    collations: dict[int, str]
    opclasses: dict[int, tuple[str, bool]]  # oid -> (name, is default)
    schema_names: dict[int, str]
    # oid -> the collation as an index key spells it after COLLATE (collations.sql's sql_name)
    collation_keys: dict[int, str] = field(default_factory=dict)

    def role(self, oid: int) -> str:
        if oid == 0:
            return "PUBLIC"
        return self.roles.get(oid, f"oid {oid}")


@dataclass
class Relation:
    """A table being assembled: `fields` become the `Table` (lists are turned into sorted tuples)."""

    schema_oid: int
    fields: dict[str, Any]
    columns: list[Column] = field(default_factory=list)
    attnames: dict[int, str] = field(default_factory=dict)
    attcollations: dict[int, int] = field(default_factory=dict)


def names(attnames: dict[int, str], attnums: Iterable[int] | None) -> tuple[str, ...]:
    try:
        return tuple(map(attnames.__getitem__, attnums or ()))
    except KeyError:  # a column this role cannot see? never seen, but never fail the reflection
        return tuple(attnames.get(n) or f"#{n}" for n in attnums or ())
