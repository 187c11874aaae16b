"""The differ: two catalogs in, drift findings out. No I/O.

`expected` is the declared state (expected-schema files, ORM models, or a second database) and
`actual` the live database. Every finding's `fix` is SQL that brings the database to the expected
state. Rule ids, severities and fixes are listed in docs/drift-rules.md.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from typing import Literal

from drift.diff.context import DiffContext, UnexpectedPolicy
from drift.diff.quoting import split_statements
from drift.model import Catalog, Finding

__all__ = ["UnexpectedPolicy", "diff_catalogs", "split_statements"]


def diff_catalogs(
    expected: Catalog,
    actual: Catalog,
    *,
    against: str = "expected",
    unexpected: Mapping[str, Literal["error", "warn", "ignore"]] | None = None,
    default_unexpected: Literal["error", "warn", "ignore"] = "warn",
    compare_owner: bool = False,
    match_autoincrement: bool | None = None,
) -> list[Finding]:
    """Findings (category "drift") describing how `actual` differs from `expected`, sorted by path.

    `unexpected` maps a schema name to the policy for objects found in the database but not declared
    (`error`, `warn` = warning, `ignore` = not reported); schemas not in it, unexpected schemas and
    extensions use `default_unexpected`. Owners are compared only with `compare_owner`.
    With `match_autoincrement` (by default when `against` is "orm"), an autoincrement key declared
    as serial matches an identity column of `actual` (see `autoincrement.py`).
    """
    from drift.diff.autoincrement import align_autoincrement
    from drift.diff.dispatch import run

    if match_autoincrement if match_autoincrement is not None else against == "orm":
        expected = align_autoincrement(expected, actual)

    ctx = DiffContext(
        expected=expected,
        actual=actual,
        against=against,
        unexpected=dict(unexpected or {}),
        default_unexpected=default_unexpected,
        compare_owner=compare_owner,
    )
    # Diffing allocates many small objects while both catalogs (hundreds of thousands of objects)
    # are alive; full collections that scan them find nothing to free and cost more than the diff.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return run(ctx)
    finally:
        if gc_was_enabled:
            gc.enable()
