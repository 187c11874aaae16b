"""drift's speed against pg_dump --schema-only and SQLAlchemy reflection, on generated catalogs.

Usage: python benchmarks/bench.py [--sizes 100,1000,5000] [--runs 3] [--dsn SUPERUSER_URL]

For each size it builds the synthetic catalog (benchmarks/generate.py) in a fresh database (on a
throwaway server unless --dsn names one), then times, in the same run on the same database:
`drift inspect --json`, `drift init` + `drift check` against that output, `pg_dump --schema-only`,
and SQLAlchemy `MetaData.reflect()` over the three schemas. Every tool runs as its own process;
wall time is the median of --runs, peak memory is the process's max RSS (from wait4). It prints a
table and the ratios the project promises (README, "Speed").
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import SCHEMAS, catalog_sql

SQLALCHEMY_SCRIPT = """
import sys
from sqlalchemy import MetaData, create_engine
engine = create_engine(sys.argv[1].replace("postgresql://", "postgresql+psycopg://", 1))
md = MetaData()
for schema in sys.argv[2].split(","):
    md.reflect(engine, schema=schema)
print(len(md.tables))
"""


@dataclass
class Timing:
    seconds: float
    max_rss_mb: float


def run(cmd: list[str], env: dict[str, str] | None = None) -> Timing:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return Timing(elapsed, usage.ru_maxrss / 1024)


def median(cmd: list[str], runs: int) -> Timing:
    timings = [run(cmd) for _ in range(runs)]
    return Timing(statistics.median(t.seconds for t in timings), max(t.max_rss_mb for t in timings))


def build(admin_dsn: str, dbname: str, tables: int) -> str:
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"'.encode())
        conn.execute(f'CREATE DATABASE "{dbname}"'.encode())
    dsn = admin_dsn.rsplit("/", 1)[0] + "/" + dbname
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(catalog_sql(tables).encode())
        conn.execute(b"ANALYZE")
    return dsn


def pg_dump_path() -> str:
    from drift.pgserver import find_pg_bin

    candidate = find_pg_bin() / "pg_dump"
    return str(candidate) if candidate.exists() else (shutil.which("pg_dump") or "pg_dump")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dsn", help="superuser URL of a server to use (default: a throwaway one)")
    parser.add_argument("--skip-sqlalchemy", action="store_true", help="it takes ~30 s at 5,000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    server = None
    if args.dsn:
        admin = args.dsn
    else:
        from drift.pgserver import ThrowawayServer

        server = ThrowawayServer(settings={"autovacuum": "on"}).start()
        admin = server.dsn("postgres")
    drift_bin = [sys.executable, "-m", "drift"]
    pg_dump = pg_dump_path()
    rows = []
    try:
        for n in sizes:
            print(f"building {n} tables…", file=sys.stderr, flush=True)
            dsn = build(admin, f"bench_{n}", n)
            with tempfile.TemporaryDirectory() as tmp:
                expected = Path(tmp) / "expected"
                run([*drift_bin, "init", "--dsn", dsn, "--out", str(expected)])
                inspect = median(
                    [*drift_bin, "inspect", "--dsn", dsn, "--json", "--out", f"{tmp}/s.json"], args.runs
                )
                check = median(
                    [
                        *drift_bin,
                        "check",
                        "--dsn",
                        dsn,
                        "--expected",
                        str(expected),
                        "--json",
                        "--out",
                        f"{tmp}/r.json",
                    ],
                    args.runs,
                )
                dump = median([pg_dump, "--schema-only", "-f", f"{tmp}/dump.sql", dsn], args.runs)
                sqla = None
                if not args.skip_sqlalchemy:
                    sqla = median([sys.executable, "-c", SQLALCHEMY_SCRIPT, dsn, ",".join(SCHEMAS)], 1)
            rows.append((n, inspect, check, dump, sqla))
    finally:
        if server is not None:
            server.stop()

    print()
    print(
        f"{'tables':>7} | {'drift inspect':>14} | {'drift check':>12} | {'pg_dump -s':>11} | "
        f"{'SQLAlchemy':>11} | inspect/pg_dump | check/pg_dump | SQLAlchemy/inspect"
    )
    print("-" * 120)
    for n, inspect, check, dump, sqla in rows:
        sq = f"{sqla.seconds:8.2f} s" if sqla else "   skipped"
        sq_ratio = f"{sqla.seconds / inspect.seconds:8.1f}x" if sqla else "-"
        print(
            f"{n:>7} | {inspect.seconds:6.2f} s {inspect.max_rss_mb:4.0f}MB | {check.seconds:6.2f} s  "
            f"| {dump.seconds:7.2f} s  | {sq:>11} | {inspect.seconds / dump.seconds:14.2f}x "
            f"| {check.seconds / dump.seconds:12.2f}x | {sq_ratio:>10}"
        )
    if len(rows) > 1:
        per_table = [(n, inspect.seconds / n * 1000) for n, inspect, *_ in rows]
        print("\ndrift inspect, milliseconds per table:", ", ".join(f"{n}: {ms:.2f}" for n, ms in per_table))
    if rows and rows[-1][4] is not None:
        print(f"SQLAlchemy peak memory at {rows[-1][0]} tables: {rows[-1][4].max_rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
