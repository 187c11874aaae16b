"""Round trip against a real server: reflect, write, load gives the reflected catalog back exactly."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import psycopg
from expected_full_catalog import without_extension_objects

from drift.catalog import reflect
from drift.cli import main
from drift.model.catalog import Catalog
from drift.sources.expected import load_expected, write_expected

EVERY_KIND_SQL = r"""
CREATE SCHEMA "Odd Schema ünï";
COMMENT ON SCHEMA "Odd Schema ünï" IS 'odd one';
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'null', 'it''s');
COMMENT ON TYPE mood IS 'how it feels';
CREATE DOMAIN positive AS numeric(12,2) NOT NULL DEFAULT 1 CHECK (VALUE > 0) CHECK (VALUE < 1000000);
CREATE DOMAIN email AS text COLLATE "C";
CREATE SEQUENCE plain_seq;
CREATE SEQUENCE odd_seq AS integer START 100 INCREMENT -2 MINVALUE -1000 MAXVALUE 1000 CACHE 5 CYCLE;
COMMENT ON SEQUENCE odd_seq IS 'counts down';
CREATE TABLE "Odd Schema ünï".orgs (id integer PRIMARY KEY, "Name With Space" text NOT NULL);
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id integer NOT NULL REFERENCES "Odd Schema ünï".orgs (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    email text COLLATE "C" NOT NULL UNIQUE,
    status character varying(20) DEFAULT 'active'::character varying,
    feeling mood DEFAULT 'ok',
    price positive,
    created_at timestamp with time zone NOT NULL DEFAULT now(),
    slug text GENERATED ALWAYS AS (lower(email)) STORED,
    "on" integer DEFAULT 0,
    "select" text[] DEFAULT '{}'::text[],
    counter integer DEFAULT nextval('plain_seq'),
    CONSTRAINT users_status_check CHECK (status::text <> ''),
    CONSTRAINT users_org_unique UNIQUE NULLS NOT DISTINCT (org_id, status)
);
ALTER TABLE users DROP COLUMN "on";
ALTER TABLE users ADD COLUMN late_comer integer;
ALTER TABLE users ADD CONSTRAINT users_late_check CHECK (late_comer > 0) NOT VALID;
COMMENT ON TABLE users IS E'People who log in.\nSecond line.';
COMMENT ON COLUMN users.email IS 'login';
CREATE INDEX users_lower_email_idx ON users (lower(email));
CREATE INDEX users_partial_idx ON users (org_id, created_at DESC) INCLUDE (status) WHERE status IS NOT NULL;
CREATE INDEX users_select_gin ON users USING gin ("select");
COMMENT ON INDEX users_partial_idx IS 'partial';
CREATE UNIQUE INDEX users_email_upper ON users (upper(email));
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.created_at := now();  
	RETURN NEW;
END;
$$;
CREATE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION add(a numeric, b numeric) RETURNS numeric LANGUAGE sql STABLE SECURITY DEFINER AS 'SELECT a + b';
COMMENT ON FUNCTION add(integer, integer) IS 'adds';
CREATE PROCEDURE do_things(IN x integer, INOUT y text) LANGUAGE plpgsql AS $$ BEGIN y := y || x; END $$;
CREATE AGGREGATE total(integer) (sfunc = int4pl, stype = integer);
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER users_touch_off AFTER INSERT ON users FOR EACH STATEMENT EXECUTE FUNCTION touch();
ALTER TABLE users DISABLE TRIGGER users_touch_off;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY everyone ON users USING (true);
CREATE POLICY "own rows" ON users AS RESTRICTIVE FOR UPDATE TO drift_reader_x
    USING (id = current_setting('app.user_id')::bigint) WITH CHECK (org_id IS NOT NULL);
GRANT SELECT ON users TO PUBLIC;
GRANT INSERT, UPDATE ON users TO drift_reader_x WITH GRANT OPTION;
CREATE TABLE events (day date NOT NULL, payload jsonb) PARTITION BY RANGE (day);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE INDEX events_day_idx ON events (day);
CREATE TABLE parent_t (a integer);
CREATE TABLE child_t (b integer) INHERITS (parent_t);
CREATE UNLOGGED TABLE scratch (x integer);
CREATE TABLE no_columns ();
CREATE VIEW active_users AS SELECT id, email FROM users WHERE status = 'active';
COMMENT ON VIEW active_users IS 'who is active';
CREATE MATERIALIZED VIEW user_counts AS SELECT org_id, count(*) AS n FROM users GROUP BY org_id;
CREATE UNIQUE INDEX user_counts_org ON user_counts (org_id);
"""

# UNIQUE NULLS NOT DISTINCT is new in PostgreSQL 15: older servers get a plain UNIQUE there.
NULLS_NOT_DISTINCT = ("UNIQUE NULLS NOT DISTINCT (org_id, status)", "UNIQUE (org_id, status)")

OPTIONAL_SQL = {
    "btree_gist": """
        CREATE EXTENSION btree_gist;
        CREATE TABLE reservations (room integer, during tsrange,
            CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&));
    """,
    "pgcrypto": "CREATE EXTENSION pgcrypto;",
    "hstore": 'CREATE EXTENSION hstore SCHEMA "Odd Schema ünï";',
}


def _setup(conn: psycopg.Connection[Any], make_role: Any) -> None:
    """Every object kind; policies and grants name a role made for this test (dropped after it).
    On a server older than PostgreSQL 15 the unique key is a plain one (NULLS_NOT_DISTINCT)."""
    role = f"reader_{uuid.uuid4().hex[:8]}"
    make_role(role)
    every_kind = EVERY_KIND_SQL.replace("drift_reader_x", role)
    if conn.info.server_version < 150000:
        assert NULLS_NOT_DISTINCT[0] in every_kind
        every_kind = every_kind.replace(*NULLS_NOT_DISTINCT)
    conn.execute(every_kind)
    available = {row[0] for row in conn.execute("SELECT name FROM pg_available_extensions").fetchall()}
    for name, sql in OPTIONAL_SQL.items():
        if name in available:
            conn.execute(sql)


def _round_trip(catalog: Catalog, out: Path) -> None:
    write_expected(catalog, out)
    loaded = load_expected(out).catalog
    expected = without_extension_objects(catalog)
    assert loaded == expected
    # and the files do not change when written again from what was loaded
    again = out.parent / (out.name + "-again")
    write_expected(loaded, again)
    for path in sorted(out.iterdir()):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_every_object_kind_round_trips(
    pg_conn: psycopg.Connection[Any], pg_dsn: str, make_role: Any, tmp_path: Path
) -> None:
    _setup(pg_conn, make_role)
    catalog = reflect(pg_dsn, with_stats=False).catalog
    public = catalog.get_schema("public")
    assert public is not None and public.get_table("users") is not None
    _round_trip(catalog, tmp_path / "expected")


def test_renexus_round_trips(renexus_dsn: str, tmp_path: Path) -> None:
    catalog = reflect(renexus_dsn, with_stats=False).catalog
    assert catalog.table_count > 5
    _round_trip(catalog, tmp_path / "expected")


def _run(*args: str) -> int:
    try:
        return main(list(args))
    except SystemExit as exc:
        return int(exc.code or 0)


def check_drift(capsys: Any, dsn: str, expected: Path) -> tuple[int, list[dict[str, Any]]]:
    """`drift check --json --no-advice` of `expected` against `dsn`: exit code and drift findings."""
    capsys.readouterr()
    code = _run("check", "--dsn", dsn, "--expected", str(expected), "--json", "--no-advice")
    report = json.loads(capsys.readouterr().out)
    return code, [f for f in report["findings"] if f["category"] == "drift"]


def test_init_command(pg_conn: psycopg.Connection[Any], pg_dsn: str, tmp_path: Path, capsys: Any) -> None:
    pg_conn.execute(
        "CREATE TABLE t (id integer PRIMARY KEY); CREATE SCHEMA other; CREATE TABLE other.o (x int);"
    )
    out = tmp_path / "expected_schema"
    assert _run("init", "--dsn", pg_dsn, "--out", str(out)) == 0
    stdout = capsys.readouterr().out
    assert f"wrote {out / 'public.yaml'}" in stdout and f"wrote {out / '_database.yaml'}" in stdout
    assert "written to" in stdout
    assert (out / "other.yaml").is_file() and (out / "schema.json").is_file()
    assert "unexpected: warn" in (out / "_database.yaml").read_text()

    # a non-empty directory needs --force
    assert _run("init", "--dsn", pg_dsn, "--out", str(out)) == 2
    assert "not empty; use --force" in capsys.readouterr().err

    # --force replaces the expected-schema files (a stale schema file goes) and keeps the others
    (out / "gone.yaml").write_text("schema: gone\n")
    (out / "README.md").write_text("ours")
    before = (out / "public.yaml").read_bytes()
    assert _run("init", "--dsn", pg_dsn, "--out", str(out), "--force") == 0
    stdout = capsys.readouterr().out
    assert f"removed {out / 'gone.yaml'}" in stdout and "removed" not in stdout.replace(
        f"removed {out / 'gone.yaml'}", ""
    )
    assert not (out / "gone.yaml").exists() and (out / "README.md").read_text() == "ours"
    assert (out / "public.yaml").read_bytes() == before  # deterministic
    assert load_expected(out).unexpected == {}  # every schema follows _database.yaml

    # with a schema filter, only those schemas are described and other schemas are not drift
    assert (
        _run("init", "--dsn", pg_dsn, "--out", str(out), "--force", "-n", "public", "--unexpected", "error")
        == 0
    )
    assert f"removed {out / 'other.yaml'}" in capsys.readouterr().out
    loaded = load_expected(out)
    assert [s.name for s in loaded.catalog.schemas] == ["public"]
    assert (loaded.policy_for("public"), loaded.policy_for("other")) == ("error", "ignore")


def test_init_bad_input(tmp_path: Path, capsys: Any) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    assert _run("init", "--dsn", "postgresql://nobody@127.0.0.1:1/x", "--out", str(target)) == 2
    assert "is a file, not a directory" in capsys.readouterr().err
    assert _run("init", "--out", str(tmp_path / "d"), "--unexpected", "maybe") == 2
    assert "unknown --unexpected 'maybe'" in capsys.readouterr().err
