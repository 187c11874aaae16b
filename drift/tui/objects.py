"""Finding the object a finding or a tree node is about, in each catalog, and describing it.

A finding's path is (schema, table, member) for table members, (schema, name) for sequences, enums,
domains and functions, (schema,) for a schema and (name,) for an extension. The detail pane shows
the same object as the expected schema, the database and the ORM know it, side by side.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from drift.model import Catalog, Schema, Table

ABSENT = "(absent)"
NOT_LOADED = "(no source)"

_TABLE_MEMBERS: dict[str, tuple[str, ...]] = {
    "column": ("columns",),
    "foreign_key": ("foreign_keys",),
    "unique": ("unique_constraints",),
    "check": ("check_constraints",),
    "exclusion": ("exclusion_constraints",),
    "index": ("indexes",),
    "trigger": ("triggers",),
    "policy": ("policies",),
}
_SCHEMA_MEMBERS: dict[str, str] = {
    "sequence": "sequences",
    "enum": "enums",
    "domain": "domains",
    "function": "functions",
}


def _named(items: tuple[Any, ...], name: str) -> Any:
    for item in items:
        if getattr(item, "name", None) == name:
            return item
    return None


def _function(schema: Schema, key: str) -> Any:
    for fn in schema.functions:
        if fn.signature == key:
            return fn
    matches = [fn for fn in schema.functions if fn.name == key]
    return matches[0] if len(matches) == 1 else None


def _table_member(table: Table, object_type: str, member: str) -> Any:
    if object_type == "primary_key":
        return table.primary_key
    if object_type == "comment":
        col = table.get_column(member)
        return col if col is not None else table
    if object_type == "privilege":
        grant = next((p for p in table.privileges if f"{p.grantee}:{p.privilege}" == member), None)
        if grant is not None:
            return grant
        # A column grant: grantee:PRIVILEGE(column).
        return next(
            (c for c in table.column_privileges if f"{c.grantee}:{c.privilege}({c.column})" == member),
            None,
        )
    for attr in _TABLE_MEMBERS.get(object_type, ()):
        found = _named(getattr(table, attr), member)
        if found is not None:
            return found
    # Unknown kind: try every named member collection.
    for attrs in _TABLE_MEMBERS.values():
        found = _named(getattr(table, attrs[0]), member)
        if found is not None:
            return found
    return None


def find_object(catalog: Catalog | None, object_type: str, path: tuple[str, ...]) -> BaseModel | None:
    """The model object at `path` in `catalog`, or None when it is not there."""
    if catalog is None or not path:
        return None
    if object_type == "extension":
        return _named(catalog.extensions, path[-1])  # type: ignore[no-any-return]
    schema = catalog.get_schema(path[0])
    if schema is None or len(path) == 1:
        return schema
    if object_type in _SCHEMA_MEMBERS:
        if object_type == "function":
            return _function(schema, path[1])  # type: ignore[no-any-return]
        return _named(getattr(schema, _SCHEMA_MEMBERS[object_type]), path[1])  # type: ignore[no-any-return]
    table = schema.get_table(path[1])
    if table is None or len(path) == 2:
        return table
    return _table_member(table, object_type, path[2])  # type: ignore[no-any-return]


def format_value(value: Any) -> str:
    """A value as a DBA reads it: SQL-ish spellings, tuples as comma lists, None as NULL."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple | list):
        return ", ".join(format_value(v) for v in value) if value else "(none)"
    if isinstance(value, BaseModel):
        return describe_object(value)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {format_value(v)}" for k, v in value.items())
    return str(value)


def describe_object(obj: BaseModel) -> str:
    """The non-default fields of a model object, one `key: value` per line; collections as counts.
    The name is left out: the pane's title already says it, and a long one only wraps badly."""
    lines: list[str] = []
    for name, value in obj.model_dump(exclude_defaults=True, exclude={"name"}, mode="python").items():
        attr = getattr(obj, name, value)
        if isinstance(attr, tuple) and attr and isinstance(attr[0], BaseModel):
            lines.append(f"{name}: {len(attr)}")
        elif isinstance(attr, BaseModel):
            lines.append(f"{name}: {getattr(attr, 'name', type(attr).__name__)}")
        else:
            text = format_value(attr)
            if "\n" in text:
                text = text.replace("\n", "\n  ")
            lines.append(f"{name}: {text}")
    return "\n".join(lines) if lines else type(obj).__name__


def value_in(catalog: Catalog | None, object_type: str, path: tuple[str, ...], attribute: str | None) -> str:
    """What `catalog` says about the object (or one attribute of it), for one side-by-side column."""
    if catalog is None:
        return NOT_LOADED
    obj = find_object(catalog, object_type, path)
    if obj is None:
        return ABSENT
    if attribute and hasattr(obj, attribute):
        return format_value(getattr(obj, attribute))
    return describe_object(obj)


def _side_value(finding_value: Any, change: str | None, absent_when: str) -> str | None:
    """The finding's own figure for one side, when it has one (it is authoritative)."""
    if change == absent_when:
        return ABSENT
    if finding_value is not None:
        return format_value(finding_value)
    return None


def three_way(
    finding: Any,
    expected: Catalog | None,
    database: Catalog | None,
    orm: Catalog | None,
) -> tuple[str, str, str]:
    """Expected, database and ORM values of a finding's object, for the detail pane.

    The finding's own `expected`/`actual` win for the source it was compared against and for the
    database; the other source is looked up in its catalog, so a DBA sees all three at once.
    """
    path, kind, attr = tuple(finding.path), finding.object_type, finding.attribute
    values = {
        "expected": value_in(expected, kind, path, attr),
        "database": value_in(database, kind, path, attr),
        "orm": value_in(orm, kind, path, attr),
    }
    if finding.category == "drift":
        against = (finding.against or "expected").lower()
        if against == "orm-vs-expected":  # the model compared with the expected files
            sides = ("expected", "orm")
        elif against.startswith("orm"):
            sides = ("orm", "database")
        else:  # expected files or migrations, compared with the database
            sides = ("expected", "database")
        mine = _side_value(finding.expected, finding.change, "unexpected")
        theirs = _side_value(finding.actual, finding.change, "missing")
        for side, own in zip(sides, (mine, theirs), strict=True):
            if own is None:
                continue
            # An attribute's value as the differ saw it wins (it is normalised); a whole object is
            # shown as its catalog describes it, like the other columns, unless it is absent there.
            if attr or own == ABSENT or values[side] in (ABSENT, NOT_LOADED):
                values[side] = own
    return values["expected"], values["database"], values["orm"]
