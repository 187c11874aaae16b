"""Turning the schema-level query rows (sequences, enums, domains, functions) and the extension rows
into models. Like tables.py, this module only maps rows; it never talks to the server."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from operator import attrgetter
from typing import Any

from drift.model.construct import construct
from drift.model.schema_objects import Domain, Enum, Extension, Function, Sequence

Row = tuple[Any, ...]

FUNCTION_KINDS = {"f": "function", "p": "procedure", "a": "aggregate", "w": "window"}
VOLATILITY = {"i": "immutable", "s": "stable", "v": "volatile"}
PARALLEL = {"u": "unsafe", "r": "restricted", "s": "safe"}

_by_name = attrgetter("name")


# Positions in a sequences.sql row that the builders look at.
SEQUENCE_NAMESPACE, SEQUENCE_OWNER_DEPTYPE, SEQUENCE_OWNER_RELID = 1, 10, 13


def build_sequences(rows: Iterable[Row]) -> dict[int, list[Sequence]]:
    """Sequences per schema oid. Identity sequences (pg_depend 'i') belong to their column
    (`Table.identity_sequences`, see tables.py) and are not listed; their usage is still in the
    statistics."""
    found: dict[int, list[Sequence]] = defaultdict(list)
    for row in rows:
        if row[SEQUENCE_OWNER_DEPTYPE] != "i":
            found[row[SEQUENCE_NAMESPACE]].append(sequence_from_row(row))
    return _sorted(found)


def sequence_from_row(row: Row) -> Sequence:
    """The `Sequence` of one sequences.sql row; `owned_by` is the owning column (OWNED BY, a
    serial's or an identity's) as table.column."""
    (
        _oid,
        _nspoid,
        name,
        data_type,
        start,
        increment,
        min_value,
        max_value,
        cache,
        cycle,
        owner_deptype,
        owner_table,
        owner_column,
        _owner_relid,
        comment,
        extension,
    ) = row
    return construct(
        Sequence,
        {
            "name": name,
            "data_type": data_type,
            "start": start,
            "increment": increment,
            "min_value": min_value,
            "max_value": max_value,
            "cache": cache,
            "cycle": cycle,
            "owned_by": f"{owner_table}.{owner_column}" if owner_deptype in ("a", "i") else None,
            "comment": comment,
            "extension": extension,
        },
    )


def build_enums(rows: Iterable[Row]) -> dict[int, list[Enum]]:
    found: dict[int, list[Enum]] = defaultdict(list)
    for _oid, nspoid, name, labels, comment, extension in rows:
        found[nspoid].append(
            construct(
                Enum, {"name": name, "labels": tuple(labels), "comment": comment, "extension": extension}
            )
        )
    return _sorted(found)


def build_domains(rows: Iterable[Row], collations: dict[int, str]) -> dict[int, list[Domain]]:
    found: dict[int, list[Domain]] = defaultdict(list)
    for _oid, nspoid, name, base_type, notnull, default, collation, checks, comment, extension in rows:
        found[nspoid].append(
            construct(
                Domain,
                {
                    "name": name,
                    "base_type": base_type,
                    "nullable": not notnull,
                    "default": default,
                    "checks": tuple(sorted(checks or ())),
                    "collation": collations.get(collation) if collation else None,
                    "comment": comment,
                    "extension": extension,
                },
            )
        )
    return _sorted(found)


def build_functions(rows: Iterable[Row]) -> dict[int, list[Function]]:
    found: dict[int, list[Function]] = defaultdict(list)
    for (
        nspoid,
        name,
        arguments,
        kind,
        result,
        language,
        volatility,
        security_definer,
        strict,
        parallel,
        config,
        body,
        comment,
        extension,
    ) in rows:
        found[nspoid].append(
            construct(
                Function,
                {
                    "name": name,
                    "arguments": arguments,
                    "kind": FUNCTION_KINDS[kind],
                    "returns": result,
                    "language": language,
                    "volatility": VOLATILITY[volatility],
                    "security_definer": security_definer,
                    "strict": strict,
                    "parallel": PARALLEL.get(parallel, "unsafe"),
                    "config": tuple(config or ()),
                    "definition": body or "",
                    "comment": comment,
                    "extension": extension,
                },
            )
        )
    for members in found.values():
        members.sort(key=attrgetter("signature"))
    return found


def build_extensions(rows: Iterable[Row]) -> tuple[Extension, ...]:
    extensions = [
        construct(Extension, {"name": name, "version": version, "schema_name": schema})
        for name, version, schema in rows
    ]
    return tuple(sorted(extensions, key=_by_name))


def _sorted(found: dict[int, list[Any]]) -> dict[int, list[Any]]:
    for members in found.values():
        members.sort(key=_by_name)
    return found
