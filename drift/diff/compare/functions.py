"""Functions and procedures, identified by schema, name and argument types (overloads are distinct).

Argument names, IN and type spellings do not change the identity (`f(a int4)` is `f(integer)`).
A different body, language, volatility or SECURITY DEFINER is fixed with CREATE OR REPLACE; a
different result type, kind or argument names need DROP then CREATE.
"""

from __future__ import annotations

from drift.diff import ddl
from drift.diff.compare.comments import compare_comment
from drift.diff.context import DiffContext
from drift.diff.create_objects import create_function, drop_function, function_target
from drift.diff.matching import SchemaPair, match_by_key
from drift.diff.normalize import (
    canonical_body,
    normalize_arguments,
    normalize_named_arguments,
    normalize_type,
)
from drift.diff.registry import schema_comparator
from drift.model import Finding, Function


def function_key(fn: Function) -> tuple[str, str]:
    return (fn.name, normalize_arguments(fn.arguments))


def _label(fn: Function) -> str:
    return "Procedure" if fn.kind == "procedure" else "Function"


@schema_comparator
def compare_functions(ctx: DiffContext, pair: SchemaPair) -> list[Finding]:
    exp = [f for f in pair.expected.functions if f.extension is None]
    act = [f for f in pair.actual.functions if f.extension is None]
    matched = match_by_key(exp, act, function_key)
    s = pair.name
    out: list[Finding] = []
    for fn in matched.missing:
        create = create_function(s, fn)
        stmts = [create] if create else []
        if fn.comment and create:
            stmts.append(
                ddl.comment_on(
                    fn.kind.upper() if fn.kind == "procedure" else "FUNCTION",
                    function_target(s, fn),
                    fn.comment,
                )
            )
        out.append(
            ctx.missing(
                "function",
                (s, fn.signature),
                expected=fn.signature,
                message=f"{_label(fn)} {s}.{fn.signature} is missing from the database.",
                fix=ddl.script(stmts),
            )
        )  # fmt: skip
    for fn in matched.unexpected:
        found = ctx.unexpected_(
            "function",
            (s, fn.signature),
            schema=s,
            actual=fn.signature,
            message=f"{_label(fn)} {s}.{fn.signature} exists in the database but is not declared.",
            fix=ddl.script([drop_function(s, fn)]),
        )
        if found:
            out.append(found)
    for e, a in matched.common:
        out += _compare_function(ctx, s, e, a)
    return out


def _compare_function(ctx: DiffContext, s: str, e: Function, a: Function) -> list[Finding]:
    path = (s, e.signature)
    what = f"{_label(e)} {s}.{e.signature}"
    changes: list[tuple[str, object, object]] = []
    if e.kind != a.kind:
        changes.append(("kind", e.kind, a.kind))
    if normalize_named_arguments(e.arguments) != normalize_named_arguments(a.arguments):
        changes.append(("arguments", e.arguments, a.arguments))
    if normalize_type(e.returns or "") != normalize_type(a.returns or ""):
        changes.append(("returns", e.returns, a.returns))
    if e.language.lower() != a.language.lower():
        changes.append(("language", e.language, a.language))
    if e.volatility != a.volatility:
        changes.append(("volatility", e.volatility, a.volatility))
    if e.security_definer != a.security_definer:
        changes.append(("security_definer", e.security_definer, a.security_definer))
    if e.strict != a.strict:
        changes.append(("strict", e.strict, a.strict))
    if e.parallel != a.parallel:
        changes.append(("parallel", e.parallel, a.parallel))
    if e.config != a.config:
        changes.append(("config", list(e.config), list(a.config)))
    if canonical_body(e.definition, e.language) != canonical_body(a.definition, a.language):
        changes.append(("definition", e.definition, a.definition))
    out: list[Finding] = []
    kind_sql = "PROCEDURE" if e.kind == "procedure" else "FUNCTION"
    if changes:
        create = create_function(s, e)
        rebuild = any(attr in ("kind", "returns", "arguments") for attr, *_ in changes)
        stmts = ([drop_function(s, a)] if rebuild else []) + ([create] if create else [])
        if rebuild and create and e.comment:  # the drop took the comment with it
            stmts.append(ddl.comment_on(kind_sql, function_target(s, e), e.comment))
        fix = ddl.script(stmts) if create else None
        for attr, ev, av in changes:
            message = (
                f"{what} has a different body from the expected one."
                if attr == "definition"
                else f"{what} has {attr.replace('_', ' ')} {av}; expected {ev}."
            )
            out.append(ctx.changed("function", attr, path, expected=ev, actual=av, message=message, fix=fix))
    out += compare_comment(
        ctx,
        path=path,
        schema=s,
        what=what,
        kind_sql=kind_sql,
        target_sql=function_target(s, e),
        expected=e.comment,
        actual=a.comment,
    )
    return out
