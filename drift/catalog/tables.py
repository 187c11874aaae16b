"""Turning the relation-level query rows into `Table` models.

The queries return raw catalog columns; this module assembles tables, columns, partition parents,
triggers, policies and privileges (constraints and indexes are in keys.py). Nothing here talks to
the server: the caller passes row sources in (and a callback for the one optional lookup, tables
that foreign keys point to outside the chosen schemas).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter

from drift.catalog.keys import ReferencedLookup, add_constraints, add_indexes
from drift.catalog.objects import SEQUENCE_OWNER_DEPTYPE, SEQUENCE_OWNER_RELID, sequence_from_row
from drift.catalog.relation import Lookups, Relation, Row
from drift.model.catalog import Column, ColumnPrivilege, Policy, Privilege, Table, Trigger
from drift.model.construct import construct, maker

TABLE_KINDS = {
    "r": "table",
    "p": "partitioned_table",
    "f": "foreign_table",
    "v": "view",
    "m": "materialized_view",
}
IDENTITY = {"a": "always", "d": "by default"}
GENERATED_STORAGE = {"s": "stored", "v": "virtual"}  # pg_attribute.attgenerated ('v' from 18)
TRIGGER_ENABLED = {"O": "origin", "D": "disabled", "R": "replica", "A": "always"}
POLICY_COMMANDS = {"*": "ALL", "r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE"}

_by_name = attrgetter("name")
_by_position = attrgetter("position")
_SORTED_MEMBERS = (
    "identity_sequences",
    "foreign_keys",
    "unique_constraints",
    "check_constraints",
    "exclusion_constraints",
    "indexes",
    "triggers",
    "policies",
)


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
    sequences: RowSource


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
    backing = add_constraints(rows.constraints(), rels, lookups, referenced, nulls_not_distinct)
    add_indexes(index_rows, expression_rows, rels, lookups, backing)
    _triggers(rows.triggers(), rels)
    _policies(rows.policies(), rels, lookups)
    _privileges(rows.privileges(), rels, lookups)
    _identity_sequences(rows.sequences(), rels)

    tables: dict[int, list[Table]] = defaultdict(list)
    make_table = maker(Table)
    for rel in rels.values():
        f = rel.fields
        rel.columns.sort(key=_by_position)
        f["columns"] = tuple(rel.columns)
        for key in _SORTED_MEMBERS:
            members = f[key]
            # Most tables have none or one of each: nothing to sort.
            f[key] = tuple(sorted(members, key=_by_name)) if len(members) > 1 else tuple(members)
        f["inherits"] = tuple(f["inherits"])
        tables[rel.schema_oid].append(make_table(f))
    for members in tables.values():
        members.sort(key=_by_name)
    return tables


def _relations(relation_rows: Iterable[Row], lookups: Lookups) -> dict[int, Relation]:
    rels: dict[int, Relation] = {}
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
        reloptions,
        _never_vacuumed,
    ) in relation_rows:
        rels[oid] = Relation(
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
                "options": tuple(sorted(reloptions)) if reloptions else (),
                "columns": (),
                "identity_sequences": [],
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
                "column_privileges": (),
                "comment": comment,
                "extension": extension,
            },
        )
    return rels


def _parents(inherit_rows: Iterable[Row], rels: dict[int, Relation]) -> None:
    for relid, parent_schema, parent_name, is_partition in inherit_rows:
        rel = rels.get(relid)
        if rel is None:
            continue
        parent = f"{parent_schema}.{parent_name}"
        if is_partition:
            rel.fields["partition_of"] = parent
        else:
            rel.fields["inherits"].append(parent)


def _columns(column_rows: Iterable[Row], rels: dict[int, Relation], lookups: Lookups) -> None:
    rel: Relation | None = None
    current = -1
    make_column = maker(Column)
    collations = lookups.collations
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
            make_column(
                {
                    "name": name,
                    "position": attnum,
                    "type": type_,
                    "nullable": not notnull,
                    "default": None if generated else expression,
                    "identity": IDENTITY.get(identity),
                    "generated": expression if generated else None,
                    "generated_storage": GENERATED_STORAGE.get(generated) if generated else None,
                    "collation": collations.get(collation) if collation else None,
                    "comment": comment,
                },
            )
        )


def _identity_sequences(sequence_rows: Iterable[Row], rels: dict[int, Relation]) -> None:
    """The sequences behind identity columns (sequences.sql rows owned with pg_depend 'i') go to
    their table. (On the table, not on each column: one more field on every column model would
    cost each of them a dict twice the size.)"""
    for row in sequence_rows:
        if row[SEQUENCE_OWNER_DEPTYPE] == "i":
            rel = rels.get(row[SEQUENCE_OWNER_RELID])
            if rel is not None:
                rel.fields["identity_sequences"].append(sequence_from_row(row))


def _triggers(trigger_rows: Iterable[Row], rels: dict[int, Relation]) -> None:
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


def _policies(policy_rows: Iterable[Row], rels: dict[int, Relation], lookups: Lookups) -> None:
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


def _privileges(privilege_rows: Iterable[Row], rels: dict[int, Relation], lookups: Lookups) -> None:
    """Table privileges (column NULL) and column privileges (column named) of one bulk query."""
    grants: dict[int, dict[tuple[str, str], bool]] = defaultdict(dict)
    column_grants: dict[int, dict[tuple[str, str, str], bool]] = defaultdict(dict)
    for relid, column, grantee, privilege, grantable in privilege_rows:
        # The same privilege granted by two grantors is one privilege (grantable if either is).
        if column is None:
            key = (lookups.role(grantee), privilege)
            per_table = grants[relid]
            per_table[key] = per_table.get(key, False) or grantable
        else:
            col_key = (column, lookups.role(grantee), privilege)
            per_column = column_grants[relid]
            per_column[col_key] = per_column.get(col_key, False) or grantable
    for relid, per_table in grants.items():
        rel = rels.get(relid)
        if rel is None:
            continue
        rel.fields["privileges"] = tuple(
            construct(Privilege, {"grantee": g, "privilege": p, "grantable": per_table[(g, p)]})
            for g, p in sorted(per_table)
        )
    for relid, per_column in column_grants.items():
        rel = rels.get(relid)
        if rel is None:
            continue
        rel.fields["column_privileges"] = tuple(
            construct(
                ColumnPrivilege,
                {"column": c, "grantee": g, "privilege": p, "grantable": per_column[(c, g, p)]},
            )
            for c, g, p in sorted(per_column)
        )
