"""Helpers the migrations tests share (imported as a module: pytest puts this folder on sys.path)."""

from __future__ import annotations

from pathlib import Path

import psycopg

from drift.pgserver import PgServer


def leftover_servers(tmp: Path) -> list[str]:
    """Throwaway-server directories under `tmp`, and postgres processes whose command line names one."""
    found = [str(p) for p in tmp.glob("drift-pg-*")]
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if str(tmp) in cmdline and "postgres" in cmdline:
            found.append(f"pid {proc.name}: {cmdline.strip()}")
    return found


def scratch_databases(server: PgServer) -> list[str]:
    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'drift_scratch%'").fetchall()
    return [str(r[0]) for r in rows]


def write_files(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return directory
