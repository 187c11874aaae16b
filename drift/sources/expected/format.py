"""The expected-schema file format: pydantic models of one YAML file, as a person writes it.

These models validate what the YAML reader produced (so a typo is an error with a line number, not
silence) and are the source of the published JSON Schema (`expected_schema/schema.json`). They are
deliberately not the catalog models: a file names objects by mapping keys, implies column positions
by order, has shorthands (`id: bigint not null`), and leaves out what can be implied. `build.py`
turns them into a `Catalog`; `render.py` does the reverse. The schema-level objects other than
tables are in format_objects.py.

Field names are the catalog model's (see drift/model/catalog.py) wherever the concept is the same.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, model_validator

from drift.sources.expected.format_base import Names, Spec
from drift.sources.expected.format_objects import (
    DomainSpec,
    EnumSpec,
    ExtensionSpec,
    FunctionSpec,
    SequenceSpec,
)
from drift.sources.expected.format_values import (
    Action,
    Command,
    Default,
    Enabled,
    Identity,
    Kind,
    Match,
    Storage,
    Text,
    TypeName,
)

UnexpectedPolicy = Literal["error", "warn", "ignore"]
"""What `drift check` does with a database object the expected schema does not mention."""

NOT_NULL_SUFFIX = " not null"
GRANT_OPTION_SUFFIX = " WITH GRANT OPTION"


class _Container(Spec):
    """A spec with collections: an empty YAML value (`tables:`) means an empty collection."""

    _collections: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _empty_collections(cls, data: Any) -> Any:
        if isinstance(data, dict) and None in data.values():
            return {k: v for k, v in data.items() if v is not None or k not in cls._collections}
        return data


def _shorthand(field: str) -> Any:
    """A before-validator: a scalar (or list) stands for the one field that matters most."""

    def expand(value: Any) -> Any:
        if value is None:
            return {}
        if isinstance(value, dict):
            return value
        return {field: value}

    return expand


def _column_shorthand(value: Any) -> Any:
    if isinstance(value, str):
        if value.lower().endswith(NOT_NULL_SUFFIX):
            return {"type": value[: -len(NOT_NULL_SUFFIX)].rstrip(), "nullable": False}
        return {"type": value}
    return {} if value is None else value


def _mapping_or_empty(value: Any) -> Any:
    return {} if value is None else value


class IdentityOptionsSpec(Spec):
    """An identity column's sequence options; those left out are the server's defaults for the
    column's type (bounds 1 to the type's maximum, start at the low bound, increment 1, cache 1)."""

    start: int | None = Field(
        default=None, description="START WITH (default: the low bound ascending, the high one descending)."
    )
    increment: int = 1
    min_value: int | None = Field(
        default=None, description="MINVALUE (default: 1 ascending, the type's minimum descending)."
    )
    max_value: int | None = Field(
        default=None, description="MAXVALUE (default: the type's maximum ascending, -1 descending)."
    )
    cache: int = 1
    cycle: bool = False


class ColumnSpec(Spec):
    """A column. Shorthand: `name: TYPE` or `name: TYPE not null`."""

    type: TypeName = Field(
        description="As PostgreSQL's format_type() prints it, e.g. 'character varying(255)'."
    )
    nullable: bool = True
    default: Default = Field(default=None, description="The default expression, as the server prints it.")
    identity: Identity | None = None
    identity_options: IdentityOptionsSpec | None = Field(
        default=None,
        description="The identity's sequence options, compared by `drift check` when given; only with `identity`.",
    )
    generated: Text | None = Field(default=None, description="Expression of a generated column.")
    generated_storage: Storage | None = Field(
        default=None,
        description="'virtual' for a VIRTUAL generated column (PostgreSQL 18+); "
        "a generated column is STORED by default. Only with `generated`.",
    )
    collation: str | None = Field(default=None, description="Only when not the type's default.")
    comment: Text | None = None
    position: int | None = Field(
        default=None,
        description="Column number; only needed after a dropped column (by default, the previous plus one).",
    )

    @model_validator(mode="after")
    def _options_need_their_kind(self) -> ColumnSpec:
        if self.generated_storage is not None and self.generated is None:
            raise ValueError("generated_storage is only for a generated column: add `generated: EXPRESSION`")
        if self.identity_options is not None and self.identity is None:
            raise ValueError(
                "identity_options is only for an identity column: add `identity: always` or `by default`"
            )
        return self


class PrimaryKeySpec(Spec):
    """Shorthand: `primary_key: [col, ...]` (named TABLE_pkey)."""

    name: str | None = Field(default=None, description="Default: TABLE_pkey.")
    columns: Names
    deferrable: bool = False
    initially_deferred: bool = False
    without_overlaps: bool = Field(
        default=False, description="true: the last column is WITHOUT OVERLAPS (PostgreSQL 18+, a GiST key)."
    )


class ForeignKeySpec(Spec):
    columns: Names
    ref_schema: str | None = Field(default=None, description="Default: the schema of this file.")
    ref_table: str
    ref_columns: Names
    on_delete: Action = "NO ACTION"
    on_update: Action = "NO ACTION"
    match: Match = "SIMPLE"
    deferrable: bool = False
    initially_deferred: bool = False
    validated: bool = True
    enforced: bool = Field(
        default=True, description="false for NOT ENFORCED (PostgreSQL 18+); such a key is never validated."
    )
    period: bool = Field(
        default=False, description="true: the last column on both sides is PERIOD (PostgreSQL 18+)."
    )


class UniqueSpec(Spec):
    """Shorthand: `name: [col, ...]`."""

    columns: Names
    nulls_not_distinct: bool = False
    deferrable: bool = False
    initially_deferred: bool = False
    without_overlaps: bool = Field(
        default=False, description="true: the last column is WITHOUT OVERLAPS (PostgreSQL 18+, a GiST key)."
    )


class CheckSpec(Spec):
    """Shorthand: `name: EXPRESSION`."""

    expression: Text = Field(description="The boolean expression, without the CHECK keyword.")
    validated: bool = True
    no_inherit: bool = False
    enforced: bool = Field(
        default=True, description="false for NOT ENFORCED (PostgreSQL 18+); such a check is never validated."
    )


class ExclusionSpec(Spec):
    """Shorthand: `name: EXCLUDE USING ...`."""

    definition: Text = Field(description="As pg_get_constraintdef() prints it: EXCLUDE USING ...")
    deferrable: bool = False
    initially_deferred: bool = False


class IndexSpec(Spec):
    """Shorthand: `name: [key, ...]`. The index behind a primary key or unique constraint is implied."""

    keys: Names = Field(
        description="Columns or expressions, e.g. 'email', 'lower(email)', 'created_at DESC'."
    )
    include: Names = ()
    method: str = "btree"
    unique: bool = False
    nulls_not_distinct: bool = False
    predicate: Text | None = Field(default=None, description="WHERE clause of a partial index.")
    constraint: str | None = Field(default=None, description="The constraint this index backs.")
    valid: bool = True
    ready: bool = True
    tablespace: str | None = None
    comment: Text | None = None


class TriggerSpec(Spec):
    """Shorthand: `name: CREATE TRIGGER ...`."""

    definition: Text = Field(description="As pg_get_triggerdef() prints it.")
    enabled: Enabled = "origin"


class PolicySpec(Spec):
    command: Command = "ALL"
    permissive: bool = True
    roles: Names = ("public",)
    using: Text | None = None
    with_check: Text | None = None


Column = Annotated[
    ColumnSpec,
    BeforeValidator(
        _column_shorthand,
        json_schema_input_type=ColumnSpec | Annotated[str, Field(description="TYPE or 'TYPE not null'")],
    ),
]
PrimaryKey = Annotated[
    PrimaryKeySpec, BeforeValidator(_shorthand("columns"), json_schema_input_type=PrimaryKeySpec | Names)
]
Unique = Annotated[
    UniqueSpec, BeforeValidator(_shorthand("columns"), json_schema_input_type=UniqueSpec | Names)
]
Check = Annotated[
    CheckSpec, BeforeValidator(_shorthand("expression"), json_schema_input_type=CheckSpec | Text)
]
Exclusion = Annotated[
    ExclusionSpec, BeforeValidator(_shorthand("definition"), json_schema_input_type=ExclusionSpec | Text)
]
IndexEntry = Annotated[
    IndexSpec, BeforeValidator(_shorthand("keys"), json_schema_input_type=IndexSpec | Names)
]
TriggerEntry = Annotated[
    TriggerSpec, BeforeValidator(_shorthand("definition"), json_schema_input_type=TriggerSpec | Text)
]
PolicyEntry = Annotated[
    PolicySpec, BeforeValidator(_mapping_or_empty, json_schema_input_type=PolicySpec | None)
]
Grants = Annotated[
    tuple[str, ...],
    Field(description="Privileges of one grantee: 'SELECT', or 'SELECT WITH GRANT OPTION'."),
]


class TableSpec(_Container):
    """A table, view or materialized view (the section it is in says which)."""

    _collections = frozenset(
        {
            "inherits",
            "columns",
            "foreign_keys",
            "unique_constraints",
            "check_constraints",
            "exclusion_constraints",
            "indexes",
            "triggers",
            "policies",
            "privileges",
            "column_privileges",
        }
    )

    kind: Kind | None = Field(
        default=None,
        description="Only for foreign tables: a table with partition_key is partitioned, "
        "the views sections hold views.",
    )
    owner: str | None = Field(default=None, description="Default: the file's table_owner.")
    comment: Text | None = None
    unlogged: bool = False
    partition_key: Text | None = Field(default=None, description="pg_get_partkeydef(), e.g. RANGE (day).")
    partition_of: str | None = Field(default=None, description="The parent as schema.table.")
    partition_bound: Text | None = Field(default=None, description="FOR VALUES ... or DEFAULT.")
    inherits: Names = Field(default=(), description="Inheritance parents as schema.table.")
    view_definition: Text | None = None
    options: Names | None = Field(
        default=None,
        description="Storage parameters / view options as name=value (fillfactor=70, "
        "security_barrier=true); compared only when given ([] means none).",
    )
    columns: dict[str, Column] = Field(default_factory=dict, description="In table order.")
    primary_key: PrimaryKey | None = None
    foreign_keys: dict[str, ForeignKeySpec] = Field(default_factory=dict)
    unique_constraints: dict[str, Unique] = Field(default_factory=dict)
    check_constraints: dict[str, Check] = Field(default_factory=dict)
    exclusion_constraints: dict[str, Exclusion] = Field(default_factory=dict)
    indexes: dict[str, IndexEntry] = Field(default_factory=dict)
    triggers: dict[str, TriggerEntry] = Field(default_factory=dict)
    rls_enabled: bool = False
    rls_forced: bool = False
    policies: dict[str, PolicyEntry] = Field(default_factory=dict)
    privileges: dict[str, Grants] = Field(
        default_factory=dict, description="grantee (or PUBLIC) -> privileges"
    )
    column_privileges: dict[str, dict[str, Grants]] = Field(
        default_factory=dict,
        description="Privileges on single columns: grantee (or PUBLIC) -> column -> privileges, "
        "e.g. `analyst: {email: [SELECT]}` for GRANT SELECT (email) ON ... TO analyst.",
    )
    extension: str | None = Field(default=None, description="The extension that owns this object.")


TableEntry = Annotated[TableSpec, BeforeValidator(_mapping_or_empty, json_schema_input_type=TableSpec | None)]
SequenceEntry = Annotated[
    SequenceSpec, BeforeValidator(_mapping_or_empty, json_schema_input_type=SequenceSpec | None)
]
EnumEntry = Annotated[
    EnumSpec, BeforeValidator(_shorthand("labels"), json_schema_input_type=EnumSpec | Names)
]
DomainEntry = Annotated[
    DomainSpec, BeforeValidator(_mapping_or_empty, json_schema_input_type=DomainSpec | None)
]
FunctionEntry = Annotated[
    FunctionSpec, BeforeValidator(_mapping_or_empty, json_schema_input_type=FunctionSpec | None)
]
ExtensionEntry = Annotated[
    ExtensionSpec, BeforeValidator(_mapping_or_empty, json_schema_input_type=ExtensionSpec | None)
]


class SchemaFile(_Container):
    """One file describing (part of) one schema: `expected_schema/<schema>.yaml`."""

    _collections = frozenset(
        {"tables", "views", "materialized_views", "sequences", "enums", "domains", "functions"}
    )

    schema_name: str = Field(alias="schema", description="The schema this file describes.")
    unexpected: UnexpectedPolicy | None = Field(
        default=None,
        description="What to do with objects of this schema the files do not mention: error, warn or "
        "ignore (default: the database file's policy).",
    )
    owner: str | None = Field(default=None, description="The schema's owner.")
    table_owner: str | None = Field(
        default=None, description="Owner of the tables and views of this file that do not name one."
    )
    comment: Text | None = None
    tables: dict[str, TableEntry] = Field(default_factory=dict)
    views: dict[str, TableEntry] = Field(default_factory=dict)
    materialized_views: dict[str, TableEntry] = Field(default_factory=dict)
    sequences: dict[str, SequenceEntry] = Field(default_factory=dict)
    enums: dict[str, EnumEntry] = Field(default_factory=dict)
    domains: dict[str, DomainEntry] = Field(default_factory=dict)
    functions: dict[str, FunctionEntry] = Field(
        default_factory=dict, description="Keyed by NAME(IDENTITY ARGUMENTS), e.g. 'touch()'."
    )


class DatabaseFile(_Container):
    """The database-wide file (by convention `_database.yaml`): a file without a `schema:` key."""

    _collections = frozenset({"extensions"})

    unexpected: UnexpectedPolicy | None = Field(
        default=None,
        description="What to do with objects no file mentions: in schemas whose file states no "
        "policy, in schemas no file describes, and extensions (default: warn).",
    )
    extensions: dict[str, ExtensionEntry] = Field(default_factory=dict)


SCHEMA_ONLY_KEYS = (frozenset(SchemaFile.model_fields) | {"schema"}) - {"unexpected", "schema_name"}
