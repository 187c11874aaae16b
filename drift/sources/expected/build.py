"""Turn validated expected-schema files into one `Catalog`: the inverse of `render.py`.

Several files may describe the same schema (a big schema split by hand): their objects are merged,
and an object named twice is an error that points at the second place. Each table is built by
`build_table.py`, which fills in what a file leaves implied.

The files were validated already, so the catalog objects are made without validating them again
(`construct.py`), in field order and sorted as the catalog models' validators would sort them.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence as Seq
from dataclasses import dataclass, field
from typing import Any

from drift.model.catalog import Catalog, Schema, Table
from drift.model.construct import construct, sorted_by
from drift.model.schema_objects import Domain, Enum, Extension, Function, Sequence
from drift.sources.expected.build_table import TableBuilder
from drift.sources.expected.format import (
    DatabaseFile,
    SchemaFile,
    TableSpec,
    UnexpectedPolicy,
)

DEFAULT_UNEXPECTED: UnexpectedPolicy = "warn"
_SECTIONS = (("tables", None), ("views", "view"), ("materialized_views", "materialized_view"))


class SpecError(Exception):
    """A problem found after validation (a duplicate, a bad key), at a path inside one file."""

    def __init__(self, file: str, path: Seq[str | int], message: str) -> None:
        super().__init__(message)
        self.file = file
        self.path = tuple(path)
        self.message = message


@dataclass
class _Parts:
    """Everything the files say about one schema (or, for name '', the database)."""

    name: str
    attrs: dict[str, tuple[Any, str]] = field(default_factory=dict)  # attr -> (value, file)
    seen: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, key) -> file
    tables: list[Table] = field(default_factory=list)
    sequences: list[Sequence] = field(default_factory=list)
    enums: list[Enum] = field(default_factory=list)
    domains: list[Domain] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)

    def set_once(self, attr: str, value: Any, file: str) -> None:
        if value is None:
            return
        if attr in self.attrs and self.attrs[attr][0] != value:
            old, other = self.attrs[attr]
            what = f"schema '{self.name}'" if self.name else "the database"
            raise SpecError(file, (attr,), f"{what} already has {attr} {old!r} in {other}")
        self.attrs.setdefault(attr, (value, file))

    def claim(self, kind: str, key: str, file: str, path: tuple[str, str]) -> None:
        other = self.seen.setdefault((kind, key), file)
        if other != file:
            where = f"schema '{self.name}'" if self.name else "the database"
            raise SpecError(file, path, f"{kind} '{key}' of {where} is already described in {other}")


@dataclass(frozen=True)
class BuiltCatalog:
    catalog: Catalog
    unexpected: dict[str, UnexpectedPolicy]
    default_unexpected: UnexpectedPolicy


def build_catalog(files: Seq[tuple[str, SchemaFile | DatabaseFile]]) -> BuiltCatalog:
    """Merge validated files (with the name to use in errors) into a catalog and the policies."""
    database = _Parts("")
    schemas: dict[str, _Parts] = {}
    tables = TableBuilder()
    for file, spec in files:
        if isinstance(spec, DatabaseFile):
            database.set_once("unexpected", spec.unexpected, file)
            for name, ext in spec.extensions.items():
                database.claim("extension", name, file, ("extensions", name))
                database.extensions.append(
                    construct(
                        Extension, {"name": name, "version": ext.version, "schema_name": ext.schema_name}
                    )
                )
            continue
        parts = schemas.setdefault(spec.schema_name, _Parts(spec.schema_name))
        _add_schema_file(parts, spec, file, tables)
    schema_list = [
        construct(
            Schema,
            {
                "name": p.name,
                "owner": p.attrs.get("owner", (None,))[0],
                "comment": p.attrs.get("comment", (None,))[0],
                "tables": sorted_by(p.tables, "name"),
                "sequences": sorted_by(p.sequences, "name"),
                "enums": sorted_by(p.enums, "name"),
                "domains": sorted_by(p.domains, "name"),
                "functions": sorted_by(p.functions, "signature"),
            },
        )
        for p in schemas.values()
    ]
    catalog = construct(
        Catalog,
        {
            "database": None,
            "server_version": None,
            "schemas": sorted_by(schema_list, "name"),
            "extensions": sorted_by(database.extensions, "name"),
        },
    )
    return BuiltCatalog(
        catalog=catalog,
        unexpected={
            n: p.attrs["unexpected"][0] for n, p in sorted(schemas.items()) if "unexpected" in p.attrs
        },
        default_unexpected=database.attrs.get("unexpected", (DEFAULT_UNEXPECTED,))[0],
    )


def _add_schema_file(parts: _Parts, spec: SchemaFile, file: str, tables: TableBuilder) -> None:
    schema = spec.schema_name
    for attr in ("unexpected", "owner", "comment"):
        parts.set_once(attr, getattr(spec, attr), file)
    for section, kind in _SECTIONS:
        for name, table in getattr(spec, section).items():
            parts.claim("relation", name, file, (section, name))
            _check_key_columns(file, (section, name), table)
            parts.tables.append(tables.table(schema, name, table, kind, spec.table_owner))
    for name, seq in spec.sequences.items():
        parts.claim("sequence", name, file, ("sequences", name))
        parts.sequences.append(construct(Sequence, {"name": name, **seq.__dict__}))
    for name, enum in spec.enums.items():
        parts.claim("enum", name, file, ("enums", name))
        repeated = next((label for label in enum.labels if enum.labels.count(label) > 1), None)
        if repeated is not None:
            raise SpecError(file, ("enums", name), f"label '{repeated}' is listed twice")
        parts.enums.append(construct(Enum, {"name": name, **enum.__dict__}))
    for name, domain in spec.domains.items():
        parts.claim("domain", name, file, ("domains", name))
        parts.domains.append(construct(Domain, {"name": name, **domain.__dict__}))
    for key, func in spec.functions.items():
        parts.claim("function", key, file, ("functions", key))
        paren = key.find("(")
        if paren <= 0 or not key.endswith(")"):
            raise SpecError(
                file, ("functions", key), f"function key '{key}' must be NAME(ARGUMENTS), e.g. 'touch()'"
            )
        parts.functions.append(
            construct(Function, {"name": key[:paren], "arguments": key[paren + 1 : -1], **func.__dict__})
        )


def _check_key_columns(file: str, path: tuple[str, str], spec: TableSpec) -> None:
    """A key or constraint names at least one column, each a column of the table (when it lists
    columns), a foreign key references as many columns as it has, and a column grant names a
    column of the table."""
    named: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    if spec.primary_key is not None:
        named.append((("primary_key",), spec.primary_key.columns))
    named += [(("unique_constraints", n), u.columns) for n, u in spec.unique_constraints.items()]
    named += [(("foreign_keys", n), f.columns) for n, f in spec.foreign_keys.items()]
    for where, columns in named:
        if not columns:
            raise SpecError(file, (*path, *where), "no columns: a key names at least one column")
    for fk_name, fk in spec.foreign_keys.items():
        if len(fk.ref_columns) != len(fk.columns):
            raise SpecError(
                file,
                (*path, "foreign_keys", fk_name),
                f"{len(fk.columns)} column(s) reference {len(fk.ref_columns)} column(s) of {fk.ref_table}",
            )
    if not spec.columns:
        return
    named += [
        (("column_privileges", grantee, column), (column,))
        for grantee, per_column in spec.column_privileges.items()
        for column in per_column
    ]
    for where, columns in named:
        for column in columns:
            if column not in spec.columns:
                close = difflib.get_close_matches(column, list(spec.columns), n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"its columns: {', '.join(spec.columns)}"
                raise SpecError(file, (*path, *where), f"'{column}' is not a column of {path[1]}; {hint}")
