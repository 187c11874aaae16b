"""Turning the relation-level query rows into `Table` models.

The queries return raw catalog columns (attnums, key arrays, flags); this module resolves them to
names and assembles the text the model promises: index keys with their opclass and ordering, foreign
keys from `conkey`/`confkey`, partition parents, privileges. Nothing here talks to the server: the
caller passes rows in (and a callback for the one optional lookup, tables that foreign keys point
to outside the chosen schemas).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from drift.catalog.construct import construct
from drift.model.catalog import (
    CheckConstraint,
    Column,
    ExclusionConstraint,
    ForeignKey,
    Index,
    Policy,
    PrimaryKey,
    Privilege,
    Table,
    Trigger,
    UniqueConstraint,
)

Row = tuple[Any, ...]

TABLE_KINDS = {
    "r": "table",
    "p": "partitioned_table",
    "f": "foreign_table",
    "v": "view",
    "m": "materialized_view",
}
FK_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
FK_MATCH = {"s": "SIMPLE", "f": "FULL", "p": "PARTIAL"}
IDENTITY = {"a": "always", "d": "by default"}
TRIGGER_ENABLED = {"O": "origin", "D": "disabled", "R": "replica", "A": "always"}
POLICY_COMMANDS = {"*": "ALL", "r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE"}
INDOPTION_DESC = 0x1
INDOPTION_NULLS_FIRST = 0x2

_by_name = attrgetter("name")


@dataclass
class Lookups:
    """Small whole-catalog maps the relation rows refer to by oid."""

    roles: dict[int, str]
    collations: dict[int, str]
    opclasses: dict[int, tuple[str, bool]]  # oid -> (name, is default)
    schema_names: dict[int, str]

    def role(self, oid: int) -> str:
        if oid == 0:
            return "PUBLIC"
        return self.roles.get(oid, f"oid {oid}")


RowSource = Callable[[], list[Row]]


@dataclass
class RelationRows:
    """Where to get the rows of every relation-level query (in the column order of their .sql
    files); called when needed, in this order, so rows may still be arriving while others are
    turned into models."""

    relations: RowSource
    inherits: RowSource
    columns: RowSource
    indexes: RowSource
    index_expressions: RowSource
    constraints: RowSource
    triggers: RowSource
    policies: RowSource
    privileges: RowSource


@dataclass
class _Relation:
    schema_oid: int
    fields: dict[str, Any]
    columns: list[Column] = field(default_factory=list)
    attnames: dict[int, str] = field(default_factory=dict)
    attcollations: dict[int, int] = field(default_factory=dict)


ReferencedLookup = Callable[[list[int]], list[Row]]


def build_tables(
    rows: RelationRows, lookups: Lookups, referenced: ReferencedLookup
) -> dict[int, list[Table]]:
    """Tables per schema oid. `referenced(oids)` returns rows of referenced_columns.sql for tables
    outside the chosen schemas that foreign keys point to (called at most once)."""
    rels = _relations(rows.relations(), lookups)
    _parents(rows.inherits(), rels)
    _columns(rows.columns(), rels, lookups)
    index_rows = rows.indexes()
    expression_rows = rows.index_expressions()
    # Unique constraints take NULLS NOT DISTINCT from the index that implements them.
    nulls_not_distinct = {row[0]: row[5] for row in index_rows}
    backing = _constraints(rows.constraints(), rels, lookups, referenced, nulls_not_distinct)
    _indexes(index_rows, expression_rows, rels, lookups, backing)
    _triggers(rows.triggers(), rels)
    _policies(rows.policies(), rels, lookups)
    _privileges(rows.privileges(), rels, lookups)

    tables: dict[int, list[Table]] = defaultdict(list)
    for rel in rels.values():
        f = rel.fields
        rel.columns.sort(key=attrgetter("position"))
        f["columns"] = tuple(rel.columns)
        for key in (
            "foreign_keys",
            "unique_constraints",
            "check_constraints",
            "exclusion_constraints",
            "indexes",
            "triggers",
            "policies",
        ):
            f[key] = tuple(sorted(f[key], key=_by_name))
        f["inherits"] = tuple(f["inherits"])
        tables[rel.schema_oid].append(construct(Table, f))
    for members in tables.values():
        members.sort(key=_by_name)
    return tables


def _relations(relation_rows: Iterable[Row], lookups: Lookups) -> dict[int, _Relation]:
    rels: dict[int, _Relation] = {}
    for (
        oid,
        nspoid,
        name,
        relkind,
        owner,
        unlogged,
        partition_key,
        partition_bound,
        view_definition,
        rls_enabled,
        rls_forced,
        comment,
        extension,
    ) in relation_rows:
        rels[oid] = _Relation(
            nspoid,
            {
                "name": name,
                "kind": TABLE_KINDS[relkind],
                "owner": lookups.roles.get(owner),
                "unlogged": unlogged,
                "partition_key": partition_key,
                "partition_of": None,
                "partition_bound": partition_bound,
                "inherits": [],
                "view_definition": view_definition,
                "columns": (),
                "primary_key": None,
                "foreign_keys": [],
                "unique_constraints": [],
                "check_constraints": [],
                "exclusion_constraints": [],
                "indexes": [],
                "triggers": [],
                "rls_enabled": rls_enabled,
                "rls_forced": rls_forced,
                "policies": [],
                "privileges": (),
                "comment": comment,
                "extension": extension,
            },
        )
    return rels


def _parents(inherit_rows: Iterable[Row], rels: dict[int, _Relation]) -> None:
    for relid, parent_schema, parent_name, is_partition in inherit_rows:
        rel = rels.get(relid)
        if rel is None:
            continue
        parent = f"{parent_schema}.{parent_name}"
        if is_partition:
            rel.fields["partition_of"] = parent
        else:
            rel.fields["inherits"].append(parent)


def _columns(column_rows: Iterable[Row], rels: dict[int, _Relation], lookups: Lookups) -> None:
    rel: _Relation | None = None
    current = -1
    for (
        relid,
        attnum,
        name,
        type_,
        notnull,
        expression,
        identity,
        generated,
        collation,
        comment,
        attcollation,
    ) in column_rows:
        if relid != current:
            current = relid
            rel = rels.get(relid)
        if rel is None:
            continue
        rel.attnames[attnum] = name
        rel.attcollations[attnum] = attcollation
        rel.columns.append(
            construct(
                Column,
                {
                    "name": name,
                    "position": attnum,
                    "type": type_,
                    "nullable": not notnull,
                    "default": None if generated else expression,
                    "identity": IDENTITY.get(identity),
                    "generated": expression if generated else None,
                    "collation": lookups.collations.get(collation) if collation else None,
                    "comment": comment,
                },
            )
        )


def _names(attnames: dict[int, str], attnums: Iterable[int] | None) -> tuple[str, ...]:
    try:
        return tuple(map(attnames.__getitem__, attnums or ()))
    except KeyError:  # a column this role cannot see? never seen, but never fail the reflection
        return tuple(attnames.get(n) or f"#{n}" for n in attnums or ())


def _constraints(
    constraint_rows: list[Row],
    rels: dict[int, _Relation],
    lookups: Lookups,
    referenced: ReferencedLookup,
    nulls_not_distinct: dict[int, bool],
) -> dict[int, str]:
    """Adds constraints to their tables; returns {index oid: name of the constraint it backs}."""
    outside = sorted({row[4] for row in constraint_rows if row[2] == "f" and row[4] not in rels})
    ref_names: dict[int, tuple[str, str]] = {}
    ref_attnames: dict[int, dict[int, str]] = defaultdict(dict)
    if outside:
        for oid, nspname, relname, attnum, attname in referenced(outside):
            ref_names[oid] = (nspname, relname)
            ref_attnames[oid][attnum] = attname
    for oid, target in rels.items():
        ref_names[oid] = (lookups.schema_names.get(target.schema_oid, "?"), target.fields["name"])
        ref_attnames[oid] = target.attnames

    backing: dict[int, str] = {}
    for (
        relid,
        name,
        contype,
        conkey,
        confrelid,
        confkey,
        upd,
        dele,
        match,
        deferrable,
        deferred,
        validated,
        noinherit,
        indexid,
        definition,
    ) in constraint_rows:
        rel = rels.get(relid)
        if rel is None:
            continue
        f = rel.fields
        if contype == "f":
            ref_schema, ref_table = ref_names.get(confrelid, ("?", f"oid {confrelid}"))
            f["foreign_keys"].append(
                construct(
                    ForeignKey,
                    {
                        "name": name,
                        "columns": _names(rel.attnames, conkey),
                        "ref_schema": ref_schema,
                        "ref_table": ref_table,
                        "ref_columns": _names(ref_attnames.get(confrelid, {}), confkey),
                        "on_delete": FK_ACTIONS[dele],
                        "on_update": FK_ACTIONS[upd],
                        "match": FK_MATCH[match],
                        "deferrable": deferrable,
                        "initially_deferred": deferred,
                        "validated": validated,
                    },
                )
            )
            continue
        if contype == "c":
            f["check_constraints"].append(
                construct(
                    CheckConstraint,
                    {"name": name, "expression": definition, "validated": validated, "no_inherit": noinherit},
                )
            )
            continue
        backing[indexid] = name
        if contype == "p":
            f["primary_key"] = construct(
                PrimaryKey,
                {
                    "name": name,
                    "columns": _names(rel.attnames, conkey),
                    "deferrable": deferrable,
                    "initially_deferred": deferred,
                },
            )
        elif contype == "u":
            f["unique_constraints"].append(
                construct(
                    UniqueConstraint,
                    {
                        "name": name,
                        "columns": _names(rel.attnames, conkey),
                        "nulls_not_distinct": nulls_not_distinct.get(indexid, False),
                        "deferrable": deferrable,
                        "initially_deferred": deferred,
                    },
                )
            )
        elif contype == "x":
            f["exclusion_constraints"].append(
                construct(
                    ExclusionConstraint,
                    {
                        "name": name,
                        "definition": definition,
                        "deferrable": deferrable,
                        "initially_deferred": deferred,
                    },
                )
            )
    return backing


def _indexes(
    index_rows: Iterable[Row],
    expression_rows: Iterable[Row],
    rels: dict[int, _Relation],
    lookups: Lookups,
    backing: dict[int, str],
) -> None:
    expressions = {(indexrelid, n): text for indexrelid, n, text in expression_rows}
    for (
        indexrelid,
        relid,
        name,
        nkeyatts,
        unique,
        nnd,
        valid,
        ready,
        indkey,
        indoption,
        indclass,
        indcollation,
        method,
        tablespace,
        predicate,
        comment,
    ) in index_rows:
        rel = rels.get(relid)
        if rel is None:
            continue
        keys = []
        for k in range(nkeyatts):
            attnum = indkey[k]
            if attnum:
                key = rel.attnames.get(attnum, f"#{attnum}")
                coll = indcollation[k] if k < len(indcollation) else 0
                if coll and coll != rel.attcollations.get(attnum):
                    key += f' COLLATE "{lookups.collations.get(coll, coll)}"'
            else:
                key = expressions.get((indexrelid, k + 1), "?")
            opclass = lookups.opclasses.get(indclass[k]) if k < len(indclass) else None
            if opclass is not None and not opclass[1]:
                key += f" {opclass[0]}"
            option = indoption[k] if k < len(indoption) else 0
            if option & INDOPTION_DESC:
                key += " DESC" if option & INDOPTION_NULLS_FIRST else " DESC NULLS LAST"
            elif option & INDOPTION_NULLS_FIRST:
                key += " NULLS FIRST"
            keys.append(key)
        rel.fields["indexes"].append(
            construct(
                Index,
                {
                    "name": name,
                    "keys": tuple(keys),
                    "include": _names(rel.attnames, indkey[nkeyatts:]),
                    "method": method,
                    "unique": unique,
                    "nulls_not_distinct": nnd,
                    "predicate": predicate,
                    "constraint": backing.get(indexrelid),
                    "valid": valid,
                    "ready": ready,
                    "tablespace": tablespace,
                    "comment": comment,
                },
            )
        )


def _triggers(trigger_rows: Iterable[Row], rels: dict[int, _Relation]) -> None:
    for relid, name, definition, enabled in trigger_rows:
        rel = rels.get(relid)
        if rel is not None:
            rel.fields["triggers"].append(
                construct(
                    Trigger,
                    {
                        "name": name,
                        "definition": definition,
                        "enabled": TRIGGER_ENABLED.get(enabled, "origin"),
                    },
                )
            )


def _policies(policy_rows: Iterable[Row], rels: dict[int, _Relation], lookups: Lookups) -> None:
    for relid, name, command, permissive, roles, using, with_check in policy_rows:
        rel = rels.get(relid)
        if rel is None:
            continue
        names = sorted("public" if r == 0 else lookups.roles.get(r, f"oid {r}") for r in roles or ())
        rel.fields["policies"].append(
            construct(
                Policy,
                {
                    "name": name,
                    "command": POLICY_COMMANDS[command],
                    "permissive": permissive,
                    "roles": tuple(names),
                    "using": using,
                    "with_check": with_check,
                },
            )
        )


def _privileges(privilege_rows: Iterable[Row], rels: dict[int, _Relation], lookups: Lookups) -> None:
    grants: dict[int, dict[tuple[str, str], bool]] = defaultdict(dict)
    for relid, grantee, privilege, grantable in privilege_rows:
        # The same privilege granted by two grantors is one privilege (grantable if either is).
        key = (lookups.role(grantee), privilege)
        per_table = grants[relid]
        per_table[key] = per_table.get(key, False) or grantable
    for relid, per_table in grants.items():
        rel = rels.get(relid)
        if rel is None:
            continue
        rel.fields["privileges"] = tuple(
            construct(Privilege, {"grantee": g, "privilege": p, "grantable": per_table[(g, p)]})
            for g, p in sorted(per_table)
        )
