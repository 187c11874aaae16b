"""Turn a `Catalog` into expected-schema documents: the inverse of `build.py`.

Each document is plain data (dicts in the order to write, lists, str, bool, int, None) with `Flow`
marking mappings that may go on one line. What `build.py` would imply is left out: defaults, the
kind a section implies, positions that follow on, `TABLE_pkey`, the file's own schema in foreign keys,
the table owner the file names once, the index behind a primary key or unique constraint. Shorthands
are used only when they read back as the same object, so `build(render(c)) == c` always.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from drift.model.catalog import Catalog, ForeignKey, Index, Schema, Table
from drift.model.identity import stated_options
from drift.sources.expected.build_table import implied_index, implies_not_null
from drift.sources.expected.format import (
    GRANT_OPTION_SUFFIX,
    NOT_NULL_SUFFIX,
    CheckSpec,
    ColumnSpec,
    ExclusionSpec,
    ForeignKeySpec,
    IndexSpec,
    PolicySpec,
    PrimaryKeySpec,
    TableSpec,
    TriggerSpec,
    UnexpectedPolicy,
    UniqueSpec,
)
from drift.sources.expected.format_base import Spec
from drift.sources.expected.format_objects import DomainSpec, EnumSpec, FunctionSpec, SequenceSpec
from drift.sources.expected.yaml_writer import Flow

_SECTION_OF = {"view": "views", "materialized_view": "materialized_views"}


def render_database(catalog: Catalog, default_unexpected: UnexpectedPolicy) -> dict[str, Any]:
    doc: dict[str, Any] = {"unexpected": default_unexpected}
    if catalog.extensions:
        doc["extensions"] = {
            e.name: Flow(
                {**({"version": e.version} if e.version is not None else {}), "schema": e.schema_name}
            )
            for e in catalog.extensions
        }
    return doc


def render_schema(
    schema: Schema, unexpected: UnexpectedPolicy | None = None, *, include_extension_objects: bool = False
) -> dict[str, Any]:
    """The document of one schema file."""

    def own(items: Iterable[Any]) -> list[Any]:
        return [i for i in items if include_extension_objects or i.extension is None]

    tables = own(schema.tables)
    doc: dict[str, Any] = {"schema": schema.name}
    if unexpected is not None:
        doc["unexpected"] = unexpected
    if schema.owner is not None:
        doc["owner"] = schema.owner
    owners = Counter(t.owner for t in tables if t.owner is not None)
    table_owner = min(owners, key=lambda o: (-owners[o], o)) if owners else None
    if table_owner is not None:
        doc["table_owner"] = table_owner
    if schema.comment is not None:
        doc["comment"] = schema.comment
    sections: dict[str, dict[str, Any]] = {"tables": {}, "views": {}, "materialized_views": {}}
    for table in tables:
        sections[_SECTION_OF.get(table.kind, "tables")][table.name] = _table(schema.name, table, table_owner)
    doc.update((name, section) for name, section in sections.items() if section)
    if sequences := own(schema.sequences):
        doc["sequences"] = {s.name: Flow(_changed(s, SequenceSpec)) for s in sequences}
    if enums := own(schema.enums):
        doc["enums"] = {
            e.name: list(e.labels)
            if e.comment is None and e.extension is None
            else Flow(_changed(e, EnumSpec))
            for e in enums
        }
    if domains := own(schema.domains):
        doc["domains"] = {d.name: Flow(_changed(d, DomainSpec, always=("base_type",))) for d in domains}
    if functions := own(schema.functions):
        doc["functions"] = {f.signature: Flow(_changed(f, FunctionSpec)) for f in functions}
    return doc


_REQUIRED: Any = object()
_FIELDS: dict[type[Spec], tuple[tuple[str, str, Any], ...]] = {}


def _spec_fields(spec: type[Spec]) -> tuple[tuple[str, str, Any], ...]:
    """(field name, key in the file, default or _REQUIRED) of a spec, computed once."""
    fields = _FIELDS.get(spec)
    if fields is None:
        fields = tuple(
            (name, info.alias or name, _REQUIRED if info.is_required() else info.default)
            for name, info in spec.model_fields.items()
        )
        _FIELDS[spec] = fields
    return fields


def _changed(obj: BaseModel, spec: type[Spec], always: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of `obj` the spec has, in the spec's order, leaving out the spec's defaults."""
    out: dict[str, Any] = {}
    values = obj.__dict__
    for name, key, default in _spec_fields(spec):
        if name not in values:
            continue
        value = values[name]
        if default is _REQUIRED or value != default or name in always:
            out[key] = list(value) if isinstance(value, tuple) else value
    return out


_TABLE_ATTRS = ("comment", "unlogged", "partition_key", "partition_of", "partition_bound", "inherits")


def _table(schema: str, table: Table, table_owner: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    implied_kind = (
        table.kind
        if table.kind in _SECTION_OF
        else ("partitioned_table" if table.partition_key is not None else "table")
    )
    if table.kind != implied_kind:
        out["kind"] = table.kind
    if table.owner != table_owner:
        out["owner"] = table.owner
    for attr in (*_TABLE_ATTRS, "view_definition"):
        value = getattr(table, attr)
        if value != TableSpec.model_fields[attr].default:
            out[attr] = list(value) if isinstance(value, tuple) else value
    if table.options:  # none: not written, so not compared (write `options: []` to require none)
        out["options"] = list(table.options)
    if table.columns:
        key_columns = set(table.primary_key.columns) if table.primary_key is not None else set()
        out["columns"] = _columns(table, key_columns)
    if table.primary_key is not None:
        pk = table.primary_key
        if pk.name == f"{table.name}_pkey" and not (
            pk.deferrable or pk.initially_deferred or pk.without_overlaps
        ):
            out["primary_key"] = list(pk.columns)
        else:
            out["primary_key"] = Flow(_changed(pk, PrimaryKeySpec, always=("name",)))
    if table.foreign_keys:
        out["foreign_keys"] = {fk.name: Flow(_foreign_key(schema, fk)) for fk in table.foreign_keys}
    if table.unique_constraints:
        out["unique_constraints"] = {
            u.name: _short(_changed(u, UniqueSpec), "columns") for u in table.unique_constraints
        }
    if table.check_constraints:
        out["check_constraints"] = {
            c.name: _short(_unenforced(c.enforced, _changed(c, CheckSpec)), "expression")
            for c in table.check_constraints
        }
    if table.exclusion_constraints:
        out["exclusion_constraints"] = {
            x.name: _short(_changed(x, ExclusionSpec), "definition") for x in table.exclusion_constraints
        }
    indexes = {
        i.name: _short(_changed(i, IndexSpec), "keys") for i in table.indexes if not _implied(table, i)
    }
    if indexes:
        out["indexes"] = indexes
    if table.triggers:
        out["triggers"] = {t.name: _short(_changed(t, TriggerSpec), "definition") for t in table.triggers}
    for flag in ("rls_enabled", "rls_forced"):
        if getattr(table, flag):
            out[flag] = True
    if table.policies:
        out["policies"] = {p.name: Flow(_changed(p, PolicySpec)) for p in table.policies}
    if table.privileges:
        grants: dict[str, list[str]] = {}
        for p in table.privileges:
            grants.setdefault(p.grantee, []).append(
                p.privilege + (GRANT_OPTION_SUFFIX if p.grantable else "")
            )
        out["privileges"] = grants
    if table.column_privileges:
        column_grants: dict[str, dict[str, list[str]]] = {}
        for cp in table.column_privileges:
            column_grants.setdefault(cp.grantee, {}).setdefault(cp.column, []).append(
                cp.privilege + (GRANT_OPTION_SUFFIX if cp.grantable else "")
            )
        out["column_privileges"] = column_grants
    if table.extension is not None:
        out["extension"] = table.extension
    return out


def _columns(table: Table, key_columns: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    previous = 0
    identity = {seq.owned_by: seq for seq in table.identity_sequences}
    for col in table.columns:
        spec = _changed(col, ColumnSpec, always=("type",))
        if col.identity is not None:
            seq = identity.get(f"{table.name}.{col.name}")
            options = stated_options(seq, col.type) if seq is not None else None
            if options:
                spec = {**spec, "identity_options": Flow(options)}
        spec.pop("position", None)
        if spec.get("generated_storage") == "stored":
            del spec["generated_storage"]  # what build.py implies for a generated column
        if col.position != previous + 1:
            spec["position"] = col.position
        previous = col.position
        if col.nullable and implies_not_null(col.name, col.type, col.identity, key_columns):
            spec["nullable"] = True  # what build.py would not imply
            out[col.name] = Flow(spec)
            continue
        if spec.keys() <= {"type", "nullable"}:
            text = col.type if col.nullable else col.type + NOT_NULL_SUFFIX
            reread = {"type": col.type, "nullable": col.nullable}
            if _column_shorthand_reads(text) == reread:
                out[col.name] = text
                continue
        out[col.name] = Flow(spec)
    return out


def _column_shorthand_reads(text: str) -> dict[str, Any]:
    if text.lower().endswith(NOT_NULL_SUFFIX):
        return {"type": text[: -len(NOT_NULL_SUFFIX)].rstrip(), "nullable": False}
    return {"type": text, "nullable": True}


def _foreign_key(schema: str, fk: ForeignKey) -> dict[str, Any]:
    out = _unenforced(fk.enforced, _changed(fk, ForeignKeySpec))
    if fk.ref_schema == schema:
        del out["ref_schema"]
    return out


def _unenforced(enforced: bool, fields: dict[str, Any]) -> dict[str, Any]:
    """`enforced: false` implies `validated: false` (build.py), so that is not written too."""
    if not enforced and fields.get("validated") is False:
        del fields["validated"]
    return fields


def _short(fields: dict[str, Any], main: str) -> Any:
    """The shorthand (just the main field) when nothing else differs from its default."""
    if fields.keys() == {main}:
        return fields[main]
    return Flow(fields)


def _implied(table: Table, index: Index) -> bool:
    """True when `build.py` would recreate this index from its primary key or unique constraint."""
    if table.primary_key is not None and table.primary_key.name == index.name:
        pk = table.primary_key
        implied = implied_index(
            index.name, pk.columns, nulls_not_distinct=False, without_overlaps=pk.without_overlaps
        )
    else:
        uq = next((u for u in table.unique_constraints if u.name == index.name), None)
        if uq is None:
            return False
        implied = implied_index(
            index.name,
            uq.columns,
            nulls_not_distinct=uq.nulls_not_distinct,
            without_overlaps=uq.without_overlaps,
        )
    return index == implied
