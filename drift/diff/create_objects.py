"""CREATE statements for whole objects (tables, views, sequences, types, functions, schemas).

A missing object is one finding whose fix creates all of it, so these build the full definition: a
table with its columns, keys, checks, indexes, triggers, policies, grants and comments. Foreign keys are
separate ALTERs after the CREATE, so that tables referencing each other can be created in any order.
"""

from __future__ import annotations

from drift.diff import ddl
from drift.diff.normalize import nextval_sequence
from drift.diff.quoting import (
    collation_sql,
    dollar_quote,
    qualified,
    quote_ident,
    quote_literal,
    split_qualified,
)
from drift.model import Domain, Enum, Function, Index, Schema, Sequence, Table


def constraint_index_names(table: Table) -> set[str]:
    """Names of indexes that exist because of a constraint (compared as the constraint, not as index)."""
    names = {u.name for u in table.unique_constraints} | {x.name for x in table.exclusion_constraints}
    if table.primary_key is not None:
        names.add(table.primary_key.name)
    names.update(i.name for i in table.indexes if i.constraint is not None)
    return names


def plain_indexes(table: Table) -> list[Index]:
    backing = constraint_index_names(table)
    return [i for i in table.indexes if i.name not in backing]


def view_body(definition: str | None) -> str:
    return (definition or "").strip().rstrip(";").strip()


def create_view(schema: str, view: Table, *, replace: bool = False) -> str:
    kind = "MATERIALIZED VIEW" if view.kind == "materialized_view" else "VIEW"
    verb = "CREATE OR REPLACE" if replace and view.kind == "view" else "CREATE"
    options = ddl.with_options(view.options)
    return f"{verb} {kind} {qualified(schema, view.name)}{options} AS\n{view_body(view.view_definition)}"


def owned_sequences(schema: Schema | None, table: Table) -> dict[str, Sequence]:
    """Sequences owned by a table's columns (OWNED BY: serial columns' and any other), by column;
    a column's `nextval()` default names its own when it owns several."""
    if schema is None:
        return {}
    by_name = {s.name: s for s in schema.sequences}
    out: dict[str, Sequence] = {}
    for col in table.columns:
        seq_name = nextval_sequence(col.default)
        seq = by_name.get(seq_name) if seq_name else None
        if seq is not None and seq.owned_by == f"{table.name}.{col.name}":
            out[col.name] = seq
    for seq in schema.sequences:
        table_name, _, column = (seq.owned_by or "").rpartition(".")
        if table_name == table.name and column not in out and table.get_column(column) is not None:
            out[column] = seq
    return out


def create_table(schema_name: str, table: Table, schema: Schema | None = None) -> list[str]:
    """Everything needed to create `table` as declared (empty list for foreign tables)."""
    if table.is_view:
        return _create_view_statements(schema_name, table)
    if table.kind == "foreign_table":
        return []
    target = qualified(schema_name, table.name)
    stmts: list[str] = []
    sequences = owned_sequences(schema, table)
    for seq in sequences.values():
        stmts += create_sequence(schema_name, seq, with_owner=False)
    if table.partition_of is not None:
        parent_schema, parent = split_qualified(table.partition_of, schema_name)
        text = f"CREATE TABLE {target} PARTITION OF {qualified(parent_schema, parent)}\n"
        text += table.partition_bound or "DEFAULT"
    else:
        members = [
            ddl.column_definition(c, schema_name, ddl.identity_of(table, c.name)) for c in table.columns
        ]
        if table.primary_key is not None:
            members.append(ddl.primary_key_clause(table.primary_key))
        members += [ddl.unique_clause(u) for u in table.unique_constraints]
        members += [ddl.check_clause(c) for c in table.check_constraints]
        members += [ddl.exclusion_clause(x) for x in table.exclusion_constraints]
        unlogged = "UNLOGGED " if table.unlogged else ""
        text = f"CREATE {unlogged}TABLE {target} (\n    " + ",\n    ".join(members) + "\n)"
        if table.inherits:
            parents = [qualified(*split_qualified(p, schema_name)) for p in table.inherits]
            text += f" INHERITS ({', '.join(parents)})"
    if table.partition_key:
        text += f" PARTITION BY {table.partition_key}"
    text += ddl.with_options(table.options)
    stmts.append(text)
    stmts += [sequence_owner(schema_name, seq, schema) for seq in sequences.values()]
    if table.partition_of is None:
        for fk in table.foreign_keys:
            stmts.append(ddl.alter_table(schema_name, table.name, "ADD " + ddl.foreign_key_clause(fk)))
    # a partition gets its parent's indexes (under derived names) when it is created
    for idx in plain_indexes(table):
        stmts.append(ddl.create_index(schema_name, table, idx, concurrently=False))
    if table.partition_of is None:
        stmts += [ddl.create_trigger(t.definition) for t in table.triggers]
    stmts += _security_statements(schema_name, table)
    stmts += _comment_statements(schema_name, table)
    return stmts


def _create_view_statements(schema_name: str, view: Table) -> list[str]:
    stmts = [create_view(schema_name, view)]
    for idx in view.indexes:
        stmts.append(ddl.create_index(schema_name, view, idx, concurrently=False))
    stmts += [ddl.create_trigger(t.definition) for t in view.triggers]
    stmts += _security_statements(schema_name, view)
    stmts += _comment_statements(schema_name, view)
    return stmts


def _security_statements(schema_name: str, table: Table) -> list[str]:
    stmts: list[str] = []
    if table.rls_enabled:
        stmts.append(ddl.row_security(schema_name, table.name, enabled=True))
    if table.rls_forced:
        stmts.append(ddl.row_security(schema_name, table.name, forced=True))
    stmts += [ddl.create_policy(schema_name, table.name, p) for p in table.policies]
    stmts += [ddl.grant(schema_name, table.name, p) for p in table.privileges]
    stmts += [ddl.grant_column(schema_name, table.name, p) for p in table.column_privileges]
    return stmts


def _comment_statements(schema_name: str, table: Table) -> list[str]:
    target = qualified(schema_name, table.name)
    stmts: list[str] = []
    if table.comment is not None:
        stmts.append(ddl.comment_on(ddl.TABLE_KIND_SQL[table.kind], target, table.comment))
    for col in table.columns:
        if col.comment is not None:
            stmts.append(ddl.comment_on("COLUMN", f"{target}.{quote_ident(col.name)}", col.comment))
    for idx in table.indexes:
        if idx.comment is not None:
            stmts.append(ddl.comment_on("INDEX", qualified(schema_name, idx.name), idx.comment))
    return stmts


def drop_table(schema_name: str, table: Table) -> str:
    return f"DROP {ddl.TABLE_KIND_SQL[table.kind]} {qualified(schema_name, table.name)}"


# ---------------------------------------------------------------------------- schema-level objects


def sequence_options(seq: Sequence) -> str:
    parts = [f"AS {seq.data_type}", f"INCREMENT BY {seq.increment}"]
    parts.append(f"MINVALUE {seq.min_value}" if seq.min_value is not None else "NO MINVALUE")
    parts.append(f"MAXVALUE {seq.max_value}" if seq.max_value is not None else "NO MAXVALUE")
    parts += [f"START WITH {seq.start}", f"CACHE {seq.cache}", "CYCLE" if seq.cycle else "NO CYCLE"]
    return " ".join(parts)


def create_sequence(
    schema_name: str, seq: Sequence, *, with_owner: bool = True, schema: Schema | None = None
) -> list[str]:
    """CREATE SEQUENCE IF NOT EXISTS (a serial column's table may have created it), then its owner."""
    stmts = [f"CREATE SEQUENCE IF NOT EXISTS {qualified(schema_name, seq.name)} {sequence_options(seq)}"]
    if with_owner and seq.owned_by:
        stmts.append(sequence_owner(schema_name, seq, schema))
    if seq.comment is not None:
        stmts.append(ddl.comment_on("SEQUENCE", qualified(schema_name, seq.name), seq.comment))
    return stmts


def owner_column(owned_by: str, *schemas: Schema | None) -> tuple[str, str]:
    """(table, column) of a sequence's `owned_by` (`table.column`, where either name may hold a dot):
    split where one of `schemas` has that table with that column, else at the first dot."""
    dots = [i for i, ch in enumerate(owned_by) if ch == "."]
    for schema in schemas:
        if schema is None:
            continue
        for i in dots:
            table = schema.get_table(owned_by[:i])
            if table is not None and table.get_column(owned_by[i + 1 :]) is not None:
                return owned_by[:i], owned_by[i + 1 :]
    table_name, _, column_name = owned_by.partition(".")
    return table_name, column_name


def sequence_owner(schema_name: str, seq: Sequence, *schemas: Schema | None) -> str:
    """ALTER SEQUENCE ... OWNED BY; `schemas` resolve a dotted table name (see `owner_column`)."""
    if not seq.owned_by:
        return f"ALTER SEQUENCE {qualified(schema_name, seq.name)} OWNED BY NONE"
    table, column = owner_column(seq.owned_by, *schemas)
    owner = f"{qualified(schema_name, table)}.{quote_ident(column)}"
    return f"ALTER SEQUENCE {qualified(schema_name, seq.name)} OWNED BY {owner}"


def create_enum(schema_name: str, enum: Enum) -> str:
    labels = ", ".join(quote_literal(label) for label in enum.labels)
    return f"CREATE TYPE {qualified(schema_name, enum.name)} AS ENUM ({labels})"


def create_domain(schema_name: str, domain: Domain) -> str:
    parts = [f"CREATE DOMAIN {qualified(schema_name, domain.name)} AS {domain.base_type}"]
    if domain.collation:
        parts.append(f"COLLATE {collation_sql(domain.collation, schema_name)}")
    if domain.default is not None:
        parts.append(f"DEFAULT {domain.default}")
    if not domain.nullable:
        parts.append("NOT NULL")
    parts += [f"CHECK ({c})" for c in domain.checks]
    return " ".join(parts)


def function_target(schema_name: str, fn: Function) -> str:
    return f"{qualified(schema_name, fn.name)}({fn.arguments})"


def create_function(schema_name: str, fn: Function, *, replace: bool = True) -> str | None:
    """CREATE [OR REPLACE] FUNCTION/PROCEDURE; None when the model cannot recreate it (aggregates,
    C functions). A SQL-standard body (`RETURN ...`, `BEGIN ATOMIC ... END`) is written as it is,
    any other in a dollar quote."""
    if fn.kind in ("aggregate", "window") or fn.language in ("c", "internal") or not fn.definition.strip():
        return None
    verb = "CREATE OR REPLACE" if replace else "CREATE"
    kind = "PROCEDURE" if fn.kind == "procedure" else "FUNCTION"
    parts = [f"{verb} {kind} {function_target(schema_name, fn)}"]
    if fn.kind != "procedure" and fn.returns:
        parts.append(f"RETURNS {fn.returns}")
    parts.append(f"LANGUAGE {fn.language}")
    if fn.kind != "procedure":
        parts.append(fn.volatility.upper())
    if fn.security_definer:
        parts.append("SECURITY DEFINER")
    if fn.kind != "procedure":
        if fn.strict:
            parts.append("STRICT")
        if fn.parallel != "unsafe":
            parts.append(f"PARALLEL {fn.parallel.upper()}")
    parts += [_set_clause(setting) for setting in fn.config]
    parts.append(fn.definition.strip() if _sql_standard_body(fn) else "AS " + dollar_quote(fn.definition))
    return "\n".join(parts)


# Settings whose value is a list of names: stored as `a, "B c"`, given back one literal per element
# (one literal 'a, b' would be a single name "a, b"), as pg_dump does.
_LIST_SETTINGS = frozenset(
    {"search_path", "temp_tablespaces", "local_preload_libraries", "session_preload_libraries",
     "shared_preload_libraries"}
)  # fmt: skip


def _set_clause(setting: str) -> str:
    """A proconfig entry (`search_path=pg_catalog, pg_temp`) as `SET search_path TO 'pg_catalog',
    'pg_temp'`; any other setting's value as one literal."""
    name, _, value = setting.partition("=")
    values = _list_elements(value) if name.lower() in _LIST_SETTINGS else [value]
    return f"SET {quote_ident(name)} TO {', '.join(quote_literal(v) for v in values) or quote_literal('')}"


def _list_elements(value: str) -> list[str]:
    """`"$user", public, "My ""Odd"" One"` -> ['$user', 'public', 'My "Odd" One']."""
    elements: list[str] = []
    current: list[str] = []
    quoted = False
    i = 0
    while i < len(value):
        ch = value[i]
        if quoted:
            if ch == '"' and value[i + 1 : i + 2] == '"':
                current.append('"')
                i += 1
            elif ch == '"':
                quoted = False
            else:
                current.append(ch)
        elif ch == '"':
            quoted = True
        elif ch == ",":
            elements.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
        i += 1
    elements.append("".join(current).strip())
    return [e for e in elements if e]


def _sql_standard_body(fn: Function) -> bool:
    """A body PostgreSQL 14+ parsed at CREATE time, as pg_get_function_sqlbody prints it."""
    if fn.language.lower() != "sql":
        return False
    words = fn.definition.split(None, 2)
    return bool(words) and (
        words[0].upper() == "RETURN" or [w.upper() for w in words[:2]] == ["BEGIN", "ATOMIC"]
    )


def drop_function(schema_name: str, fn: Function) -> str:
    kind = {"procedure": "PROCEDURE", "aggregate": "AGGREGATE"}.get(fn.kind, "FUNCTION")
    return f"DROP {kind} {function_target(schema_name, fn)}"


def create_schema(schema: Schema) -> list[str]:
    """The schema and everything in it: types first, then sequences, tables, views, functions."""
    stmts = [f"CREATE SCHEMA IF NOT EXISTS {quote_ident(schema.name)}"]
    if schema.comment is not None:
        stmts.append(ddl.comment_on("SCHEMA", quote_ident(schema.name), schema.comment))
    stmts += [create_enum(schema.name, e) for e in schema.enums if e.extension is None]
    stmts += [create_domain(schema.name, d) for d in schema.domains if d.extension is None]
    owned_by_serial = {seq.name for t in schema.tables for seq in owned_sequences(schema, t).values()}
    for seq in schema.sequences:
        if seq.extension is None and seq.name not in owned_by_serial and not _identity_owned(schema, seq):
            stmts += create_sequence(schema.name, seq, schema=schema)
    functions = [f for f in schema.functions if f.extension is None]
    # plain SQL/plpgsql functions before tables: defaults, checks and triggers may call them
    for fn in functions:
        text = create_function(schema.name, fn)
        if text is not None:
            stmts.append(text)
    ordered = sorted(
        (t for t in schema.tables if t.extension is None),
        key=lambda t: (t.is_view, t.partition_of is not None, t.name),
    )
    for table in ordered:
        stmts += create_table(schema.name, table, schema)
    return stmts


def _identity_owned(schema: Schema, seq: Sequence) -> bool:
    if not seq.owned_by:
        return False
    table_name, column_name = owner_column(seq.owned_by, schema)
    table = schema.get_table(table_name)
    col = table.get_column(column_name) if table else None
    return col is not None and col.identity is not None
