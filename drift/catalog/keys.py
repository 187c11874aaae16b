"""Constraints and indexes, assembled from the raw key arrays the catalogs store.

Rendering a primary, unique or foreign key or an index on the server (`pg_get_constraintdef`,
`pg_get_indexdef`) is what makes pg_dump slow on big catalogs; the catalogs hold the same facts as
attnum arrays and flags (`conkey`, `confkey`, `indkey`, `indoption`, `indclass`), which are resolved
here against the column names already read. Only CHECK bodies, EXCLUDE definitions, predicates and
expression keys come rendered from the server.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from drift.catalog.relation import Lookups, Relation, Row, names
from drift.model.catalog import (
    CheckConstraint,
    ExclusionConstraint,
    ForeignKey,
    Index,
    PrimaryKey,
    UniqueConstraint,
)
from drift.model.construct import construct, maker

FK_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
FK_MATCH = {"s": "SIMPLE", "f": "FULL", "p": "PARTIAL"}
INDOPTION_DESC = 0x1
INDOPTION_NULLS_FIRST = 0x2

ReferencedLookup = Callable[[list[int]], list[Row]]


def add_constraints(
    constraint_rows: list[Row],
    rels: dict[int, Relation],
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
    make_fk, make_check = maker(ForeignKey), maker(CheckConstraint)
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
        enforced,
        period,
    ) in constraint_rows:
        rel = rels.get(relid)
        if rel is None:
            continue
        f = rel.fields
        if contype == "f":
            ref_schema, ref_table = ref_names.get(confrelid, ("?", f"oid {confrelid}"))
            f["foreign_keys"].append(
                make_fk(
                    {
                        "name": name,
                        "columns": names(rel.attnames, conkey),
                        "ref_schema": ref_schema,
                        "ref_table": ref_table,
                        "ref_columns": names(ref_attnames.get(confrelid, {}), confkey),
                        "on_delete": FK_ACTIONS[dele],
                        "on_update": FK_ACTIONS[upd],
                        "match": FK_MATCH[match],
                        "deferrable": deferrable,
                        "initially_deferred": deferred,
                        "validated": validated,
                        "enforced": enforced,
                        "period": period,
                    },
                )
            )
            continue
        if contype == "c":
            f["check_constraints"].append(
                make_check(
                    {
                        "name": name,
                        "expression": definition,
                        "validated": validated,
                        "no_inherit": noinherit,
                        "enforced": enforced,
                    },
                )
            )
            continue
        backing[indexid] = name
        if contype == "p":
            f["primary_key"] = construct(
                PrimaryKey,
                {
                    "name": name,
                    "columns": names(rel.attnames, conkey),
                    "deferrable": deferrable,
                    "initially_deferred": deferred,
                    "without_overlaps": period,
                },
            )
        elif contype == "u":
            f["unique_constraints"].append(
                construct(
                    UniqueConstraint,
                    {
                        "name": name,
                        "columns": names(rel.attnames, conkey),
                        "nulls_not_distinct": nulls_not_distinct.get(indexid, False),
                        "deferrable": deferrable,
                        "initially_deferred": deferred,
                        "without_overlaps": period,
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


def add_indexes(
    index_rows: Iterable[Row],
    expression_rows: Iterable[Row],
    rels: dict[int, Relation],
    lookups: Lookups,
    backing: dict[int, str],
) -> None:
    expressions = {(indexrelid, n): text for indexrelid, n, text in expression_rows}
    make_index = maker(Index)
    opclasses = lookups.opclasses
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
        options_by_key,
    ) in index_rows:
        rel = rels.get(relid)
        if rel is None:
            continue
        keys = []
        # key number -> the options of its opclass ('2:siglen=...' rows of indexes.sql)
        key_options = dict(o.split(":", 1) for o in options_by_key) if options_by_key else None
        for k in range(nkeyatts):
            attnum = indkey[k]
            if attnum:
                key = rel.attnames.get(attnum, f"#{attnum}")
                coll = indcollation[k] if k < len(indcollation) else 0
                if coll and coll != rel.attcollations.get(attnum):
                    key += f" COLLATE {lookups.collation_keys.get(coll) or f'oid {coll}'}"
            else:
                key = expressions.get((indexrelid, k + 1), "?")
            opclass = opclasses.get(indclass[k]) if k < len(indclass) else None
            options = key_options.get(str(k + 1)) if key_options else None
            if options is not None:  # printed with its opclass, default or not
                key += f" {opclass[0] if opclass else indclass[k]} ({options})"
            elif opclass is not None and not opclass[1]:
                key += f" {opclass[0]}"
            option = indoption[k] if k < len(indoption) else 0
            if option & INDOPTION_DESC:
                key += " DESC" if option & INDOPTION_NULLS_FIRST else " DESC NULLS LAST"
            elif option & INDOPTION_NULLS_FIRST:
                key += " NULLS FIRST"
            keys.append(key)
        rel.fields["indexes"].append(
            make_index(
                {
                    "name": name,
                    "keys": tuple(keys),
                    "include": names(rel.attnames, indkey[nkeyatts:]),
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
