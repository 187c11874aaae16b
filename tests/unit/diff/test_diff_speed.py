"""The differ is linear and cheap: 5,000 tables diff in well under a second on a normal machine.

The bound asserted here is generous (shared CI runners are slow and noisy); the point is to catch
an accidental quadratic step or a whole-catalog deep comparison, which cost tens of seconds.
"""

from __future__ import annotations

import time

import pytest

from drift.diff import diff_catalogs
from drift.model import (
    Catalog,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    PrimaryKey,
    Schema,
    Sequence,
    Table,
)


def _catalog(n: int, *, drift_every: int = 0) -> Catalog:
    tables = []
    for i in range(n):
        cols = [
            Column(name=f"c{j}", position=j + 1, type="bigint" if j == 0 else "integer", nullable=j != 0)
            for j in range(10)
        ]
        cols[0] = cols[0].model_copy(update={"default": f"nextval('t{i}_c0_seq'::regclass)"})
        if drift_every and i % drift_every == 0:
            cols[9] = cols[9].model_copy(update={"type": "text", "comment": "changed"})
        tables.append(
            Table(
                name=f"t{i}",
                columns=tuple(cols),
                primary_key=PrimaryKey(name=f"t{i}_pkey", columns=("c0",)),
                foreign_keys=(
                    ForeignKey(
                        name=f"t{i}_fk",
                        columns=("c1",),
                        ref_schema="public",
                        ref_table="t0",
                        ref_columns=("c0",),
                    ),
                ),
                check_constraints=(CheckConstraint(name=f"t{i}_ck", expression="(c2 > 0)"),),
                indexes=(
                    Index(name=f"t{i}_pkey", keys=("c0",), unique=True, constraint=f"t{i}_pkey"),
                    Index(name=f"t{i}_c1_idx", keys=("c1",)),
                    Index(name=f"t{i}_c3_idx", keys=("lower((c3)::text)",), predicate="(c4 IS NOT NULL)"),
                ),
            )
        )
    sequences = tuple(Sequence(name=f"t{i}_c0_seq", owned_by=f"t{i}.c0") for i in range(n))
    return Catalog(schemas=(Schema(name="public", tables=tuple(tables), sequences=sequences),))


@pytest.mark.slow
def test_five_thousand_tables() -> None:
    expected = _catalog(5000)
    same, drifted = _catalog(5000), _catalog(5000, drift_every=2)
    start = time.perf_counter()
    assert diff_catalogs(expected, same) == []
    clean = time.perf_counter() - start
    start = time.perf_counter()
    findings = diff_catalogs(expected, drifted)
    half = time.perf_counter() - start
    assert len(findings) == 2 * 2500  # column.type and comment.unexpected on every other table
    assert clean < 3.0, f"clean diff of 5,000 tables took {clean:.2f}s"
    assert half < 5.0, f"diff of 5,000 tables, half drifted, took {half:.2f}s"
