"""Printing bench.py's figures: the main table, the parts, the targets and linearity.

`print_report(results)` takes the dictionary bench.py builds (and writes with --json), so a saved
run can be printed again: python benchmarks/report.py figures.json
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

# (label, the ratio, the comparison, target, stretch) at the largest size; see docs/speed.md.
TARGETS = (
    ("drift inspect / pg_dump -s", "inspect_dump", "<=", 0.7, 0.5),
    ("drift check / pg_dump -s", "check_dump", "<=", 1.5, None),
    ("SQLAlchemy reflect() / inspect", "sqla_default_inspect", ">=", 10.0, None),
    ("  resolve_fks=False / inspect", "sqla_inspect", ">=", 10.0, None),
    ("drift inspect peak memory (MB)", "inspect_mb", "<", 300.0, None),
)


def ratios(size: dict[str, Any], best: bool = False) -> dict[str, float | None]:
    """The promised ratios from the medians, or with `best` from each command's fastest run."""

    def t(name: str) -> float:
        return float(min(size[name]["runs"]) if best else size[name]["seconds"])

    dump, inspect = t("pg_dump"), t("inspect")
    return {
        "inspect_dump": inspect / dump,
        "check_dump": t("check") / dump,
        "sqla_inspect": t("sqlalchemy") / inspect if size["sqlalchemy"] else None,
        "sqla_default_inspect": (
            t("sqlalchemy_default") / inspect if size.get("sqlalchemy_default") else None
        ),
        "inspect_mb": size["inspect"]["max_rss_mb"],
        "raw_dump": size["breakdown"]["raw_queries"] / dump,
    }


def _s(seconds: float) -> str:
    return f"{seconds:6.2f} s"


def print_report(results: dict[str, Any], out: Any = None) -> None:
    out = out or sys.stdout

    def p(line: str = "") -> None:
        print(line, file=out)

    m = results["machine"]
    p()
    p(
        f"machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gb']} GB; Python {m['python']}; "
        f"PostgreSQL {m['server_version']}; pg_dump {m['pg_dump']}; {m['date']}"
    )
    if m.get("drift_commit"):
        p(f"drift at {m['drift_commit']}")
    sizes = results["sizes"]
    header = (
        f"| {'tables':>6} | {'drift inspect':>16} | {'drift check':>16} | {'check --no-advice':>17} | "
        f"{'pg_dump -s':>16} | "
        f"{'SQLA reflect()':>16} | {'SQLA no resolve':>16} | {'raw queries':>11} | {'insp/dump':>9} | "
        f"{'check/dump':>10} | {'SQLA/insp':>11} | {'load avg':>9} |"
    )
    p()
    p(header)
    p("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for size in sizes:
        r = ratios(size)
        sqla = size["sqlalchemy"]

        # Saved runs from before the status was recorded: a missing SQLAlchemy figure was skipped.
        status = size.get("sqlalchemy_status", {})

        def cell(x: dict[str, Any] | None, missing: str = "skipped") -> str:
            return f"{x['seconds']:6.2f} s {x['max_rss_mb']:4.0f} MB" if x else f"{missing:>16}"

        at_runs = size.get("load_at_runs") or [size["load_before"][0], size["load_after"][0]]
        load = sum(at_runs) / len(at_runs)
        sq = [r[key] for key in ("sqla_default_inspect", "sqla_inspect")]
        sq_ratio = "/".join(f"{x:.1f}" if x else "-" for x in sq) + "x" if any(sq) else "-"
        p(
            f"| {size['tables']:>6} | {cell(size['inspect'])} | {cell(size['check'])} | "
            f"{cell(size.get('check_no_advice')):>17} | {cell(size['pg_dump'])} | "
            f"{cell(size.get('sqlalchemy_default'), status.get('sqlalchemy_default', 'skipped'))} | "
            f"{cell(sqla, status.get('sqlalchemy', 'skipped'))} | {size['breakdown']['raw_queries']:9.2f} s | "
            f"{r['inspect_dump']:8.2f}x | {r['check_dump']:9.2f}x | {sq_ratio:>11} | {load:9.1f} |"
        )

    p()
    p("Best run of each (other processes only add time) and client CPU (user + sys, median):")
    for size in sizes:
        b = ratios(size, best=True)
        cpu = ", ".join(
            f"{k} {size[k]['cpu_seconds']:.2f} s"
            for k in ("inspect", "inspect_no_stats", "check", "check_no_advice", "pg_dump")
            if size.get(k)
        )
        p(
            f"  {size['tables']:>6} tables: inspect {min(size['inspect']['runs']):.2f} s, check "
            f"{min(size['check']['runs']):.2f} s, pg_dump {min(size['pg_dump']['runs']):.2f} s; "
            f"inspect/pg_dump {b['inspect_dump']:.2f}x, check/pg_dump {b['check_dump']:.2f}x; CPU: {cpu}"
        )

    p()
    p("Parts, measured in one process (best of runs, seconds):")
    parts: tuple[tuple[str, Callable[[dict[str, Any]], float]], ...] = (
        ("python start-up + `drift --version`", lambda s: s["startup"]["seconds"]),
        ("imports for a check", lambda s: s["breakdown"]["imports"]),
        ("connect", lambda s: s["breakdown"]["connect"]),
        ("raw catalog queries (execute + fetch)", lambda s: s["breakdown"]["raw_queries"]),
        ("reflect() (connect + queries + model)", lambda s: s["breakdown"]["reflect"]),
        ("reflect(with_stats=False)", lambda s: s["breakdown"].get("reflect_no_stats", float("nan"))),
        (
            "  reflect - raw queries - connect",
            lambda s: s["breakdown"]["reflect"] - s["breakdown"]["raw_queries"] - s["breakdown"]["connect"],
        ),
        ("snapshot JSON (fast_json.dump_json)", lambda s: s["breakdown"]["snapshot_json"]),
        (
            "  same with pydantic (model_dump_json)",
            lambda s: s["breakdown"].get("snapshot_json_pydantic", float("nan")),
        ),
        ("load_expected(drift init output)", lambda s: s["breakdown"]["load_expected"]),
        ("diff_catalogs(expected, live)", lambda s: s["breakdown"]["diff_catalogs"]),
        ("run_advice(live)", lambda s: s["breakdown"]["advice"]),
        ("run_check(snapshot given)", lambda s: s["breakdown"]["check_after_reflect"]),
        ("render(report, json)", lambda s: s["breakdown"]["render_json"]),
        ("drift init (one run)", lambda s: s["init"]["seconds"]),
    )
    width = max(len(label) for label, _ in parts)
    p(f"  {'':<{width}}  " + "  ".join(f"{s['tables']:>8}" for s in sizes))
    for label, get in parts:
        p(f"  {label:<{width}}  " + "  ".join(f"{get(s):8.3f}" for s in sizes))
    last = sizes[-1]
    b = last["breakdown"]
    p(
        f"  at {last['tables']} tables: {b['query_count']} queries, {b['raw_rows']} rows; snapshot JSON "
        f"{b['snapshot_json_mb']:.1f} MB; drift findings of the round trip: {b['drift_findings']} "
        f"(must be 0); advice findings: {b['advice_findings']}"
    )
    slowest = list(b["queries"].items())[:6]
    p("  slowest queries: " + ", ".join(f"{name} {sec:.3f}" for name, sec in slowest))

    p()
    r = ratios(last)
    rb = ratios(last, best=True)
    p(f"Targets at {last['tables']} tables (medians; best runs in brackets):")
    for label, key, op, target, stretch in TARGETS:
        value = r[key]
        if value is None:
            run_of = {"sqla_inspect": "sqlalchemy", "sqla_default_inspect": "sqlalchemy_default"}
            why = last.get("sqlalchemy_status", {}).get(run_of.get(key, ""), "skipped")
            p(f"  {label:<32} not measured (SQLAlchemy {why})")
            continue
        ok = value <= target if op == "<=" else value >= target if op == ">=" else value < target
        extra = ""
        if stretch is not None:
            extra = f"; stretch {op} {stretch}: {'met' if value <= stretch else 'not met'}"
        bracket = f"({rb[key]:.2f})"
        p(
            f"  {label:<32} {value:8.2f} {bracket:>7}  target {op} {target}: {'MET' if ok else 'MISSED'}{extra}"
        )
    for key, label, note in (
        ("inspect_no_stats", "inspect --no-stats / pg_dump -s", "structure only, like pg_dump"),
        ("check_no_advice", "check --no-advice / pg_dump -s", "the health rules' share"),
    ):
        if last.get(key):
            p(f"  {label:<32} {last[key]['seconds'] / last['pg_dump']['seconds']:8.2f}  (no target: {note})")
    p(f"  {'raw catalog queries / pg_dump -s':<32} {r['raw_dump']:8.2f}  (the issue: ~0.5 before its tuning)")

    if len(sizes) > 1:
        p()
        p("Linearity (milliseconds per table):")
        for key, label in (("inspect", "drift inspect"), ("check", "drift check"), ("pg_dump", "pg_dump -s")):
            if not all(s.get(key) for s in sizes):
                continue
            per = ", ".join(f"{s['tables']}: {s[key]['seconds'] / s['tables'] * 1000:.2f}" for s in sizes)
            marginal = ", ".join(
                f"{a['tables']}->{c['tables']}: "
                f"{(c[key]['seconds'] - a[key]['seconds']) / (c['tables'] - a['tables']) * 1000:.2f}"
                for a, c in itertools.pairwise(sizes)
            )
            p(f"  {label:<14} per table {per}; marginal {marginal}")
        per_reflect = ", ".join(
            f"{s['tables']}: {s['breakdown']['reflect'] / s['tables'] * 1000:.2f}" for s in sizes
        )
        p(f"  {'reflect()':<14} per table {per_reflect} (in process, no start-up)")
    noisy = [
        f"{s['tables']} {name} {spread:.0%}"
        for s in sizes
        for name, spread in s["spread"].items()
        if spread > 0.2
    ]
    if noisy:
        p()
        p(
            "Noisy (runs differ by more than 20% of the median; rerun on a quieter machine): "
            + ", ".join(noisy)
        )


if __name__ == "__main__":
    print_report(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
