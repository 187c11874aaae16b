"""The schema-level objects of the catalog model besides tables (sequences, enums, domains,
functions, extensions), and the named base every catalog object shares. `drift.model.catalog`
re-exports them; see its docstring for the conventions."""

from __future__ import annotations

from typing import Literal, TypeVar

from pydantic import Field

from drift.model.base import FrozenModel

FunctionKind = Literal["function", "procedure", "aggregate", "window"]
Volatility = Literal["immutable", "stable", "volatile"]
Parallel = Literal["unsafe", "restricted", "safe"]

_N = TypeVar("_N", bound="_Named")


def _sorted_by_name(items: tuple[_N, ...]) -> tuple[_N, ...]:
    names = [i.name for i in items]
    if names == sorted(names):
        return items
    return tuple(sorted(items, key=lambda i: i.name))


class _Named(FrozenModel):
    name: str


class Sequence(_Named):
    data_type: str = "bigint"
    start: int = 1
    increment: int = 1
    min_value: int | None = None
    max_value: int | None = None
    cache: int = 1
    cycle: bool = False
    owned_by: str | None = Field(default=None, description="The owning column as table.column (same schema).")
    comment: str | None = None
    extension: str | None = None


# The bounds a sequence of each type has when its options do not say (ascending: 1 up to the
# maximum; descending: the minimum up to -1).
SEQUENCE_TYPE_RANGE: dict[str, tuple[int, int]] = {
    "smallint": (-32768, 32767),
    "integer": (-2147483648, 2147483647),
    "bigint": (-9223372036854775808, 9223372036854775807),
}


class Enum(_Named):
    labels: tuple[str, ...]
    comment: str | None = None
    extension: str | None = None


class Domain(_Named):
    base_type: str
    nullable: bool = True
    default: str | None = None
    checks: tuple[str, ...] = Field(
        default=(), description="CHECK expressions (without the CHECK keyword), sorted."
    )
    collation: str | None = None
    comment: str | None = None
    extension: str | None = None


class Function(_Named):
    """A function or procedure; identified by name plus identity arguments (overloads differ)."""

    arguments: str = Field(default="", description="pg_get_function_identity_arguments()")
    kind: FunctionKind = "function"
    returns: str | None = Field(default=None, description="pg_get_function_result()")
    language: str = "sql"
    volatility: Volatility = "volatile"
    security_definer: bool = False
    strict: bool = Field(default=False, description="STRICT (RETURNS NULL ON NULL INPUT): proisstrict.")
    parallel: Parallel = Field(
        default="unsafe", description="PARALLEL UNSAFE / RESTRICTED / SAFE: proparallel."
    )
    config: tuple[str, ...] = Field(
        default=(),
        description="SET clauses (proconfig) as name=value, e.g. 'search_path=pg_catalog, pg_temp', in the "
        "server's order: what a SECURITY DEFINER function needs to be safe.",
    )
    definition: str = Field(default="", description="The body (prosrc) as stored.")
    comment: str | None = None
    extension: str | None = None

    @property
    def signature(self) -> str:
        return f"{self.name}({self.arguments})"


class Extension(_Named):
    version: str | None = None
    schema_name: str = "public"
