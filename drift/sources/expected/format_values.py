"""Value types of the expected-schema format: what a single value in a file may be.

Why this exists: format.py describes the shape of a file; these are the rules for one value that
catch what people get wrong by hand (a bare name as a default, a column definition as a type, a key
word in lower case) with a message saying how to write it.
"""

from __future__ import annotations

import re
import typing
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

from drift.model.catalog import (
    FkAction,
    FkMatch,
    GeneratedStorage,
    IdentityKind,
    PolicyCommand,
    TableKind,
    TriggerEnabled,
)
from drift.model.schema_objects import FunctionKind, Parallel, Volatility

# A free-text value (expression, comment, version). The YAML reader hands every scalar over as the
# text that was written, so `default: 0` is the string "0"; the JSON Schema says so to editors, which
# would otherwise flag `default: 0` as "number, expected string".
Text = Annotated[str, WithJsonSchema({"type": ["string", "number", "boolean"]})]


def _any_case(choices: Any) -> BeforeValidator:
    """Accept a keyword in any case and spacing (`cascade`, `Set  Null`, `ALWAYS`)."""
    by_key = {" ".join(c.lower().split()): c for c in typing.get_args(choices)}

    def canonical(value: Any) -> Any:
        return by_key.get(" ".join(value.lower().split()), value) if isinstance(value, str) else value

    return BeforeValidator(canonical)


Action = Annotated[FkAction, _any_case(FkAction)]
Match = Annotated[FkMatch, _any_case(FkMatch)]
Identity = Annotated[IdentityKind, _any_case(IdentityKind)]
Storage = Annotated[GeneratedStorage, _any_case(GeneratedStorage)]
Command = Annotated[PolicyCommand, _any_case(PolicyCommand)]
Enabled = Annotated[TriggerEnabled, _any_case(TriggerEnabled)]
Kind = Annotated[TableKind, _any_case(TableKind)]
RoutineKind = Annotated[FunctionKind, _any_case(FunctionKind)]
Volatile = Annotated[Volatility, _any_case(Volatility)]
ParallelSafety = Annotated[Parallel, _any_case(Parallel)]

# Words of a column definition that are not part of a type name (the server quotes a type so named).
_CLAUSE_WORDS = frozenset(
    {"not", "null", "default", "primary", "references", "unique", "check", "constraint", "collate"}
)
_BARE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")
# Key words a default may be without parentheses; any other bare name would be a column reference.
_VALUE_WORDS = frozenset(
    {
        "current_timestamp", "current_date", "current_time", "localtime", "localtimestamp", "current_user",
        "current_role", "session_user", "system_user", "user", "current_catalog", "current_schema",
        "true", "false", "null",
    }
)  # fmt: skip


def _check_type(value: str) -> str:
    words = re.sub(r'"(?:[^"]|"")*"', " ", value).lower().split()
    clause = next((w for w in words if w in _CLAUSE_WORDS), None)
    if clause is not None and value.lower().rstrip() != clause:
        raise ValueError(
            f"{value!r} is not a type: write a column as TYPE, 'TYPE not null' or "
            "{type: TYPE, nullable: false, default: EXPRESSION}; keys, uniques and checks have sections of "
            "their own, a collation the key 'collation'"
        )
    return value


def _check_default(value: str | None) -> str | None:
    if value is not None and _BARE_NAME.fullmatch(value) and value.lower() not in _VALUE_WORDS:
        raise ValueError(
            f"{value!r} is a name, and a default cannot refer to a column; for the text {value!r}, "
            f"write the SQL literal in quotes: default: \"'{value}'\""
        )
    if value is not None and value.startswith("{") and value.endswith("}"):
        raise ValueError(
            f"{value!r} is not SQL (YAML took the quotes off '{value}'); write the array literal in "
            f"quotes: default: \"'{value}'\""
        )
    return value


def _check_owner(value: str | None) -> str | None:
    if value is not None and "." not in value:
        raise ValueError(f"expected TABLE.COLUMN, got {value!r}")
    return value


TypeName = Annotated[str, AfterValidator(_check_type)]
Default = Annotated[Text | None, AfterValidator(_check_default)]
OwnerColumn = Annotated[str | None, AfterValidator(_check_owner)]
