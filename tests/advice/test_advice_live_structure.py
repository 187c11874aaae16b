"""Structure rules on a real server: each fires on a real catalog, and its own fix SQL clears it."""

from __future__ import annotations

import psycopg
import pytest
from advice_live_helpers import Conn, advise, apply_fix


@pytest.fixture
def conn(pg_conn: psycopg.Connection[tuple[object, ...]]) -> Conn:
    return pg_conn


def test_fk_without_index_fires_then_clears_with_its_fix(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE parent (id bigint PRIMARY KEY, code text UNIQUE)")
    conn.execute(
        'CREATE TABLE "Child Rows" (id bigint PRIMARY KEY, "Parent Id" bigint REFERENCES parent ON DELETE CASCADE,'
        " code text, CONSTRAINT code_fk FOREIGN KEY (code) REFERENCES parent (code))"
    )
    conn.execute('CREATE INDEX other ON "Child Rows" (code, id)')  # covers code_fk
    (f,) = advise(pg_dsn, "fk-without-index")
    assert f.path == ("public", "Child Rows", "Child Rows_Parent Id_fkey")
    assert f.evidence is not None and f.evidence["on_delete"] == "CASCADE"
    apply_fix(conn, f.fix)
    assert advise(pg_dsn, "fk-without-index") == []


def test_fk_index_in_other_order_or_not_leading(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE p (a int, b int, PRIMARY KEY (a, b))")
    conn.execute("CREATE TABLE c (id int PRIMARY KEY, a int, b int, x int, FOREIGN KEY (a, b) REFERENCES p)")
    conn.execute("CREATE INDEX c_a_x_b ON c (a, x, b)")
    (f,) = advise(pg_dsn, "fk-without-index")
    assert f.evidence is not None and f.evidence["indexes_not_leading_with_fk"] == ["c_a_x_b"]
    conn.execute("CREATE INDEX c_b_a ON c (b DESC, a)")
    assert advise(pg_dsn, "fk-without-index") == []


def test_duplicate_index_fires_then_clears(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, a int, b int)")
    conn.execute("CREATE INDEX t_a ON t (a)")
    conn.execute("CREATE INDEX t_a_b ON t (a, b)")
    conn.execute("CREATE INDEX t_id ON t (id)")
    conn.execute("CREATE INDEX t_b_partial ON t (b) WHERE a > 0")
    conn.execute("CREATE INDEX t_b_other ON t (b) WHERE a > 1")
    found = advise(pg_dsn, "duplicate-index")
    assert [f.path[2] for f in found] == ["t_a", "t_id"]
    for f in found:
        apply_fix(conn, f.fix)
    assert advise(pg_dsn, "duplicate-index") == []


def test_invalid_index_from_a_failed_concurrent_build(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, email text)")
    conn.execute("INSERT INTO t VALUES (1, 'a'), (2, 'a')")
    with pytest.raises(psycopg.errors.UniqueViolation):
        conn.execute("CREATE UNIQUE INDEX CONCURRENTLY t_email ON t (email)")
    (f,) = advise(pg_dsn, "invalid-index")
    assert f.path == ("public", "t", "t_email")
    assert f.evidence is not None and f.evidence["valid"] is False
    conn.execute("DELETE FROM t WHERE id = 2")
    apply_fix(conn, f.fix)
    assert advise(pg_dsn, "invalid-index") == []


def test_invalid_but_ready_index_is_a_warning_and_reindex_clears_it(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, a int)")
    conn.execute("CREATE INDEX t_a ON t (a)")
    # what a CREATE INDEX CONCURRENTLY that failed in its validation phase leaves behind
    conn.execute("UPDATE pg_index SET indisvalid = false WHERE indexrelid = 't_a'::regclass")
    (f,) = advise(pg_dsn, "invalid-index")
    assert f.severity == "warning" and f.evidence is not None and f.evidence["ready"] is True
    apply_fix(conn, f.fix)
    assert advise(pg_dsn, "invalid-index") == []


def test_no_primary_key_fires_then_clears(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE log (at timestamptz, msg text)")
    conn.execute("CREATE TABLE codes (code text NOT NULL, label text)")
    conn.execute("CREATE UNIQUE INDEX codes_code ON codes (code)")
    conn.execute("CREATE VIEW v AS SELECT * FROM log")
    found = advise(pg_dsn, "no-primary-key")
    assert [f.path for f in found] == [("public", "codes"), ("public", "log")]
    assert found[0].fix is not None and "USING INDEX codes_code" in found[0].fix
    for f in found:
        apply_fix(conn, f.fix)
    assert advise(pg_dsn, "no-primary-key") == []


def test_partitions_report_once_on_the_parent(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE p (id int PRIMARY KEY)")
    conn.execute("CREATE TABLE m (day date, p_id int REFERENCES p, state text) PARTITION BY RANGE (day)")
    conn.execute("CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')")
    assert [f.path for f in advise(pg_dsn, "no-primary-key")] == [("public", "m")]
    assert [f.path[:2] for f in advise(pg_dsn, "fk-without-index")] == [("public", "m")]
    assert [f.path for f in advise(pg_dsn, "status-without-check")] == [("public", "m", "state")]
    (f,) = advise(pg_dsn, "fk-without-index")
    apply_fix(conn, f.fix)  # plain CREATE INDEX on the partitioned parent
    assert advise(pg_dsn, "fk-without-index") == []


def test_invalid_constraints_fire_then_clear(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE p (id int PRIMARY KEY)")
    conn.execute("CREATE TABLE c (id int PRIMARY KEY, p_id int, qty int)")
    conn.execute("CREATE INDEX ON c (p_id)")
    conn.execute("ALTER TABLE c ADD CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p NOT VALID")
    conn.execute("ALTER TABLE c ADD CONSTRAINT c_qty CHECK (qty > 0) NOT VALID")
    found = advise(pg_dsn, "invalid-constraint")
    assert [(f.path[2], f.object_type) for f in found] == [("c_p", "foreign_key"), ("c_qty", "check")]
    for f in found:
        apply_fix(conn, f.fix)
    assert advise(pg_dsn, "invalid-constraint") == []


def test_not_enforced_constraints_are_not_invalid_ones(pg_dsn: str, conn: Conn) -> None:
    # PostgreSQL 18: NOT ENFORCED constraints are never validated, by design; no VALIDATE to forget.
    if conn.info.server_version < 180000:
        pytest.skip("NOT ENFORCED constraints need PostgreSQL 18")
    conn.execute("CREATE TABLE p (id int PRIMARY KEY)")
    conn.execute("CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p NOT ENFORCED, qty int)")
    conn.execute("CREATE INDEX ON c (p_id)")
    conn.execute("ALTER TABLE c ADD CONSTRAINT c_qty CHECK (qty > 0) NOT ENFORCED")
    assert advise(pg_dsn, "invalid-constraint") == []


def test_status_without_check_fires_then_clears_with_the_filled_template(pg_dsn: str, conn: Conn) -> None:
    conn.execute(
        "CREATE TYPE mood AS ENUM ('ok', 'bad'); CREATE DOMAIN kind_d AS text CHECK (VALUE <> '');"
        "CREATE TABLE jobs (id int PRIMARY KEY, status varchar DEFAULT 'queued' NOT NULL, state mood,"
        " kind kind_d, job_type text CHECK (job_type IN ('a', 'b')), role varchar(20))"
    )
    found = advise(pg_dsn, "status-without-check")
    assert [f.path[2] for f in found] == ["role", "status"]
    status = found[1]
    assert status.fix is not None and "('queued', ...)" in status.fix
    apply_fix(conn, status.fix)  # pasted as is, the commented-out template runs and changes nothing
    assert len(advise(pg_dsn, "status-without-check")) == 2
    apply_fix(conn, status.fix, **{"...": "'running', 'done'", "-- ALTER": "ALTER"})
    apply_fix(conn, found[0].fix, **{"...": "'admin', 'member'", "-- ALTER": "ALTER"})
    assert advise(pg_dsn, "status-without-check") == []


def test_timestamp_without_timezone_fires_then_clears(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, at timestamp(3), ok timestamptz, many timestamp[])")
    conn.execute("INSERT INTO t VALUES (1, '2026-01-01 10:00', now(), ARRAY['2026-01-01 10:00'::timestamp])")
    found = advise(pg_dsn, "timestamp-without-timezone")
    assert [f.path[2] for f in found] == ["at", "many"]
    for f in found:
        apply_fix(conn, f.fix)
    assert advise(pg_dsn, "timestamp-without-timezone") == []
    assert conn.execute("SELECT at AT TIME ZONE 'UTC' FROM t").fetchone() == (
        __import__("datetime").datetime(2026, 1, 1, 10, 0),
    )


def test_plaintext_secrets(pg_dsn: str, conn: Conn) -> None:
    conn.execute(
        "CREATE TABLE accounts (id int PRIMARY KEY, access_token text, token_expiry timestamptz,"
        " api_key_hash text, password varchar, client_secret text, secret_count int)"
    )
    found = advise(pg_dsn, "plaintext-secret")
    assert {f.path[2]: f.severity for f in found} == {
        "access_token": "warning",
        "client_secret": "warning",
        "password": "info",
    }
    conn.execute("COMMENT ON COLUMN accounts.password IS 'argon2id hash'")
    conn.execute("ALTER TABLE accounts RENAME access_token TO access_token_encrypted")
    conn.execute("ALTER TABLE accounts ALTER client_secret TYPE bytea USING client_secret::bytea")
    assert advise(pg_dsn, "plaintext-secret") == []


def test_rls_and_public_grants_fire_then_clear(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE docs (id int PRIMARY KEY, owner text)")
    conn.execute("CREATE POLICY own ON docs USING (owner = current_user)")
    conn.execute("GRANT SELECT, UPDATE ON docs TO PUBLIC")
    (rls,) = advise(pg_dsn, "rls-disabled-with-policies")
    (grant,) = advise(pg_dsn, "public-table-grant")
    assert grant.severity == "warning" and grant.evidence is not None
    assert grant.evidence["privileges"] == ["SELECT", "UPDATE"]
    apply_fix(conn, rls.fix)
    apply_fix(conn, grant.fix)
    assert advise(pg_dsn, "rls-disabled-with-policies") == []
    assert advise(pg_dsn, "public-table-grant") == []


def test_fk_type_mismatch_fires_then_clears(pg_dsn: str, conn: Conn) -> None:
    conn.execute("CREATE TABLE p (id bigint PRIMARY KEY)")
    conn.execute("CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p)")
    (f,) = advise(pg_dsn, "fk-type-mismatch")
    assert f.path == ("public", "c", "p_id")
    apply_fix(conn, f.fix)
    assert advise(pg_dsn, "fk-type-mismatch") == []


def test_partitions_in_a_schema_whose_name_holds_a_dot(pg_dsn: str, conn: Conn) -> None:
    # partition_of reads "my.schema.m": the parent is found among the catalog's tables, not by
    # splitting at the first dot (which would find the plain table "schema.m" of schema "my").
    conn.execute('CREATE SCHEMA "my.schema"')
    conn.execute("CREATE SCHEMA my")
    conn.execute('CREATE TABLE my."schema.m" (id int PRIMARY KEY)')
    conn.execute('CREATE TABLE "my.schema".p (id int PRIMARY KEY)')
    conn.execute(
        'CREATE TABLE "my.schema".m (day date, p_id int REFERENCES "my.schema".p, state text)'
        " PARTITION BY RANGE (day)"
    )
    conn.execute(
        'CREATE TABLE "my.schema".m_2026 PARTITION OF "my.schema".m'
        " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"
    )
    assert [f.path for f in advise(pg_dsn, "no-primary-key")] == [("my.schema", "m")]
    assert [f.path for f in advise(pg_dsn, "status-without-check")] == [("my.schema", "m", "state")]
    (f,) = advise(pg_dsn, "fk-without-index")
    assert f.path[:2] == ("my.schema", "m")
    apply_fix(conn, f.fix)
    assert advise(pg_dsn, "fk-without-index") == []
    conn.execute('DROP TABLE my."schema.m"')  # nothing at the first dot's split: still one parent
    assert [f.path for f in advise(pg_dsn, "no-primary-key")] == [("my.schema", "m")]
