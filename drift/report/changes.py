"""What changed between two runs: objects added, dropped or altered, and findings that came or went.

The nightly report answers "what is different since yesterday?" without a diff tool: both runs'
catalogs are flattened to one entry per object, keyed by identity (kind, schema, table, name), and
compared as plain data. A dropped table is one change, not one per column, index and constraint.
No I/O here; `history.py` reads and writes the stored runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from drift.model import Catalog, Finding, Report, Table
from drift.model.base import FrozenModel

ObjectChangeKind = Literal["added", "dropped", "altered"]


class ObjectChange(FrozenModel):
    """One object that exists in only one of the two runs, or in both with different definitions."""

    change: ObjectChangeKind
    object_type: str = Field(description="table, view, column, index, foreign_key, function, ...")
    path: tuple[str, ...] = Field(description="(schema, table, member) or (schema, name), unquoted.")
    attributes: tuple[str, ...] = Field(
        default=(), description="For 'altered': the attributes whose values differ, sorted."
    )
    before: dict[str, Any] | None = Field(
        default=None, description="For 'altered': the old values of `attributes`."
    )
    after: dict[str, Any] | None = Field(
        default=None, description="For 'altered': the new values of `attributes`."
    )

    @property
    def dotted_path(self) -> str:
        return ".".join(self.path)


class FindingRef(FrozenModel):
    """Enough of a finding to list it as appeared or fixed."""

    id: str
    category: str
    rule: str
    severity: str
    object_type: str
    path: tuple[str, ...]
    message: str

    @classmethod
    def of(cls, f: Finding) -> FindingRef:
        return cls(
            id=f.id,
            category=f.category,
            rule=f.rule,
            severity=f.severity,
            object_type=f.object_type,
            path=f.path,
            message=f.message,
        )

    @property
    def dotted_path(self) -> str:
        return ".".join(self.path)


class ChangesSinceLastRun(FrozenModel):
    """The 'what changed since the last run' section of the nightly report."""

    previous_run: str = Field(description="Name of the previous run's directory in the history.")
    previous_generated_at: datetime
    objects: tuple[ObjectChange, ...] = ()
    appeared: tuple[FindingRef, ...] = Field(default=(), description="Findings new in this run.")
    fixed: tuple[FindingRef, ...] = Field(default=(), description="Findings gone since the last run.")
    notes: tuple[str, ...] = Field(default=(), description="E.g. unreadable older runs skipped.")

    @property
    def is_empty(self) -> bool:
        return not (self.objects or self.appeared or self.fixed)

    def objects_by_change(self, change: ObjectChangeKind) -> tuple[ObjectChange, ...]:
        return tuple(o for o in self.objects if o.change == change)


# --- flattening a catalog -------------------------------------------------------------------------

# Table members that are objects of their own (with their own added/dropped/altered entries).
_TABLE_MEMBERS: tuple[tuple[str, str], ...] = (
    ("foreign_keys", "foreign_key"),
    ("unique_constraints", "unique"),
    ("check_constraints", "check"),
    ("exclusion_constraints", "exclusion"),
    ("indexes", "index"),
    ("triggers", "trigger"),
    ("policies", "policy"),
)
_TABLE_CHILD_FIELDS = frozenset(
    {"columns", "primary_key", "privileges", "column_privileges", *(attr for attr, _ in _TABLE_MEMBERS)}
)
_SCHEMA_CHILD_FIELDS = frozenset({"tables", "sequences", "enums", "domains", "functions"})

Key = tuple[str, ...]


def _table_type(table: Table) -> str:
    return table.kind if table.kind in ("view", "materialized_view") else "table"


def _attrs(model: FrozenModel, exclude: Iterable[str] = ()) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude=set(exclude))


def flatten_catalog(catalog: Catalog) -> dict[Key, tuple[str, tuple[str, ...], dict[str, Any]]]:
    """Every object of the catalog: identity key -> (object_type, path, own attributes).

    A container's attributes leave out its children (a table's entry does not change when a column
    is added), so each change is reported once, on the object that changed.
    """
    out: dict[Key, tuple[str, tuple[str, ...], dict[str, Any]]] = {}

    def put(object_type: str, path: tuple[str, ...], attrs: dict[str, Any]) -> None:
        out[(object_type, *path)] = (object_type, path, attrs)

    for ext in catalog.extensions:
        put("extension", (ext.name,), _attrs(ext))
    for schema in catalog.schemas:
        s = schema.name
        put("schema", (s,), _attrs(schema, _SCHEMA_CHILD_FIELDS))
        for seq in schema.sequences:
            put("sequence", (s, seq.name), _attrs(seq))
        for enum in schema.enums:
            put("enum", (s, enum.name), _attrs(enum))
        for domain in schema.domains:
            put("domain", (s, domain.name), _attrs(domain))
        for func in schema.functions:
            put("function", (s, func.signature), _attrs(func))
        for table in schema.tables:
            t = table.name
            put(_table_type(table), (s, t), _attrs(table, _TABLE_CHILD_FIELDS))
            for col in table.columns:
                # A column's position moves when an earlier column is dropped: not a change of its own.
                put("column", (s, t, col.name), _attrs(col, {"position"}))
            if table.primary_key is not None:
                put("primary_key", (s, t, table.primary_key.name), _attrs(table.primary_key))
            for attr, object_type in _TABLE_MEMBERS:
                for member in getattr(table, attr):
                    put(object_type, (s, t, member.name), _attrs(member))
            for priv in table.privileges:
                put("privilege", (s, t, f"{priv.grantee}:{priv.privilege}"), _attrs(priv))
            for grant in table.column_privileges:
                member = f"{grant.grantee}:{grant.privilege}({grant.column})"
                put("privilege", (s, t, member), _attrs(grant))
    return out


def _covered_by(path: tuple[str, ...], containers: set[tuple[str, ...]]) -> bool:
    """True when an ancestor of `path` (its schema, or its table) is itself added or dropped."""
    return any(path[:n] in containers for n in range(1, len(path)))


def _sort_key(change: ObjectChange) -> tuple[Any, ...]:
    order = {"dropped": 0, "added": 1, "altered": 2}
    return (order[change.change], change.path, change.object_type)


def diff_objects(previous: Catalog, current: Catalog) -> tuple[ObjectChange, ...]:
    """Objects added, dropped or altered from `previous` to `current`, matched by identity."""
    before = flatten_catalog(previous)
    after = flatten_catalog(current)
    changes: list[ObjectChange] = []
    added = [after[k] for k in after.keys() - before.keys()]
    dropped = [before[k] for k in before.keys() - after.keys()]
    # Only containers (schemas, tables) swallow their members; the same key set per direction.
    added_containers = {p for t, p, _ in added if t in ("schema", "table", "view", "materialized_view")}
    dropped_containers = {p for t, p, _ in dropped if t in ("schema", "table", "view", "materialized_view")}
    for object_type, path, _ in added:
        if not _covered_by(path, added_containers):
            changes.append(ObjectChange(change="added", object_type=object_type, path=path))
    for object_type, path, _ in dropped:
        if not _covered_by(path, dropped_containers):
            changes.append(ObjectChange(change="dropped", object_type=object_type, path=path))
    for key in before.keys() & after.keys():
        object_type, path, old = before[key]
        new = after[key][2]
        if old == new:
            continue
        names = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        changes.append(
            ObjectChange(
                change="altered",
                object_type=object_type,
                path=path,
                attributes=tuple(names),
                before={k: old.get(k) for k in names},
                after={k: new.get(k) for k in names},
            )
        )
    return tuple(sorted(changes, key=_sort_key))


def diff_findings(previous: Report, current: Report) -> tuple[tuple[FindingRef, ...], tuple[FindingRef, ...]]:
    """(appeared, fixed): findings by stable id present in only one of the two reports."""
    old = {f.id: f for f in previous.findings}
    new = {f.id: f for f in current.findings}
    appeared = tuple(FindingRef.of(new[i]) for i in _ordered(new, new.keys() - old.keys()))
    fixed = tuple(FindingRef.of(old[i]) for i in _ordered(old, old.keys() - new.keys()))
    return appeared, fixed


def _ordered(findings: dict[str, Finding], ids: set[str]) -> Iterator[str]:
    return iter(sorted(ids, key=lambda i: (-findings[i].rank, findings[i].path, findings[i].rule, i)))


def describe_value(value: Any) -> str:
    """A short, single-line spelling of an attribute value for the change lists."""
    if value is None:
        return "none"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return ", ".join(value) if value else "none"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
