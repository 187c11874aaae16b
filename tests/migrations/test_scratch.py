"""Scratch databases and servers disappear afterwards, also when a migration fails."""

from __future__ import annotations

import tempfile
from pathlib import Path

import psycopg
import pytest
from migration_helpers import leftover_servers, scratch_databases, write_files

from drift.errors import DriftError
from drift.pgserver import PgServer
from drift.sources.migrations import (
    MigrationFailed,
    catalog_from_migrations,
    scratch_database,
    scratch_server,
)


def test_scratch_database_on_a_given_server_is_dropped(pg_server: PgServer) -> None:
    before = scratch_databases(pg_server)
    with scratch_database(pg_server.dsn()) as dsn:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("CREATE TABLE t (id int)")
            name = conn.info.dbname
        # A session left open by a migration does not stop the drop.
        lingering = psycopg.connect(dsn, autocommit=True)
        assert name in scratch_databases(pg_server)
    lingering.close()
    assert name.startswith("drift_scratch_")
    assert scratch_databases(pg_server) == before


def test_scratch_database_is_dropped_when_the_body_fails(pg_server: PgServer) -> None:
    before = scratch_databases(pg_server)
    with pytest.raises(RuntimeError), scratch_database(pg_server.dsn()):
        raise RuntimeError("boom")
    assert scratch_databases(pg_server) == before


def test_scratch_server_drops_every_database_it_made(pg_server: PgServer) -> None:
    before = scratch_databases(pg_server)
    with scratch_server(pg_server.dsn()) as scratch:
        scratch.new_database()
        scratch.new_database()
        assert len(scratch_databases(pg_server)) == len(before) + 2
    assert scratch_databases(pg_server) == before


def test_broken_migration_on_a_given_server_leaves_no_database(pg_server: PgServer, tmp_path: Path) -> None:
    before = scratch_databases(pg_server)
    migrations = write_files(
        tmp_path / "m",
        {"0001_ok.sql": "CREATE TABLE a (id int);\n", "0002_bad.sql": "\nCREATE TABLE b (id nosuchtype);\n"},
    )
    with pytest.raises(MigrationFailed) as info:
        catalog_from_migrations(migrations, scratch_dsn=pg_server.dsn())
    assert str(info.value).startswith(f'{migrations / "0002_bad.sql"}:2: type "nosuchtype" does not exist')
    assert scratch_databases(pg_server) == before


def test_unreachable_scratch_server_is_one_line_without_password(tmp_path: Path) -> None:
    migrations = write_files(tmp_path / "m", {"1.sql": "SELECT 1;"})
    dsn = "postgresql://me:s3cret@127.0.0.1:1/postgres?connect_timeout=2"
    with pytest.raises(DriftError) as info:
        catalog_from_migrations(migrations, scratch_dsn=dsn)
    message = str(info.value)
    assert message.startswith("cannot connect to the scratch server")
    assert "s3cret" not in message and "\n" not in message


def test_role_without_createdb_is_explained(make_role: object, pg_server: PgServer) -> None:
    assert callable(make_role)
    dsn = make_role("drift_no_createdb")
    with (
        pytest.raises(DriftError, match=r"cannot create a scratch database .*CREATEDB"),
        scratch_database(dsn),
    ):
        pass


def test_throwaway_server_is_removed(
    tmp_path: Path, server_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(server_tmp))
    migrations = write_files(tmp_path / "m", {"1.sql": "CREATE TABLE a (id int PRIMARY KEY);"})
    catalog = catalog_from_migrations(migrations)
    assert catalog.get_table("public", "a") is not None
    assert catalog.database is None
    assert leftover_servers(server_tmp) == []


def test_throwaway_server_is_removed_after_a_failure(
    tmp_path: Path, server_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(server_tmp))
    migrations = write_files(tmp_path / "m", {"1.sql": "CREATE TABLE a (id int);\nSELEC 1;"})
    with pytest.raises(MigrationFailed, match=r"1\.sql:2: syntax error"):
        catalog_from_migrations(migrations)
    assert leftover_servers(server_tmp) == []
