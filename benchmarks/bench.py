"""drift's speed against pg_dump --schema-only and SQLAlchemy reflection, on generated catalogs.

Usage: python benchmarks/bench.py [--sizes 100,1000,5000] [--runs 3] [--dsn SUPERUSER_URL]
       python benchmarks/bench.py --serve     (start a server, build the catalogs, say where its DSN is)

For each size it builds the synthetic catalog (benchmarks/generate.py) in database bench_<N> (on a
throwaway server unless --dsn names one; an existing bench_<N> built by the same generator is
reused), then times, in the same run on the same database, each as its own process:
`drift inspect --json` (also with --no-stats), `drift check --expected <drift init output> --json` (end to end, health
rules included; also with --no-advice), `pg_dump --schema-only` (of the server's major version) and SQLAlchemy
`MetaData.reflect()` over the three schemas. The drift and pg_dump runs are interleaved, so a
burst of load elsewhere hits all of them alike; wall time is the median of --runs, peak memory the
largest max RSS (from wait4). benchmarks/breakdown.py then measures the parts in one process (raw
catalog queries, model building, JSON, load_expected, diff_catalogs, advice). It prints the
figures, the ratios the project promises (docs/speed.md) and the load average.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import SCHEMAS, build_database  # noqa: E402
from measure import (  # noqa: E402
    CommandFailed,
    Samples,
    clean_env,
    find_pg_dump,
    load_average,
    mask_passwords,
    run,
    server_major,
)
from report import print_report  # noqa: E402

# Production-like memory settings on top of drift's test settings (16 MB shared_buffers would make
# the catalog scans read through the OS cache); durability stays off, it only affects the build.
SERVER_SETTINGS = {
    "shared_buffers": "128MB",
    "work_mem": "4MB",
    "autovacuum": "on",
}

# SQLAlchemy two ways, each over the three schemas:
# - SQLALCHEMY_DEFAULT_SCRIPT: `MetaData.reflect(engine, schema=s)` as called with its defaults, what
#   the issue names. resolve_fks=True makes SQLAlchemy reflect each table that a foreign key points
#   to in another schema on its own, recursively: on the synthetic catalog's cross-schema chains that
#   goes thousands of frames deep, past Python's default recursion limit (RecursionError above a few
#   hundred tables), so the script raises the limit and runs in a thread with a large stack.
# - SQLALCHEMY_SCRIPT: resolve_fks=False, SQLAlchemy's fastest complete path: every table of the
#   three schemas is reflected anyway (in bulk, schema by schema) and the foreign keys still link up
#   in the MetaData. The stricter comparison.
_SQLALCHEMY_COMMON = """
import sys
import psycopg
from sqlalchemy import MetaData, create_engine
def reflect_all(**options):
    dsn = sys.argv[1]
    engine = create_engine("postgresql+psycopg://", creator=lambda: psycopg.connect(dsn))
    md = MetaData()
    for schema in sys.argv[2].split(","):
        md.reflect(engine, schema=schema, **options)
    fks = sum(len(t.foreign_keys) for t in md.tables.values())
    assert all(fk.column is not None for t in md.tables.values() for fk in t.foreign_keys)
    print(len(md.tables), fks)
"""
SQLALCHEMY_SCRIPT = _SQLALCHEMY_COMMON + "reflect_all(resolve_fks=False)\n"
SQLALCHEMY_DEFAULT_SCRIPT = (
    _SQLALCHEMY_COMMON
    + """
import threading
sys.setrecursionlimit(1_000_000)
threading.stack_size(1 << 30)
failed = []
def main():
    try:
        reflect_all()
    except BaseException as exc:
        failed.append(exc)
        raise
worker = threading.Thread(target=main)
worker.start()
worker.join()
sys.exit(1 if failed else 0)
"""
)


def say(message: str) -> None:
    print(
        f"[{time.strftime('%H:%M:%S')} load {load_average()[0]:.1f}] {message}", file=sys.stderr, flush=True
    )


def wait_for_quiet(limit: float | None, patience: float) -> float:
    """Wait (up to `patience` seconds) until the 1-minute load average is below `limit`; the load
    average when the wait ends. Without a limit, returns at once."""
    deadline = time.monotonic() + patience
    load = load_average()[0]
    if limit is None or load < limit:
        return load
    say(f"waiting for the load average to fall below {limit} (up to {patience:.0f} s)")
    while load >= limit and time.monotonic() < deadline:
        time.sleep(5)
        load = load_average()[0]
    return load


def measure_size(dsn: str, n: int, args: argparse.Namespace, pg_dump: str, tmp: Path) -> dict[str, Any]:
    drift = [sys.executable, "-m", "drift"]
    expected = tmp / "expected_schema"
    load_before = load_average()
    say(f"{n} tables: drift init")
    init = run([*drift, "init", "--dsn", dsn, "--out", str(expected), "--force"], cwd=tmp)
    commands = {
        "inspect": [*drift, "inspect", "--dsn", dsn, "--json", "--out", str(tmp / "snapshot.json")],
        # Structure only, what pg_dump -s reads too (no usage statistics).
        "inspect_no_stats": [
            *drift,
            "inspect",
            "--no-stats",
            "--dsn",
            dsn,
            "--json",
            "--out",
            str(tmp / "snapshot-no-stats.json"),
        ],
        # exit 1 = findings (the health rules find things in the synthetic catalog); drift itself
        # must report none: breakdown.py checks that the diff is empty.
        "check": [
            *drift,
            "check",
            "--dsn",
            dsn,
            "--expected",
            str(expected),
            "--json",
            "--out",
            str(tmp / "r.json"),
        ],
        # The drift comparison alone, without the health rules (their share of check's time).
        "check_no_advice": [
            *drift,
            "check",
            "--no-advice",
            "--dsn",
            dsn,
            "--expected",
            str(expected),
            "--json",
            "--out",
            str(tmp / "r-no-advice.json"),
        ],
        "pg_dump": [pg_dump, "--schema-only", "-f", str(tmp / "dump.sql"), "-d", dsn],
    }
    samples: dict[str, Samples] = {name: Samples([]) for name in commands}
    for cmd in commands.values():  # warm-up: catalog caches, page cache, .pyc files
        run(cmd, cwd=tmp, ok_codes=(0, 1))
    loads: list[float] = []
    for i in range(args.runs):
        loads.append(wait_for_quiet(args.quiet_load, args.quiet_wait))
        say(f"{n} tables: run {i + 1}/{args.runs} of drift inspect and check (each two ways), pg_dump")
        for name, cmd in commands.items():
            samples[name].runs.append(run(cmd, cwd=tmp, ok_codes=(0, 1)))
    startup = Samples([run([*drift, "--version"], cwd=tmp) for _ in range(args.runs)])

    wait_for_quiet(args.quiet_load, args.quiet_wait)
    say(f"{n} tables: in-process breakdown")
    proc = subprocess.run(
        [
            sys.executable,
            str(HERE / "breakdown.py"),
            "--dsn",
            dsn,
            "--expected",
            str(expected),
            "--runs",
            str(args.runs),
        ],
        capture_output=True,
        text=True,
        env=clean_env(),
        cwd=tmp,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"breakdown.py failed:\n{proc.stderr}")
    breakdown = json.loads(proc.stdout)

    sqla = sqla_default = None
    # What became of each SQLAlchemy run, for the report: "ok", "failed" or "skipped".
    sqla_status = dict.fromkeys(("sqlalchemy", "sqlalchemy_default"), "skipped")
    if not args.skip_sqlalchemy:
        sqla_default = _sqlalchemy(
            "MetaData.reflect() (defaults)", SQLALCHEMY_DEFAULT_SCRIPT, n, dsn, tmp, args.sqlalchemy_runs
        )
        sqla = _sqlalchemy(
            "MetaData.reflect(resolve_fks=False)", SQLALCHEMY_SCRIPT, n, dsn, tmp, args.sqlalchemy_runs
        )
        sqla_status["sqlalchemy"] = "ok" if sqla else "failed"
        sqla_status["sqlalchemy_default"] = "ok" if sqla_default else "failed"
    return {
        "tables": n,
        "init": Samples([init]).as_dict(),
        **{name: s.as_dict() for name, s in samples.items()},
        "startup": startup.as_dict(),
        "sqlalchemy": sqla.as_dict() if sqla else None,
        "sqlalchemy_default": sqla_default.as_dict() if sqla_default else None,
        "sqlalchemy_status": sqla_status,
        "breakdown": breakdown,
        "load_before": load_before,
        "load_at_runs": loads,
        "load_after": load_average(),
        "spread": {name: round(s.spread, 3) for name, s in samples.items()},
    }


def _sqlalchemy(label: str, script: str, n: int, dsn: str, tmp: Path, runs: int) -> Samples | None:
    """`runs` timed runs of one SQLAlchemy reflection script; None (said) if it fails."""
    say(f"{n} tables: SQLAlchemy {label} x{runs}")
    try:
        return Samples(
            [run([sys.executable, "-c", script, dsn, ",".join(SCHEMAS)], cwd=tmp) for _ in range(runs)]
        )
    except CommandFailed as exc:
        say(f"SQLAlchemy {label} failed, left out: {str(exc).strip().splitlines()[-1]}")
        return None


def machine(dsn: str, pg_dump: str, pg_dump_major: int) -> dict[str, Any]:
    _, server_version = server_major(dsn)
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    cpu = platform.processor() or ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break

    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True, check=False)
        return out.stdout.strip()

    dirty = git("status", "--porcelain", "--", "../drift")
    return {
        "drift_commit": git("rev-parse", "--short", "HEAD")
        + (" + uncommitted changes in drift/" if dirty else ""),
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "server_version": server_version,
        "pg_dump": f"{pg_dump} ({pg_dump_major})",
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,5000", help="table counts (default 100,1000,5000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per timed command (median)")
    parser.add_argument("--dsn", help="superuser URL of a server to use (default: a throwaway one)")
    parser.add_argument("--pg-bin", type=Path, help="server binaries for the throwaway server")
    parser.add_argument("--rebuild", action="store_true", help="rebuild bench_<N> even if it exists")
    parser.add_argument("--skip-sqlalchemy", action="store_true", help="it takes ~30 s or more at 5,000")
    parser.add_argument("--sqlalchemy-runs", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--quiet-load",
        type=float,
        help="on a shared machine: before each round of runs, wait until the 1-minute load "
        "average is below this (see --quiet-wait)",
    )
    parser.add_argument("--quiet-wait", type=float, default=300, help="seconds to wait at most (300)")
    parser.add_argument(
        "--serve",
        action="store_true",
        help="start a server, build, write its DSN to a file only you can read, wait",
    )
    args = parser.parse_args()
    args.size_list = [int(s) for s in args.sizes.split(",") if s.strip()]
    return args


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # so that servers, children and temp dirs are cleaned up


def main() -> None:
    args = parse_args()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    server = None
    if args.dsn:
        admin = args.dsn
    else:
        from drift.pgserver import ThrowawayServer

        server = ThrowawayServer(args.pg_bin, settings=SERVER_SETTINGS).start()
        admin = server.dsn("postgres")
    try:
        dsns = {n: build_database(admin, n, reuse=not args.rebuild, say=say) for n in args.size_list}
        if args.serve:
            # The URL has the server's password: written to a file only this user can read.
            dsn_file = Path(tempfile.gettempdir()) / f"drift-bench-dsn-{os.getpid()}"
            dsn_file.touch(mode=0o600)
            dsn_file.write_text(admin + "\n", encoding="utf-8")
            atexit.register(dsn_file.unlink, missing_ok=True)
            print(f"server ready: {mask_passwords(admin)}", flush=True)
            print(f'run: python benchmarks/bench.py --dsn "$(cat {dsn_file})"', flush=True)
            print("Ctrl-C stops it", flush=True)
            while True:
                time.sleep(3600)
        major, _ = server_major(admin)
        pg_dump, pg_dump_major = find_pg_dump(major, server.bin_dir if server else None)
        results: dict[str, Any] = {"machine": machine(admin, pg_dump, pg_dump_major), "sizes": []}
        with tempfile.TemporaryDirectory(prefix="drift-bench-") as tmp:
            for n in args.size_list:
                size_dir = Path(tmp) / str(n)
                size_dir.mkdir()
                results["sizes"].append(measure_size(dsns[n], n, args, pg_dump, size_dir))
                if args.json:  # after each size: a late failure keeps the earlier figures
                    args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    except CommandFailed as exc:
        raise SystemExit(str(exc)) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    finally:
        if server is not None:
            server.stop()
    print_report(results)


if __name__ == "__main__":
    main()
