"""Triggers: present or not, their definition (as pg_get_triggerdef prints it) and enabled state.

A partition's clones of its parent's triggers are compared on the parent only.
"""

from __future__ import annotations

from drift.diff import ddl
from drift.diff.compare.partitions import inherited_filter
from drift.diff.context import DiffContext
from drift.diff.matching import TablePair, match_by_key, same_all
from drift.diff.normalize import canonical_trigger
from drift.diff.quoting import quote_ident
from drift.diff.registry import table_comparator
from drift.model import Finding, Table, Trigger

_ENABLED = {
    "origin": "enabled",
    "disabled": "disabled",
    "replica": "enabled for replication sessions only (ENABLE REPLICA)",
    "always": "enabled always, also during replication (ENABLE ALWAYS)",
}


def _by_name(t: Table) -> tuple[Trigger, ...]:
    return t.triggers


@table_comparator
def compare_triggers(ctx: DiffContext, pair: TablePair) -> list[Finding]:
    if same_all(pair.expected.triggers, pair.actual.triggers):
        return []
    exp = inherited_filter(ctx, pair, "expected", pair.expected.triggers, lambda x: x.name, _by_name)
    act = inherited_filter(ctx, pair, "actual", pair.actual.triggers, lambda x: x.name, _by_name)
    matched = match_by_key(exp, act, lambda x: x.name)
    s, t = pair.path
    out: list[Finding] = []
    for trg in matched.missing:
        stmts = [ddl.create_trigger(trg.definition)]
        if trg.enabled != "origin":
            action = ddl.TRIGGER_ENABLE_ACTION[trg.enabled]
            stmts.append(ddl.alter_table(s, t, f"{action} {quote_ident(trg.name)}"))
        out.append(
            ctx.missing(
                "trigger",
                pair.member_path(trg.name),
                expected=trg.definition,
                message=f"Trigger {trg.name} on {s}.{t} is missing from the database.",
                fix=ddl.script(stmts),
            )
        )
    for trg in matched.unexpected:
        found = ctx.unexpected_(
            "trigger",
            pair.member_path(trg.name),
            schema=s,
            actual=trg.definition,
            message=f"Trigger {trg.name} on {s}.{t} exists in the database but is not declared.",
            fix=ddl.script([ddl.drop_trigger(s, t, trg.name)]),
        )
        if found:
            out.append(found)
    for e, a in matched.common:
        if canonical_trigger(e.definition, s, pair.expected_types) != canonical_trigger(
            a.definition, s, pair.actual_types
        ):
            out.append(
                ctx.changed(
                    "trigger",
                    "definition",
                    pair.member_path(e.name),
                    expected=e.definition,
                    actual=a.definition,
                    message=f"Trigger {e.name} on {s}.{t} is defined as {a.definition}; "
                    f"expected {e.definition}.",
                    fix=ddl.script([ddl.drop_trigger(s, t, a.name), ddl.create_trigger(e.definition)]),
                )
            )
        elif e.enabled != a.enabled:
            action = ddl.TRIGGER_ENABLE_ACTION[e.enabled]
            out.append(
                ctx.changed(
                    "trigger",
                    "enabled",
                    pair.member_path(e.name),
                    expected=e.enabled,
                    actual=a.enabled,
                    message=f"Trigger {e.name} on {s}.{t} is {_ENABLED[a.enabled]}; "
                    f"expected {_ENABLED[e.enabled]}.",
                    fix=ddl.script([ddl.alter_table(s, t, f"{action} {quote_ident(e.name)}")]),
                )
            )
    return out
