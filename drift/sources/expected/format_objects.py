"""Expected-schema file models of the schema-level objects other than tables: sequences, enums,
domains, functions and extensions (the tables and the files themselves are in format.py)."""

from __future__ import annotations

from pydantic import Field

from drift.sources.expected.format_base import Names, Spec
from drift.sources.expected.format_values import (
    Default,
    OwnerColumn,
    ParallelSafety,
    RoutineKind,
    Text,
    TypeName,
    Volatile,
)


class SequenceSpec(Spec):
    data_type: str = "bigint"
    start: int = 1
    increment: int = 1
    min_value: int | None = None
    max_value: int | None = None
    cache: int = 1
    cycle: bool = False
    owned_by: OwnerColumn = Field(default=None, description="The owning column as table.column.")
    comment: Text | None = None
    extension: str | None = None


class EnumSpec(Spec):
    """Shorthand: `name: [label, ...]`."""

    labels: Names
    comment: Text | None = None
    extension: str | None = None


class DomainSpec(Spec):
    base_type: TypeName
    nullable: bool = True
    default: Default = None
    checks: tuple[Text, ...] = Field(default=(), description="CHECK expressions, without the keyword.")
    collation: str | None = None
    comment: Text | None = None
    extension: str | None = None


class FunctionSpec(Spec):
    """A function or procedure, keyed by NAME(IDENTITY ARGUMENTS), e.g. `add(a integer, b integer)`."""

    kind: RoutineKind = "function"
    returns: str | None = Field(default=None, description="pg_get_function_result()")
    language: str = "sql"
    volatility: Volatile = "volatile"
    security_definer: bool = False
    strict: bool = False
    parallel: ParallelSafety = "unsafe"
    config: Names = Field(
        default=(),
        description="SET clauses as name=value, e.g. [search_path=pg_catalog], in the server's order.",
    )
    definition: Text = Field(default="", description="The body as stored.")
    comment: Text | None = None
    extension: str | None = None


class ExtensionSpec(Spec):
    version: Text | None = None
    schema_name: str = Field(default="public", alias="schema")
