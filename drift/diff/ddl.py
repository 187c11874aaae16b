"""SQL text for single objects and table members: the vocabulary fix SQL is written in.

Pure functions from catalog model objects to SQL strings (one statement each, no trailing semicolon),
shared by the comparators (fix SQL of one finding) and the `--fix-sql` script writer. Names are quoted
here; types, defaults and expressions are used as the server prints them.
"""

from __future__ import annotations

from drift.diff.normalize import is_serial, normalize_type
from drift.diff.quoting import collation_sql, qualified, quote_ident, quote_literal, quote_role
from drift.model import (
    CheckConstraint,
    Column,
    ColumnPrivilege,
    ExclusionConstraint,
    ForeignKey,
    Index,
    Policy,
    PrimaryKey,
    Privilege,
    Sequence,
    Table,
    UniqueConstraint,
)
from drift.model.identity import options_sql, stated_options


def sql_list(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(quote_ident(n) for n in names)


def render_key(key: str, column_names: list[str]) -> str:
    """An index key as SQL. The catalog spells a column key as the bare column name followed by its
    options (`created_at DESC NULLS LAST`, `code COLLATE "C"`); names may contain spaces, so the key
    is matched against the table's columns, longest first. Expression keys are kept as printed."""
    for name in sorted(column_names, key=len, reverse=True):
        if key == name or key.startswith(name + " "):
            return quote_ident(name) + key[len(name) :]
    return key


# ------------------------------------------------------------------------------------------ columns


def column_definition(col: Column, schema: str = "", identity: Sequence | None = None) -> str:
    """`name type [COLLATE c] [GENERATED ...|DEFAULT d] [NOT NULL]` as in CREATE TABLE / ADD COLUMN
    (`schema`: the table's, where a collation named `schema.name` may live; `identity`: the
    column's identity sequence, whose options other than the defaults are stated)."""
    parts = [quote_ident(col.name), col.type]
    if col.collation:
        parts.append(f"COLLATE {collation_sql(col.collation, schema)}")
    if col.generated is not None:
        parts.append(generated_clause(col))
    elif col.identity is not None:
        parts.append(identity_clause(col, identity))
    elif col.default is not None:
        parts.append(f"DEFAULT {col.default}")
    if not col.nullable:
        parts.append("NOT NULL")
    return " ".join(parts)


def option_clause(name: str, value: str) -> str:
    """`fillfactor=70`, `check_option=local`: a storage parameter or view option in a WITH / SET
    list, its value quoted when it is more than a word or number."""
    plain = value.replace(".", "").replace("_", "").replace("-", "").isalnum()
    return f"{quote_ident(name)}={value if plain else quote_literal(value)}"


def with_options(options: tuple[str, ...] | None) -> str:
    """` WITH (fillfactor=70, ...)` for CREATE TABLE / VIEW, or nothing."""
    if not options:
        return ""
    pairs = [o.partition("=")[::2] for o in options]
    return f" WITH ({', '.join(option_clause(k, v) for k, v in pairs)})"


def identity_clause(col: Column, identity: Sequence | None) -> str:
    """`GENERATED ALWAYS AS IDENTITY [(START WITH 1000 ...)]`, the options those of `identity`
    (the column's sequence, if known) that differ from the server's defaults."""
    assert col.identity is not None
    options = options_sql(stated_options(identity, col.type)) if identity is not None else ""
    return f"GENERATED {col.identity.upper()} AS IDENTITY" + (f" ({options})" if options else "")


def identity_of(table: Table, column: str) -> Sequence | None:
    """The identity sequence `table` gives for `column`, if any."""
    owner = f"{table.name}.{column}"
    return next((seq for seq in table.identity_sequences if seq.owned_by == owner), None)


def generated_storage(col: Column) -> str | None:
    """'stored' or 'virtual' for a generated column, None otherwise. A generated column without a
    storage (a snapshot written before drift recorded it) is stored: all there was before 18."""
    if col.generated is None:
        return None
    return col.generated_storage or "stored"


def generated_clause(col: Column) -> str:
    """`GENERATED ALWAYS AS (expr) STORED|VIRTUAL`, the storage always spelt out: without a keyword
    PostgreSQL 18 makes a VIRTUAL column, older servers refuse it."""
    return f"GENERATED ALWAYS AS ({col.generated}) {(generated_storage(col) or 'stored').upper()}"


def alter_table(schema: str, table: str, action: str, *, only: bool = False) -> str:
    return f"ALTER TABLE {'ONLY ' if only else ''}{qualified(schema, table)} {action}"


def alter_column(schema: str, table: str, column: str, action: str) -> str:
    return alter_table(schema, table, f"ALTER COLUMN {quote_ident(column)} {action}")


def set_default(schema: str, table: str, column: str, default: str | None) -> str:
    action = f"SET DEFAULT {default}" if default is not None else "DROP DEFAULT"
    return alter_column(schema, table, column, action)


def change_type(schema: str, table: str, col: Column) -> str:
    # `serial` is a CREATE-time shorthand, not a type ALTER COLUMN ... TYPE accepts
    type_ = normalize_type(col.type) if is_serial(col.type) else col.type
    collate = f" COLLATE {collation_sql(col.collation, schema)}" if col.collation else ""
    using = f"{quote_ident(col.name)}::{type_}"
    return alter_column(schema, table, col.name, f"TYPE {type_}{collate} USING {using}")


# -------------------------------------------------------------------------------------- constraints


def _deferral(deferrable: bool, initially_deferred: bool) -> str:
    if not deferrable:
        return ""
    return " DEFERRABLE INITIALLY DEFERRED" if initially_deferred else " DEFERRABLE"


def key_list(columns: tuple[str, ...], last: str | None) -> str:
    """`a, b`, or with `last` (WITHOUT OVERLAPS / PERIOD, PostgreSQL 18) on the last column."""
    if last is None or not columns:
        return sql_list(columns)
    final = quote_ident(columns[-1])
    final = f"PERIOD {final}" if last == "PERIOD" else f"{final} {last}"
    return ", ".join([*(quote_ident(c) for c in columns[:-1]), final])


def primary_key_clause(pk: PrimaryKey) -> str:
    body = f"PRIMARY KEY ({key_list(pk.columns, 'WITHOUT OVERLAPS' if pk.without_overlaps else None)})"
    return f"CONSTRAINT {quote_ident(pk.name)} {body}{_deferral(pk.deferrable, pk.initially_deferred)}"


def unique_clause(uq: UniqueConstraint) -> str:
    nnd = " NULLS NOT DISTINCT" if uq.nulls_not_distinct else ""
    body = f"UNIQUE{nnd} ({key_list(uq.columns, 'WITHOUT OVERLAPS' if uq.without_overlaps else None)})"
    return f"CONSTRAINT {quote_ident(uq.name)} {body}{_deferral(uq.deferrable, uq.initially_deferred)}"


def foreign_key_clause(fk: ForeignKey, *, not_valid: bool = False) -> str:
    period = "PERIOD" if fk.period else None
    parts = [
        f"CONSTRAINT {quote_ident(fk.name)} FOREIGN KEY ({key_list(fk.columns, period)})",
        f"REFERENCES {qualified(fk.ref_schema, fk.ref_table)} ({key_list(fk.ref_columns, period)})",
    ]
    if fk.match != "SIMPLE":
        parts.append(f"MATCH {fk.match}")
    if fk.on_update != "NO ACTION":
        parts.append(f"ON UPDATE {fk.on_update}")
    if fk.on_delete != "NO ACTION":
        parts.append(f"ON DELETE {fk.on_delete}")
    text = " ".join(parts) + _deferral(fk.deferrable, fk.initially_deferred)
    return text + (" NOT VALID" if not_valid else "") + ("" if fk.enforced else " NOT ENFORCED")


def check_clause(ck: CheckConstraint, *, not_valid: bool = False) -> str:
    text = f"CONSTRAINT {quote_ident(ck.name)} CHECK ({ck.expression})"
    if ck.no_inherit:
        text += " NO INHERIT"
    return text + (" NOT VALID" if not_valid else "") + ("" if ck.enforced else " NOT ENFORCED")


def exclusion_clause(ex: ExclusionConstraint) -> str:
    text = f"CONSTRAINT {quote_ident(ex.name)} {ex.definition}"
    if "DEFERRABLE" not in ex.definition.upper():
        text += _deferral(ex.deferrable, ex.initially_deferred)
    return text


def add_validated(schema: str, table: str, clause: str, name: str) -> list[str]:
    """ADD ... NOT VALID (a short lock), then VALIDATE (scans without blocking writes)."""
    return [
        alter_table(schema, table, f"ADD {clause}"),
        alter_table(schema, table, f"VALIDATE CONSTRAINT {quote_ident(name)}"),
    ]


def drop_constraint(schema: str, table: str, name: str, *, if_exists: bool = False) -> str:
    return alter_table(
        schema, table, f"DROP CONSTRAINT {'IF EXISTS ' if if_exists else ''}{quote_ident(name)}"
    )


def rename_constraint(schema: str, table: str, old: str, new: str) -> str:
    return alter_table(schema, table, f"RENAME CONSTRAINT {quote_ident(old)} TO {quote_ident(new)}")


# ------------------------------------------------------------------------------------------ indexes


def create_index(
    schema: str,
    table: Table,
    idx: Index,
    *,
    concurrently: bool,
    if_not_exists: bool = True,
    unique: bool | None = None,
) -> str:
    """CREATE INDEX; never CONCURRENTLY on a partitioned table (PostgreSQL does not allow it)."""
    concurrently = concurrently and table.kind != "partitioned_table"
    is_unique = idx.unique if unique is None else unique
    parts = ["CREATE", "UNIQUE INDEX" if is_unique else "INDEX"]
    if concurrently:
        parts.append("CONCURRENTLY")
    if if_not_exists:
        parts.append("IF NOT EXISTS")
    parts += [quote_ident(idx.name), "ON", qualified(schema, table.name)]
    if idx.method != "btree":
        parts.append(f"USING {idx.method}")
    names = [c.name for c in table.columns]
    parts.append("(" + ", ".join(render_key(k, names) for k in idx.keys) + ")")
    if idx.include:
        parts.append(f"INCLUDE ({sql_list(idx.include)})")
    if idx.nulls_not_distinct:
        parts.append("NULLS NOT DISTINCT")
    if idx.tablespace:
        parts.append(f"TABLESPACE {quote_ident(idx.tablespace)}")
    if idx.predicate:
        parts.append(f"WHERE {idx.predicate}")
    return " ".join(parts)


def drop_index(schema: str, name: str, *, concurrently: bool) -> str:
    conc = "CONCURRENTLY " if concurrently else ""
    return f"DROP INDEX {conc}IF EXISTS {qualified(schema, name)}"


# --------------------------------------------------------------------------- triggers and policies


def create_trigger(trigger_definition: str) -> str:
    return trigger_definition.strip().rstrip(";")


def drop_trigger(schema: str, table: str, name: str) -> str:
    return f"DROP TRIGGER IF EXISTS {quote_ident(name)} ON {qualified(schema, table)}"


TRIGGER_ENABLE_ACTION = {
    "origin": "ENABLE TRIGGER",
    "disabled": "DISABLE TRIGGER",
    "replica": "ENABLE REPLICA TRIGGER",
    "always": "ENABLE ALWAYS TRIGGER",
}


def roles_sql(roles: tuple[str, ...]) -> str:
    return ", ".join(quote_role(r) for r in roles) if roles else "PUBLIC"


def create_policy(schema: str, table: str, pol: Policy) -> str:
    parts = [
        f"CREATE POLICY {quote_ident(pol.name)} ON {qualified(schema, table)}",
        "AS PERMISSIVE" if pol.permissive else "AS RESTRICTIVE",
        f"FOR {pol.command}",
        f"TO {roles_sql(pol.roles)}",
    ]
    if pol.using is not None:
        parts.append(f"USING ({pol.using})")
    if pol.with_check is not None:
        parts.append(f"WITH CHECK ({pol.with_check})")
    return " ".join(parts)


def drop_policy(schema: str, table: str, name: str) -> str:
    return f"DROP POLICY IF EXISTS {quote_ident(name)} ON {qualified(schema, table)}"


def row_security(schema: str, table: str, *, enabled: bool | None = None, forced: bool | None = None) -> str:
    if enabled is not None:
        return alter_table(schema, table, f"{'ENABLE' if enabled else 'DISABLE'} ROW LEVEL SECURITY")
    return alter_table(schema, table, f"{'FORCE' if forced else 'NO FORCE'} ROW LEVEL SECURITY")


# ------------------------------------------------------------------------------ grants and comments


def grant(schema: str, table: str, priv: Privilege) -> str:
    option = " WITH GRANT OPTION" if priv.grantable else ""
    target = qualified(schema, table)
    return f"GRANT {priv.privilege} ON TABLE {target} TO {quote_role(priv.grantee)}{option}"


def revoke(schema: str, table: str, priv: Privilege, *, grant_option_only: bool = False) -> str:
    what = f"GRANT OPTION FOR {priv.privilege}" if grant_option_only else priv.privilege
    return f"REVOKE {what} ON TABLE {qualified(schema, table)} FROM {quote_role(priv.grantee)}"


def grant_column(schema: str, table: str, priv: ColumnPrivilege) -> str:
    """`GRANT SELECT ("email") ON TABLE s.t TO r`: one column, as the catalog keeps them."""
    option = " WITH GRANT OPTION" if priv.grantable else ""
    target = qualified(schema, table)
    what = f"{priv.privilege} ({quote_ident(priv.column)})"
    return f"GRANT {what} ON TABLE {target} TO {quote_role(priv.grantee)}{option}"


def revoke_column(schema: str, table: str, priv: ColumnPrivilege, *, grant_option_only: bool = False) -> str:
    what = f"{priv.privilege} ({quote_ident(priv.column)})"
    if grant_option_only:
        what = f"GRANT OPTION FOR {what}"
    return f"REVOKE {what} ON TABLE {qualified(schema, table)} FROM {quote_role(priv.grantee)}"


def comment_on(kind: str, target_sql: str, text: str | None) -> str:
    """`COMMENT ON <kind> <target> IS '...'` (or IS NULL to remove it)."""
    value = quote_literal(text) if text is not None else "NULL"
    return f"COMMENT ON {kind} {target_sql} IS {value}"


TABLE_KIND_SQL = {
    "table": "TABLE",
    "partitioned_table": "TABLE",
    "foreign_table": "FOREIGN TABLE",
    "view": "VIEW",
    "materialized_view": "MATERIALIZED VIEW",
}


def script(statements: list[str]) -> str | None:
    """Join statements into one fix text (each ends with `;` on its own line); None when empty."""
    return "\n".join(s + ";" for s in statements) if statements else None
