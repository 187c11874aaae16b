"""One SQL script that brings the database to the expected state, ordered and annotated with hazards.

The differ gives each finding its own fix; this module turns them into one script that runs top to
bottom with `psql -v ON_ERROR_STOP=1 -f` (autocommit; the script opens its own transaction):

1. `ALTER TYPE ... ADD VALUE`, each committed on its own (a new enum label cannot be used in the
   transaction that added it);
2. one transaction with the rest of the structure: drops, most dependent first (policies, triggers,
   views, foreign keys, other constraints, indexes, columns, then tables); creates, least dependent
   first (schemas, types, sequences, functions, tables, columns, constraints); then changes (keys
   before columns, a column's type before its other attributes); then the drops of sequences,
   functions, types and schemas that a column or default used until a change let go of them; then
   grants and comments, on objects a change may have dropped and recreated. Several
   unexpected tables are dropped in one statement, so foreign keys among them cannot block the drop;
3. `CREATE INDEX CONCURRENTLY` / `DROP INDEX CONCURRENTLY`, which cannot run in a transaction block;
4. constraints that need step 3 or step 2 done: `ADD PRIMARY KEY/UNIQUE ... USING INDEX` on the
   indexes just built, then foreign keys (`NOT VALID` on existing tables: a brief lock), whose
   referenced tables and keys all exist by now;
5. `VALIDATE CONSTRAINT`: the scan runs under a lock that lets reads and writes go on.

`SET lock_timeout` makes each DDL statement give up instead of queueing every query behind it; it is
reset for steps 3 and 5, whose waits block nobody. Every statement carries its hazards. A finding
whose fix loses data (a dropped table or column) is commented out as a whole unless the user asks
for it. drift never executes this script.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from drift.diff.quoting import qualified, quote_ident
from drift.fix_hazards import Phase, hazards_of, is_destructive, is_foreign_key_add, phase_of
from drift.model import Finding
from drift.sqlsplit import split_statements

__all__ = ["Statement", "fix_script", "hazards_of", "ordered_statements", "split_sql"]

_DROP_ORDER = [
    "policy",
    "privilege",
    "trigger",
    "view",
    "materialized_view",
    "foreign_key",
    "check",
    "exclusion",
    "unique",
    "primary_key",
    "index",
    "column",
    "table",
    "sequence",
    "function",
    "domain",
    "enum",
    "schema",
    "extension",
]
_CREATE_ORDER = [
    "extension",
    "schema",
    "enum",
    "domain",
    "sequence",
    "function",
    "table",
    "column",
    "primary_key",
    "unique",
    "check",
    "exclusion",
    "foreign_key",
    "index",
    "view",
    "materialized_view",
    "trigger",
    "policy",
    "privilege",
    "comment",
]
_PHASES: tuple[Phase, ...] = ("enum_values", "transaction", "concurrent", "constraints", "validate")
_DROP_RELATION = re.compile(r"^DROP\s+(TABLE|VIEW|MATERIALIZED\s+VIEW)\s+(?!IF\b)(\S+)$", re.I)


@dataclass(frozen=True)
class Statement:
    sql: str
    hazards: tuple[str, ...]
    phase: Phase
    finding: int  # index of the finding it came from (in ordered findings)
    commented: bool = False  # part of a data-losing fix left out without --allow-destructive

    @property
    def destructive(self) -> bool:
        return is_destructive(self.hazards)

    @property
    def transactional(self) -> bool:
        return self.phase == "transaction"


def split_sql(text: str) -> list[str]:
    """Statements of a fix, each ending in `;` (psql's rules: quotes, dollar quotes, comments)."""
    out = []
    for stmt in split_statements(text):
        sql = stmt.text.strip()
        out.append(sql if sql.endswith(";") else sql + ";")
    return out


# Changes run in create order too, except that a primary key or unique constraint changes before
# the columns: moving a key off a column drops it before the column may drop NOT NULL.
_CHANGE_ORDER = [kind for kind in _CREATE_ORDER if kind not in ("primary_key", "unique")]
_CHANGE_ORDER.insert(_CHANGE_ORDER.index("column"), "primary_key")
_CHANGE_ORDER.insert(_CHANGE_ORDER.index("column"), "unique")
# Of one object's changes, these first: a column's new type before its new default (which the
# server would cast to the old type) and before its other attributes.
_FIRST_RULES = ("column.type", "column.collation")


# Dropped after the changes: what columns, defaults and views may still use until a change
# (a column's new type, a dropped default) lets go of it.
_LATE_DROPS = frozenset({"sequence", "function", "domain", "enum", "schema", "extension"})
# Created after the changes: grants and comments on objects a change may drop and recreate.
_LATE_CREATES = frozenset({"privilege", "comment"})


def _rank(f: Finding) -> tuple[int, int]:
    """(group, rank): drops, creates, changes, late drops, late creates; each group in its order."""
    kind = f.object_type
    if f.change == "unexpected":
        return (
            3 if kind in _LATE_DROPS else 0,
            _DROP_ORDER.index(kind) if kind in _DROP_ORDER else len(_DROP_ORDER),
        )
    order = _CREATE_ORDER if f.change == "missing" else _CHANGE_ORDER
    rank = order.index(kind) if kind in order else len(order)
    if f.change == "missing":
        return (4 if kind in _LATE_CREATES else 1, rank)
    return (2, rank)


def ordered_statements(findings: Iterable[Finding], *, allow_destructive: bool = False) -> list[Statement]:
    """Every fix statement, in the order the script runs them."""
    fixes = sorted(
        (f for f in findings if f.fix), key=lambda f: (_rank(f), f.path, f.rule not in _FIRST_RULES, f.rule)
    )
    fixes = _created_after_what_they_use(fixes)
    statements: list[Statement] = []
    seen: set[str] = set()
    for index, f in enumerate(fixes):
        assert f.fix is not None
        parts = [s for s in split_sql(f.fix) if s not in seen]
        seen.update(parts)
        made = [Statement(s, hazards_of(s), phase_of(s), index) for s in parts]
        # A fix is all or nothing: if part of it loses data, leave all of it out.
        if not allow_destructive and any(s.destructive for s in made):
            made = [Statement(s.sql, s.hazards, s.phase, s.finding, commented=True) for s in made]
        statements += made
    statements = _merge_relation_drops(statements)
    by_phase = {p: [s for s in statements if s.phase == p] for p in _PHASES}
    # Primary keys and unique constraints before the foreign keys that may reference them.
    by_phase["constraints"].sort(key=lambda s: is_foreign_key_add(s.sql))
    return [s for p in _PHASES for s in by_phase[p]]


# Missing objects whose fix may use another missing object of the same group: a view reads
# another view or a materialized view; a schema's tables use another schema's types and functions.
_USES_OTHERS = {"view": "views", "materialized_view": "views", "schema": "schemas"}


def _created_after_what_they_use(fixes: list[Finding]) -> list[Finding]:
    """`fixes` with the missing views (and materialized views) and the missing schemas each put
    after the others of their group that their SQL names (a stable topological order; a cycle
    keeps the given order)."""
    out = list(fixes)
    for group in set(_USES_OTHERS.values()):
        members = [
            i for i, f in enumerate(out) if f.change == "missing" and _USES_OTHERS.get(f.object_type) == group
        ]
        if len(members) < 2:
            continue
        chosen = [out[i] for i in members]
        patterns = [_mention(f) for f in chosen]
        uses = [
            {j for j, pattern in enumerate(patterns) if j != i and pattern.search(f.fix or "")}
            for i, f in enumerate(chosen)
        ]
        ordered: list[int] = []
        placed: set[int] = set()
        while len(ordered) < len(chosen):
            ready = [i for i in range(len(chosen)) if i not in placed and uses[i] <= placed]
            if not ready:  # a cycle (or a name that only looks like one): keep the given order
                ready = [next(i for i in range(len(chosen)) if i not in placed)]
            ordered.append(ready[0])
            placed.add(ready[0])
        for slot, i in zip(members, ordered, strict=True):
            out[slot] = chosen[i]
    return out


def _mention(f: Finding) -> re.Pattern[str]:
    """How other SQL names the object `f` creates: `schema.` for a schema; for a view
    `schema.name`, or the bare name in public (the server prints names on its search path bare)."""
    if f.object_type == "schema":
        return re.compile(rf"(?<![\w\".]){re.escape(quote_ident(f.path[0]))}\.")
    schema, name = f.path[0], f.path[-1]
    names = [re.escape(qualified(schema, name))]
    if schema == "public":
        names.append(rf"(?<![\w\".]){re.escape(quote_ident(name))}(?![\w\"])")
    return re.compile("|".join(names))


def _merge_relation_drops(statements: list[Statement]) -> list[Statement]:
    """`DROP TABLE a; DROP TABLE b;` -> `DROP TABLE a, b;` (same for views), so that foreign keys or
    views among the dropped relations cannot make one drop fail; kept where the first one was."""
    groups: dict[tuple[str, bool], list[int]] = {}
    for i, s in enumerate(statements):
        m = _DROP_RELATION.match(s.sql.rstrip(";").strip())
        if m:
            groups.setdefault((" ".join(m.group(1).upper().split()), s.commented), []).append(i)
    replace: dict[int, Statement | None] = {}
    for (kind, _commented), indexes in groups.items():
        if len(indexes) < 2:
            continue
        names = [
            m.group(2)
            for i in indexes
            if (m := _DROP_RELATION.match(statements[i].sql.rstrip(";").strip())) is not None
        ]
        first = statements[indexes[0]]
        sql = f"DROP {kind} {', '.join(names)};"
        replace[indexes[0]] = Statement(sql, hazards_of(sql), first.phase, first.finding, first.commented)
        for i in indexes[1:]:
            replace[i] = None
    out: list[Statement] = []
    for i, s in enumerate(statements):
        if i in replace:
            merged = replace[i]
            if merged is not None:
                out.append(merged)
        else:
            out.append(s)
    return out


_HEADINGS: dict[Phase, list[str]] = {
    "enum_values": [
        "new enum labels. Each commits on its own: PostgreSQL cannot use a label",
        "in the transaction that added it.",
    ],
    "transaction": ["structure changes, all or nothing."],
    "concurrent": [
        "indexes, built and dropped without blocking writes (no lock_timeout: waiting here",
        "blocks nobody). If a build fails it leaves an INVALID index: drop it and rerun.",
    ],
    "constraints": [
        "constraints on the indexes built above and their comments, then foreign keys (added NOT",
        "VALID where the table has rows: a brief lock on both tables). Each commits on its own.",
    ],
    "validate": ["validate the constraints added NOT VALID; the scan lets reads and writes go on."],
}


def fix_script(
    findings: Iterable[Finding],
    *,
    allow_destructive: bool = False,
    lock_timeout: str = "2s",
) -> str:
    """The whole script (see the module docstring for its steps)."""
    statements = ordered_statements(findings, allow_destructive=allow_destructive)
    commented = sum(1 for s in statements if s.commented)
    lines = [
        "-- drift fix script: brings the database to the expected state.",
        "-- Review it before running it; drift never runs it. Every statement is preceded by its hazards.",
        "-- Run it with: psql -v ON_ERROR_STOP=1 -f <this file>",
    ]
    if commented:
        lines.append(
            f"-- {commented} statement(s) that lose data are commented out; "
            "rerun with --allow-destructive to include them."
        )
    # Function bodies are checked when they run, not when the script creates them (as pg_dump does):
    # a SQL function may read a table created further down.
    lines += [f"SET lock_timeout = '{lock_timeout}';", "SET check_function_bodies = off;", ""]
    if not statements:
        lines.append("-- Nothing to fix.")
        return "\n".join(lines) + "\n"
    timeout_on = True
    step = 0
    for phase in _PHASES:
        chosen = [s for s in statements if s.phase == phase]
        if not chosen:
            continue
        step += 1
        first, *rest = _HEADINGS[phase]
        lines += [f"-- Step {step}: {first}", *(f"-- {line}" for line in rest)]
        # Steps 3 and 5 wait without blocking anyone; the others must not queue behind a long query.
        wanted = phase not in ("concurrent", "validate")
        if wanted != timeout_on:
            lines.append(f"SET lock_timeout = '{lock_timeout}';" if wanted else "RESET lock_timeout;")
            timeout_on = wanted
        if phase == "transaction":
            lines.append("BEGIN;")
        lines.append("")
        lines += _render(chosen)
        if phase == "transaction":
            lines += ["COMMIT;", ""]
    return "\n".join(lines) + "\n"


def _render(statements: list[Statement]) -> list[str]:
    lines: list[str] = []
    for s in statements:
        lines += [f"-- hazard: {hazard}" for hazard in s.hazards]
        if s.commented:
            lines.append("-- left out: this fix loses data; rerun with --allow-destructive to include it")
            lines += ["-- " + line for line in s.sql.splitlines()]
        else:
            lines.append(s.sql)
        lines.append("")
    return lines
