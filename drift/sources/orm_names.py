"""The names PostgreSQL gives objects a model leaves unnamed.

Why this exists: a model that says `UniqueConstraint("a", "b")` without a name gets whatever name the
server chooses when `create_all` runs (`orders_a_b_key`), and the live catalog shows that name. To
compare by name we reproduce the server's choice: `makeObjectName()` (truncate the longer part until
`<name1>_<name2>_<label>` fits in 63 bytes, never splitting a character) and `ChooseRelationName()` /
`ChooseConstraintName()` (add 1, 2, ... to the label until the name is free in the schema). Names are
taken in the order the server takes them during `create_all`, which `SchemaNames` is fed in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

NAMEDATALEN = 64
MAX_IDENTIFIER_BYTES = NAMEDATALEN - 1


def clip_bytes(text: str, limit: int) -> str:
    """The longest prefix of `text` whose UTF-8 encoding fits in `limit` bytes (pg_mbcliplen)."""
    encoded = text.encode()
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode(errors="ignore")


def truncate_identifier(name: str) -> str:
    """What the server keeps of an over-long identifier (it truncates to 63 bytes with a NOTICE)."""
    return clip_bytes(name, MAX_IDENTIFIER_BYTES)


def make_object_name(name1: str, name2: str | None, label: str | None) -> str:
    """PostgreSQL's `makeObjectName()`: `name1[_name2][_label]`, shortened to fit NAMEDATALEN."""
    n1 = len(name1.encode())
    n2 = len(name2.encode()) if name2 else 0
    overhead = (len(label.encode()) + 1 if label else 0) + (1 if name2 else 0)
    available = MAX_IDENTIFIER_BYTES - overhead
    while n1 + n2 > available:
        if n1 > n2:
            n1 -= 1
        else:
            n2 -= 1
    parts = [clip_bytes(name1, n1)]
    if name2:
        parts.append(clip_bytes(name2, n2))
    if label:
        parts.append(label)
    return "_".join(parts)


def column_names_addition(columns: Iterable[str]) -> str:
    """`ChooseIndexNameAddition()`: column names joined by `_`, stopping once the name is long."""
    joined = ""
    for name in columns:
        joined = f"{joined}_{name}" if joined else name
        if len(joined.encode()) >= NAMEDATALEN:
            break
    return joined


class SchemaNames:
    """The relation and constraint names taken so far, per schema, as the server tracks them."""

    def __init__(self) -> None:
        self._relations: dict[str, set[str]] = defaultdict(set)
        self._constraints: dict[str, set[str]] = defaultdict(set)

    def take_relation(self, schema: str, name: str) -> None:
        self._relations[schema].add(name)

    def take_constraint(self, schema: str, name: str) -> None:
        self._constraints[schema].add(name)

    def choose_relation(
        self, schema: str, name1: str, name2: str | None, label: str, *, is_constraint: bool
    ) -> str:
        """`ChooseRelationName()`: for indexes (pkey, key) and owned sequences (seq)."""
        passes = 0
        while True:
            candidate = make_object_name(name1, name2, label if not passes else f"{label}{passes}")
            taken = candidate in self._relations[schema] or (
                is_constraint and candidate in self._constraints[schema]
            )
            if not taken:
                self._relations[schema].add(candidate)
                if is_constraint:
                    self._constraints[schema].add(candidate)
                return candidate
            passes += 1

    def choose_constraint(self, schema: str, name1: str, name2: str | None, label: str) -> str:
        """`ChooseConstraintName()`: for CHECK and FOREIGN KEY constraints."""
        passes = 0
        while True:
            candidate = make_object_name(name1, name2, label if not passes else f"{label}{passes}")
            if candidate not in self._constraints[schema]:
                self._constraints[schema].add(candidate)
                return candidate
            passes += 1
