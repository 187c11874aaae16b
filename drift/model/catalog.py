"""The neutral catalog model: what a PostgreSQL database's structure is, independent of its source.

Every producer (live reflection, expected-schema files, SQLAlchemy metadata, migrations) builds a
`Catalog`; every consumer (differ, health rules, reporters, TUI) reads one. Objects are nested the way
a DBA thinks of them (schema > table > column / constraint / index), keyed by name, and kept sorted so
that two catalogs of the same database serialise to the same JSON byte for byte.

Conventions:
- Types are spelled exactly as PostgreSQL's `format_type()` prints them (`character varying(255)`,
  `timestamp without time zone`, `integer[]`); names are unquoted.
- Expressions (defaults, CHECK bodies, index predicates, view definitions) are as the server prints
  them; normalising spelling differences is the differ's job, not the model's.
- `extension` names the extension that owns an object; such objects are reflected but kept apart
  from the user's own by the differ and the rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field, model_validator

from drift.model.base import FrozenModel

# The schema-level objects besides tables live in schema_objects.py (imported from there).
from drift.model.schema_objects import Domain, Enum, Extension, Function, Sequence, _Named, _sorted_by_name

TableKind = Literal["table", "partitioned_table", "foreign_table", "view", "materialized_view"]
FkAction = Literal["NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"]
FkMatch = Literal["SIMPLE", "FULL", "PARTIAL"]
IdentityKind = Literal["always", "by default"]
GeneratedStorage = Literal["stored", "virtual"]
PolicyCommand = Literal["ALL", "SELECT", "INSERT", "UPDATE", "DELETE"]
TriggerEnabled = Literal["origin", "disabled", "replica", "always"]


class Column(_Named):
    """A table or view column."""

    position: int = 0
    type: str
    nullable: bool = True
    default: str | None = None
    identity: IdentityKind | None = None
    generated: str | None = Field(
        default=None, description="Generation expression of a generated column (stored or virtual)."
    )
    generated_storage: GeneratedStorage | None = Field(
        default=None,
        description="How a generated column is kept: 'stored' (computed on write) or 'virtual' "
        "(computed on read, PostgreSQL 18+); None when the column is not generated.",
    )
    collation: str | None = Field(
        default=None, description="Only when it differs from the type's default collation."
    )
    comment: str | None = None


class PrimaryKey(_Named):
    columns: tuple[str, ...]
    deferrable: bool = False
    initially_deferred: bool = False
    without_overlaps: bool = Field(
        default=False,
        description="True for a temporal key (PostgreSQL 18+): the last column is declared "
        "WITHOUT OVERLAPS (a range or multirange; the backing index is GiST).",
    )


class ForeignKey(_Named):
    columns: tuple[str, ...]
    ref_schema: str
    ref_table: str
    ref_columns: tuple[str, ...]
    on_delete: FkAction = "NO ACTION"
    on_update: FkAction = "NO ACTION"
    match: FkMatch = "SIMPLE"
    deferrable: bool = False
    initially_deferred: bool = False
    validated: bool = True
    enforced: bool = Field(
        default=True,
        description="False for a NOT ENFORCED constraint (PostgreSQL 18+): declared, never checked "
        "(the server then also reports it not validated).",
    )
    period: bool = Field(
        default=False,
        description="True for a temporal foreign key (PostgreSQL 18+): the last column on both "
        "sides is declared PERIOD.",
    )


class UniqueConstraint(_Named):
    columns: tuple[str, ...]
    nulls_not_distinct: bool = False
    deferrable: bool = False
    initially_deferred: bool = False
    without_overlaps: bool = Field(
        default=False,
        description="True for a temporal key (PostgreSQL 18+): the last column is declared "
        "WITHOUT OVERLAPS (a range or multirange; the backing index is GiST).",
    )


class CheckConstraint(_Named):
    expression: str = Field(description="The boolean expression, without the CHECK keyword.")
    validated: bool = True
    no_inherit: bool = False
    enforced: bool = Field(
        default=True,
        description="False for a NOT ENFORCED constraint (PostgreSQL 18+): declared, never checked "
        "(the server then also reports it not validated).",
    )


class ExclusionConstraint(_Named):
    definition: str = Field(description="As pg_get_constraintdef() prints it: EXCLUDE USING ...")
    deferrable: bool = False
    initially_deferred: bool = False


class Index(_Named):
    """An index; `keys` are column names or expressions with their per-key options."""

    keys: tuple[str, ...] = Field(
        description="Key columns or expressions, with non-default opclass/ordering, "
        "e.g. 'email', 'lower(email)', 'created_at DESC'."
    )
    include: tuple[str, ...] = ()
    method: str = "btree"
    unique: bool = False
    nulls_not_distinct: bool = False
    predicate: str | None = None
    constraint: str | None = Field(
        default=None, description="Name of the PK/unique/exclusion constraint this index backs."
    )
    valid: bool = True
    ready: bool = True
    tablespace: str | None = None
    comment: str | None = None


class Trigger(_Named):
    definition: str = Field(description="As pg_get_triggerdef() prints it.")
    enabled: TriggerEnabled = "origin"


class Policy(_Named):
    command: PolicyCommand = "ALL"
    permissive: bool = True
    roles: tuple[str, ...] = ("public",)
    using: str | None = None
    with_check: str | None = None


class Privilege(FrozenModel):
    """One granted privilege on a table: grantee may be 'PUBLIC'."""

    grantee: str
    privilege: str
    grantable: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.grantee, self.privilege)


class ColumnPrivilege(FrozenModel):
    """One privilege granted on one column (`GRANT SELECT (email) ON t TO r`, pg_attribute.attacl).

    One object per (column, grantee, privilege): `GRANT SELECT (a, b)` is two of them, so adding or
    revoking one column is one difference. A table-wide grant is a `Privilege`, never repeated here.
    """

    column: str
    grantee: str
    privilege: str
    grantable: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.column, self.grantee, self.privilege)


class Table(_Named):
    """A relation with columns: table, partitioned table, foreign table, view or matview."""

    kind: TableKind = "table"
    owner: str | None = None
    unlogged: bool = False
    partition_key: str | None = Field(
        default=None, description="For partitioned tables: pg_get_partkeydef(), e.g. RANGE (day)."
    )
    partition_of: str | None = Field(
        default=None, description="For partitions: the parent as schema.table (unquoted)."
    )
    partition_bound: str | None = Field(
        default=None, description="For partitions: FOR VALUES ... or DEFAULT."
    )
    inherits: tuple[str, ...] = Field(
        default=(), description="Inheritance parents (not partitioning) as schema.table."
    )
    view_definition: str | None = None
    options: tuple[str, ...] | None = Field(
        default=None,
        description="Storage parameters and view options (reloptions) as name=value, sorted: "
        "fillfactor=70, autovacuum_vacuum_scale_factor=0.01, security_barrier=true, check_option=local, "
        "security_invoker=true. A database always gives them (empty when none); None on a source that "
        "does not say (an expected-schema file without `options`, an ORM table without "
        "postgresql_with), and then they are not compared.",
    )
    columns: tuple[Column, ...] = ()
    identity_sequences: tuple[Sequence, ...] = Field(
        default=(),
        description="The sequences behind this table's identity columns as the server keeps them "
        "(type, start, increment, bounds, cache, cycle; owned_by is table.column), sorted by name. "
        "Empty on a source that does not give them (expected-schema files, ORM models).",
    )
    primary_key: PrimaryKey | None = None
    foreign_keys: tuple[ForeignKey, ...] = ()
    unique_constraints: tuple[UniqueConstraint, ...] = ()
    check_constraints: tuple[CheckConstraint, ...] = ()
    exclusion_constraints: tuple[ExclusionConstraint, ...] = ()
    indexes: tuple[Index, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    rls_enabled: bool = False
    rls_forced: bool = False
    policies: tuple[Policy, ...] = ()
    privileges: tuple[Privilege, ...] = ()
    column_privileges: tuple[ColumnPrivilege, ...] = Field(
        default=(),
        description="Privileges granted on single columns, sorted by (column, grantee, privilege).",
    )
    comment: str | None = None
    extension: str | None = None

    @model_validator(mode="after")
    def _sort_members(self) -> Table:
        cols = self.columns
        if [c.position for c in cols] != sorted(c.position for c in cols):
            object.__setattr__(self, "columns", tuple(sorted(cols, key=lambda c: c.position)))
        for attr in (
            "identity_sequences",
            "foreign_keys",
            "unique_constraints",
            "check_constraints",
            "exclusion_constraints",
            "indexes",
            "triggers",
            "policies",
        ):
            object.__setattr__(self, attr, _sorted_by_name(getattr(self, attr)))
        privs = self.privileges
        if [p.key for p in privs] != sorted(p.key for p in privs):
            object.__setattr__(self, "privileges", tuple(sorted(privs, key=lambda p: p.key)))
        col_privs = self.column_privileges
        if [p.key for p in col_privs] != sorted(p.key for p in col_privs):
            object.__setattr__(self, "column_privileges", tuple(sorted(col_privs, key=lambda p: p.key)))
        return self

    @property
    def is_view(self) -> bool:
        return self.kind in ("view", "materialized_view")

    def get_column(self, name: str) -> Column | None:
        for c in self.columns:
            if c.name == name:
                return c
        return None


class Schema(_Named):
    owner: str | None = None
    comment: str | None = None
    tables: tuple[Table, ...] = ()
    sequences: tuple[Sequence, ...] = ()
    enums: tuple[Enum, ...] = ()
    domains: tuple[Domain, ...] = ()
    functions: tuple[Function, ...] = ()

    @model_validator(mode="after")
    def _sort_members(self) -> Schema:
        for attr in ("tables", "sequences", "enums", "domains"):
            object.__setattr__(self, attr, _sorted_by_name(getattr(self, attr)))
        funcs = self.functions
        keys = [f.signature for f in funcs]
        if keys != sorted(keys):
            object.__setattr__(self, "functions", tuple(sorted(funcs, key=lambda f: f.signature)))
        return self

    def get_table(self, name: str) -> Table | None:
        for t in self.tables:
            if t.name == name:
                return t
        return None


class Catalog(FrozenModel):
    """The structure of one database. `Catalog()` is the empty database."""

    database: str | None = None
    server_version: str | None = None
    schemas: tuple[Schema, ...] = ()
    extensions: tuple[Extension, ...] = ()

    @model_validator(mode="after")
    def _sort_members(self) -> Catalog:
        object.__setattr__(self, "schemas", _sorted_by_name(self.schemas))
        object.__setattr__(self, "extensions", _sorted_by_name(self.extensions))
        return self

    def get_schema(self, name: str) -> Schema | None:
        for s in self.schemas:
            if s.name == name:
                return s
        return None

    def get_table(self, schema: str, name: str) -> Table | None:
        s = self.get_schema(schema)
        return s.get_table(name) if s else None

    def iter_tables(self) -> Iterator[tuple[Schema, Table]]:
        for s in self.schemas:
            for t in s.tables:
                yield s, t

    @property
    def table_count(self) -> int:
        return sum(len(s.tables) for s in self.schemas)
