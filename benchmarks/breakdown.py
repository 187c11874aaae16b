"""Where drift's time goes, measured inside one process: queries, model, JSON, load, diff, advice.

Usage: python benchmarks/breakdown.py --dsn URL --expected DIR [--runs 3]   (prints one JSON object)

Every figure is the best of --runs (see `timed`).

bench.py runs this as a subprocess per catalog size. The parts:
- `raw_queries`: drift's own `.sql` files, with the parameters a real reflection used, executed and
  fetched through psycopg in the same read-only REPEATABLE READ transaction, without building any
  model. The queries are recorded from one `reflect()` (so this follows whatever reflect.py runs),
  then replayed one after the other on one session; `queries` gives each one's time.
- `reflect`: `drift.catalog.reflect()` (structure and statistics), connect included;
  `reflect - raw_queries - connect` is what model building adds (reflect may overlap the two);
  `reflect_no_stats` the same without usage statistics (`drift inspect --no-stats`).
- `snapshot_json`: `fast_json.dump_json(snapshot)`, what `drift inspect --json` writes (the same
  bytes as pydantic's `model_dump_json()`, also timed, as `snapshot_json_pydantic`).
- `load_expected`: `drift.sources.expected.load_expected()` of the `drift init` output.
- `diff_catalogs`: `drift.diff.diff_catalogs()` of that expected catalog against the reflected one.
- `advice`: `drift.advice.run_advice()` on the reflected catalog and statistics.
- `check_after_reflect`: `drift.pipeline.run_check()` given the snapshot (load, diff, advice, report
  model), and `render_json` the JSON rendering of its report: together with `reflect` and start-up,
  this is `drift check --json`.
- `imports`: importing the modules a check needs, in a fresh interpreter (this one).
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

_T0 = time.perf_counter()
import drift.advice  # noqa: E402
import drift.catalog  # noqa: E402
import drift.diff  # noqa: E402
import drift.model.fast_json  # noqa: E402
import drift.pipeline  # noqa: E402
import drift.report  # noqa: E402
import drift.sources.expected  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - _T0

from drift.catalog.connect import connect  # noqa: E402
from drift.catalog.reader import CatalogReader, snapshot_transaction  # noqa: E402
from drift.catalog.sql import QueryBuilder  # noqa: E402

Call = tuple[str, dict[str, Any], dict[str, str]]


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Best wall time of `runs` calls of `fn`, and the last result.

    The best, not the median: these parts are short and mostly CPU-bound, and other processes on a
    shared machine only ever add time. The previous result is dropped and garbage collected before
    each call, so no call pays for the one before it.
    """
    times: list[float] = []
    result: Any = None
    for _ in range(runs):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def record_queries(dsn: str) -> list[Call]:
    """The (query name, parameters, fragments) of every query one reflection runs, in order."""
    calls: list[Call] = []
    original = CatalogReader.rows

    def recording(self: CatalogReader, name: str, params: Any = None, **kw: Any) -> Any:
        fragments = {k: v for k, v in kw.items() if k != "label"}
        calls.append((name, dict(params or {}), fragments))
        return original(self, name, params, **kw)

    CatalogReader.rows = recording  # type: ignore[method-assign]
    try:
        drift.catalog.reflect(dsn)
    finally:
        CatalogReader.rows = original  # type: ignore[method-assign]
    return calls


def replay(dsn: str, calls: list[Call], runs: int) -> tuple[float, float, dict[str, float], int]:
    """Best connect time, best total query time, each query's best, and the rows fetched."""
    connects: list[float] = []
    totals: list[float] = []
    per_query: dict[str, list[float]] = defaultdict(list)
    rows = 0
    for _ in range(runs):
        start = time.perf_counter()
        conn = connect(dsn)
        connects.append(time.perf_counter() - start)
        with conn:
            builder = QueryBuilder(conn.info.server_version)
            this_run: dict[str, float] = defaultdict(float)
            rows = 0
            start = time.perf_counter()
            with snapshot_transaction(conn):
                for name, params, fragments in calls:
                    q_start = time.perf_counter()
                    with conn.cursor(binary=True) as cur:
                        cur.execute(builder.build(name, **fragments), params)
                        rows += len(cur.fetchall())
                    this_run[name] += time.perf_counter() - q_start
            totals.append(time.perf_counter() - start)
            for name, seconds in this_run.items():
                per_query[name].append(seconds)
    best = {name: min(ts) for name, ts in per_query.items()}
    return min(connects), min(totals), best, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--expected", type=Path, required=True, help="a drift init output directory")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = args.runs
    out: dict[str, Any] = {"imports": IMPORT_SECONDS}

    calls = record_queries(args.dsn)
    out["query_count"] = len(calls)
    out["connect"], out["raw_queries"], queries, out["raw_rows"] = replay(args.dsn, calls, runs)
    out["queries"] = dict(sorted(queries.items(), key=lambda kv: -kv[1]))

    out["reflect_no_stats"], _ = timed(lambda: drift.catalog.reflect(args.dsn, with_stats=False), runs)
    out["reflect"], snapshot = timed(lambda: drift.catalog.reflect(args.dsn), runs)
    out["tables"] = snapshot.catalog.table_count
    out["snapshot_json"], data = timed(lambda: drift.model.fast_json.dump_json(snapshot), runs)
    out["snapshot_json_pydantic"], text = timed(snapshot.model_dump_json, runs)
    assert data == text.encode(), "fast_json.dump_json and pydantic disagree"
    out["snapshot_json_mb"] = len(data) / 1e6

    out["load_expected"], loaded = timed(lambda: drift.sources.expected.load_expected(args.expected), runs)
    diff = functools.partial(
        drift.diff.diff_catalogs,
        loaded.catalog,
        snapshot.catalog,
        unexpected=loaded.unexpected,
        default_unexpected=loaded.default_unexpected,
    )
    out["diff_catalogs"], findings = timed(diff, runs)
    out["drift_findings"] = len(findings)
    out["advice"], advice = timed(lambda: drift.advice.run_advice(snapshot.catalog, snapshot.stats), runs)
    out["advice_findings"] = len(advice)

    # What a real check holds while it reports is the snapshot, one expected catalog and one list of
    # findings: drop this process's extra copies so that collections do not scan them.
    del loaded, diff, findings, advice, text

    from drift.config import load_config

    os.chdir(args.expected.parent)  # no drift.toml or pyproject.toml of the caller's
    config = load_config(None, dsn=args.dsn, expected=args.expected)
    out["check_after_reflect"], result = timed(
        lambda: drift.pipeline.run_check(config, snapshot=snapshot), runs
    )
    out["render_json"], _ = timed(
        lambda: drift.report.render(result.report, "json", context=result.report_context()), runs
    )
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
