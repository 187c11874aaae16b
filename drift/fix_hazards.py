"""What one fix statement costs on a busy production database, and where in the script it must run.

Rules are regular expressions over the statement text (the differ writes its SQL in a regular
shape). Lock names follow the "ALTER TABLE" and "Explicit Locking" chapters of the PostgreSQL
documentation. Every statement gets at least one hazard line, so a reviewer can tell "nothing to
fear" from "nobody looked".
"""

from __future__ import annotations

import re
from typing import Literal

Phase = Literal["enum_values", "transaction", "concurrent", "constraints", "validate"]

DELETES_DATA = "deletes data"
NO_HAZARD = "none known (creates a new object or changes metadata only)"

_I = re.I | re.S
# A name as the differ writes it: plain, or in double quotes (which may hold spaces and "").
_NAME = r'(?:"(?:[^"]|"")*"|[^\s"]+)'
_CONSTRAINT = rf"(CONSTRAINT\s+{_NAME}\s+)?"
_ADD_FK = re.compile(rf"^ALTER\s+TABLE\b.*\bADD\s+{_CONSTRAINT}FOREIGN\s+KEY\b", _I)
_ADD_CHECK = re.compile(rf"^ALTER\s+TABLE\b.*\bADD\s+{_CONSTRAINT}CHECK\b", _I)
_ADD_INDEXED = re.compile(rf"^ALTER\s+TABLE\b.*\bADD\s+{_CONSTRAINT}(PRIMARY\s+KEY|UNIQUE|EXCLUDE)\b", _I)
_USING_INDEX = re.compile(r"\bUSING\s+INDEX\b", _I)
_NOT_VALID = re.compile(r"\bNOT\s+VALID\s*;?\s*$", _I)
_VOLATILE_DEFAULT = re.compile(
    r"\bDEFAULT\b.*\b(nextval|random|clock_timestamp|gen_random_uuid|uuid_generate_v\d\w*|timeofday)\s*\(",
    _I,
)
_CONCURRENT = re.compile(r"^(CREATE\s+(UNIQUE\s+)?INDEX|DROP\s+INDEX|REINDEX\b.*)\s+CONCURRENTLY\b", _I)
_ADD_VALUE = re.compile(r"^ALTER\s+TYPE\b.*\bADD\s+VALUE\b", _I)
_COMMENT_ON_INDEX = re.compile(r"^COMMENT\s+ON\s+INDEX\b", _I)
_VALIDATE = re.compile(r"^ALTER\s+TABLE\b.*\bVALIDATE\s+CONSTRAINT\b", _I)

# (pattern, hazards). All matching rules contribute, in this order, without repeats.
_RULES: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (
        re.compile(r"^DROP\s+(TABLE|MATERIALIZED\s+VIEW|FOREIGN\s+TABLE)\b", _I),
        (DELETES_DATA, "takes ACCESS EXCLUSIVE lock"),
    ),
    (re.compile(r"^DROP\s+SCHEMA\b.*\bCASCADE\b", _I), (DELETES_DATA, "drops every object in the schema")),
    (re.compile(r"^DROP\s+SCHEMA\b", _I), (DELETES_DATA,)),
    (re.compile(r"^TRUNCATE\b", _I), (DELETES_DATA,)),
    (re.compile(r"\bDROP\s+COLUMN\b", _I), (DELETES_DATA, "takes ACCESS EXCLUSIVE lock")),
    (
        re.compile(rf"\bALTER\s+COLUMN\s+{_NAME}\s+(SET\s+DATA\s+)?TYPE\b", _I),
        ("rewrites table", "takes ACCESS EXCLUSIVE lock", "fails if existing values do not convert"),
    ),
    (
        re.compile(r"\bSET\s+NOT\s+NULL\b", _I),
        ("scans table", "takes ACCESS EXCLUSIVE lock", "fails if NULLs exist"),
    ),
    # a VIRTUAL generated column (PostgreSQL 18) is computed on read: adding one writes no rows
    (
        re.compile(r"\bADD\s+COLUMN\b.*\bGENERATED\s+ALWAYS\s+AS\s*\((?!.*\)\s*VIRTUAL\b)", _I),
        ("rewrites table",),
    ),
    (
        _VALIDATE,
        (
            "scans table",
            "takes SHARE UPDATE EXCLUSIVE lock (reads and writes go on)",
            "fails if rows violate it",
        ),
    ),
    (re.compile(r"^CREATE\s+UNIQUE\s+INDEX\b", _I), ("fails if duplicates exist",)),
    (
        re.compile(r"^CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\b", _I),
        ("builds index", "cannot run inside a transaction block", "leaves an INVALID index if it fails"),
    ),
    (
        re.compile(r"^CREATE\s+(UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY)", _I),
        ("builds index", "blocks writes (SHARE lock)"),
    ),
    (re.compile(r"^DROP\s+INDEX\s+CONCURRENTLY\b", _I), ("cannot run inside a transaction block",)),
    (re.compile(r"^DROP\s+INDEX\s+(?!CONCURRENTLY)", _I), ("takes ACCESS EXCLUSIVE lock",)),
    (re.compile(r"^ALTER\s+INDEX\b", _I), ("takes ACCESS EXCLUSIVE lock (brief)",)),
    (re.compile(r"^DROP\s+SEQUENCE\b", _I), ("loses the sequence's position",)),
    (
        re.compile(r"^ALTER\s+(SEQUENCE|TABLE)\b.*\bRESTART\s*;?$", _I),
        ("moves the sequence's position to its START (new rows may collide with existing keys)",),
    ),
    (re.compile(r"^DROP\s+(FUNCTION|PROCEDURE)\b", _I), ("breaks code that calls it",)),
    (re.compile(r"^DROP\s+EXTENSION\b", _I), ("drops the extension's objects",)),
    (
        re.compile(
            r"^(CREATE|DROP|ALTER)\s+TRIGGER\b|\b(ENABLE|DISABLE)\s+(REPLICA\s+|ALWAYS\s+)?TRIGGER\b", _I
        ),
        ("changes what happens on writes", "takes SHARE ROW EXCLUSIVE lock"),
    ),
    (
        re.compile(r"^(CREATE|DROP|ALTER)\s+POLICY\b|\bROW\s+LEVEL\s+SECURITY\b", _I),
        ("changes which rows each role can see or write",),
    ),
    (re.compile(r"^REVOKE\b", _I), ("removes access the application may rely on",)),
    (
        _ADD_VALUE,
        (
            "cannot run inside a transaction block before PostgreSQL 12",
            "the new label is usable only after commit",
        ),
    ),
]


def phase_of(sql: str) -> Phase:
    """Where the statement runs: before the transaction, in it, or after it (one by one)."""
    text = sql.strip()
    if _ADD_VALUE.match(text):
        return "enum_values"
    if _CONCURRENT.match(text):
        return "concurrent"
    if _VALIDATE.match(text):
        return "validate"
    if _ADD_FK.match(text) or (_ADD_INDEXED.match(text) and _USING_INDEX.search(text)):
        return "constraints"
    if _COMMENT_ON_INDEX.match(text):  # the index may be one the concurrent step builds
        return "constraints"
    return "transaction"


def is_foreign_key_add(sql: str) -> bool:
    return bool(_ADD_FK.match(sql.strip()))


def hazards_of(sql: str) -> tuple[str, ...]:
    """The hazards of one statement, most serious first; never empty."""
    text = sql.strip()
    found: list[str] = []

    def add(*items: str) -> None:
        found.extend(h for h in items if h not in found)

    for pattern, hazards in _RULES:
        if pattern.search(text):
            add(*hazards)
    if _ADD_FK.match(text):
        if _NOT_VALID.search(text):
            add("takes SHARE ROW EXCLUSIVE lock on both tables (brief)")
        else:
            add("scans table", "takes SHARE ROW EXCLUSIVE lock on both tables", "fails if rows violate it")
    elif _ADD_CHECK.match(text):
        if _NOT_VALID.search(text):
            add("takes ACCESS EXCLUSIVE lock (brief)")
        else:
            add("scans table", "takes ACCESS EXCLUSIVE lock", "fails if rows violate it")
    elif _ADD_INDEXED.match(text) and not _USING_INDEX.search(text):
        add("builds index", "takes ACCESS EXCLUSIVE lock (blocks reads and writes while it builds)")
    if re.match(r"^ALTER\s+TABLE\b.*\bADD\s+COLUMN\b", text, _I) and _VOLATILE_DEFAULT.search(text):
        add("rewrites table")
    if re.match(r"^ALTER\s+(TABLE|VIEW|MATERIALIZED\s+VIEW)\b", text, _I) and not any(
        "lock" in h for h in found
    ):
        add("takes ACCESS EXCLUSIVE lock (brief)")
    return tuple(found) or (NO_HAZARD,)


def is_destructive(hazards: tuple[str, ...]) -> bool:
    return DELETES_DATA in hazards
