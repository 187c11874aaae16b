"""The fix script orders statements safely, marks hazards and comments out data loss (no server)."""

from __future__ import annotations

import pytest

from drift.fix_hazards import NO_HAZARD, hazards_of, phase_of
from drift.fix_script import fix_script, ordered_statements, split_sql
from drift.model import Finding


def _finding(object_type: str, change: str, fix: str, path: tuple[str, ...]) -> Finding:
    return Finding(
        category="drift",
        rule=f"{object_type}.{change}",
        severity="error",
        object_type=object_type,  # type: ignore[arg-type]
        change=change,  # type: ignore[arg-type]
        path=path,
        message="m",
        fix=fix,
    )


FK_FIX = (
    "ALTER TABLE public.b ADD CONSTRAINT b_a_fkey FOREIGN KEY (a_id) REFERENCES public.a (id) NOT VALID;\n"
    "ALTER TABLE public.b VALIDATE CONSTRAINT b_a_fkey;"
)


def body(script: str) -> list[str]:
    """The script's statement lines (no comments, no blank lines)."""
    return [line for line in script.splitlines() if line and not line.startswith("--")]


def test_steps_and_dependency_order() -> None:
    findings = [
        _finding("foreign_key", "missing", FK_FIX, ("public", "b", "b_a_fkey")),
        _finding(
            "table",
            "missing",
            "CREATE TABLE public.z (id integer PRIMARY KEY, a_id integer);\n"
            "ALTER TABLE public.z ADD CONSTRAINT z_a_fkey FOREIGN KEY (a_id) REFERENCES public.a (id);",
            ("public", "z"),
        ),
        _finding("table", "missing", "CREATE TABLE public.a (id integer PRIMARY KEY);", ("public", "a")),
        _finding(
            "index",
            "missing",
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS b_x ON public.b (x);",
            ("public", "b", "b_x"),
        ),
        _finding(
            "index",
            "unexpected",
            "DROP INDEX CONCURRENTLY IF EXISTS public.old_idx;",
            ("public", "b", "old_idx"),
        ),
        _finding("trigger", "unexpected", "DROP TRIGGER IF EXISTS trg ON public.b;", ("public", "b", "trg")),
        _finding(
            "enum",
            "changed",
            "ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'meh' AFTER 'ok';",
            ("public", "mood"),
        ),
        _finding(
            "column",
            "changed",
            "ALTER TABLE public.b ALTER COLUMN c SET DEFAULT 'meh'::public.mood;",
            ("public", "b", "c"),
        ),
    ]
    assert body(fix_script(findings)) == [
        "SET lock_timeout = '2s';",
        "SET check_function_bodies = off;",
        "ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'meh' AFTER 'ok';",
        "BEGIN;",
        "DROP TRIGGER IF EXISTS trg ON public.b;",
        "CREATE TABLE public.a (id integer PRIMARY KEY);",
        "CREATE TABLE public.z (id integer PRIMARY KEY, a_id integer);",
        "ALTER TABLE public.b ALTER COLUMN c SET DEFAULT 'meh'::public.mood;",
        "COMMIT;",
        "RESET lock_timeout;",
        "DROP INDEX CONCURRENTLY IF EXISTS public.old_idx;",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS b_x ON public.b (x);",
        # Foreign keys after every table and key exists, with the lock timeout back on.
        "SET lock_timeout = '2s';",
        "ALTER TABLE public.z ADD CONSTRAINT z_a_fkey FOREIGN KEY (a_id) REFERENCES public.a (id);",
        "ALTER TABLE public.b ADD CONSTRAINT b_a_fkey FOREIGN KEY (a_id) REFERENCES public.a (id) NOT VALID;",
        "RESET lock_timeout;",
        "ALTER TABLE public.b VALIDATE CONSTRAINT b_a_fkey;",
    ]


def test_every_statement_has_hazard_comments() -> None:
    findings = [
        _finding(
            "table",
            "missing",
            "CREATE TABLE public.a (id integer);\nCOMMENT ON TABLE public.a IS 'x';",
            ("public", "a"),
        ),
        _finding("foreign_key", "missing", FK_FIX, ("public", "b", "b_a_fkey")),
        _finding("column", "unexpected", "ALTER TABLE public.b DROP COLUMN junk;", ("public", "b", "junk")),
    ]
    lines = fix_script(findings).splitlines()
    for i, line in enumerate(lines):
        statement = line.removeprefix("-- ") if line.startswith("-- ALTER") else line
        if (
            statement
            and not statement.startswith("--")
            and statement not in ("BEGIN;", "COMMIT;", "RESET lock_timeout;")
        ):
            if statement.startswith(("SET lock_timeout", "SET check_function_bodies")):
                continue
            above = lines[max(0, i - 6) : i]
            assert any(a.startswith("-- hazard: ") for a in above), f"no hazard above {line!r}"


def test_destructive_fixes_are_commented_out_as_a_whole() -> None:
    generated = _finding(
        "column",
        "changed",
        "ALTER TABLE public.t DROP COLUMN g;\nALTER TABLE public.t ADD COLUMN g integer GENERATED ALWAYS AS (a * 2) STORED;",
        ("public", "t", "g"),
    )
    drop = _finding("table", "unexpected", "DROP TABLE public.junk;", ("public", "junk"))
    script = fix_script([generated, drop])
    assert "-- DROP TABLE public.junk;" in script
    assert "-- ALTER TABLE public.t DROP COLUMN g;" in script
    # The re-add depends on the drop, so it is left out with it.
    assert "-- ALTER TABLE public.t ADD COLUMN g integer GENERATED ALWAYS AS (a * 2) STORED;" in script
    assert "-- hazard: deletes data" in script
    assert "3 statement(s) that lose data are commented out" in script
    assert body(script) == [
        "SET lock_timeout = '2s';",
        "SET check_function_bodies = off;",
        "BEGIN;",
        "COMMIT;",
    ]

    allowed = fix_script([generated, drop], allow_destructive=True)
    assert "\nDROP TABLE public.junk;" in allowed
    assert "\nALTER TABLE public.t DROP COLUMN g;" in allowed
    assert "commented out" not in allowed


def test_unexpected_tables_are_dropped_together() -> None:
    findings = [
        _finding("table", "unexpected", "DROP TABLE public.child;", ("public", "child")),
        _finding("table", "unexpected", "DROP TABLE public.parent;", ("public", "parent")),
        _finding("view", "unexpected", "DROP VIEW public.v;", ("public", "v")),
    ]
    assert body(fix_script(findings, allow_destructive=True)) == [
        "SET lock_timeout = '2s';",
        "SET check_function_bodies = off;",
        "BEGIN;",
        "DROP VIEW public.v;",
        "DROP TABLE public.child, public.parent;",
        "COMMIT;",
    ]


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("ALTER TABLE t ALTER COLUMN c TYPE bigint;", ("rewrites table", "takes ACCESS EXCLUSIVE lock")),
        ("ALTER TABLE t ALTER COLUMN c SET NOT NULL;", ("scans table", "fails if NULLs exist")),
        ("CREATE INDEX CONCURRENTLY i ON t (c);", ("builds index", "cannot run inside a transaction block")),
        ("CREATE INDEX i ON t (c);", ("builds index", "blocks writes (SHARE lock)")),
        ("CREATE UNIQUE INDEX CONCURRENTLY i ON t (c);", ("fails if duplicates exist", "builds index")),
        ("ALTER TABLE t ADD CONSTRAINT u UNIQUE (c);", ("builds index",)),
        (
            "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (c) REFERENCES p (id) NOT VALID;",
            ("takes SHARE ROW EXCLUSIVE lock on both tables (brief)",),
        ),
        (
            "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (c) REFERENCES p (id);",
            ("scans table", "fails if rows violate it"),
        ),
        ("ALTER TABLE t ADD CONSTRAINT k CHECK (c > 0) NOT VALID;", ("takes ACCESS EXCLUSIVE lock (brief)",)),
        (
            "ALTER TABLE t VALIDATE CONSTRAINT k;",
            ("scans table", "takes SHARE UPDATE EXCLUSIVE lock (reads and writes go on)"),
        ),
        ("ALTER TABLE t ADD COLUMN c integer;", ("takes ACCESS EXCLUSIVE lock (brief)",)),
        ("ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid();", ("rewrites table",)),
        ("ALTER TABLE t DROP COLUMN c;", ("deletes data", "takes ACCESS EXCLUSIVE lock")),
        ("DROP TABLE t;", ("deletes data",)),
        ("DROP SCHEMA s CASCADE;", ("deletes data", "drops every object in the schema")),
        ("DROP INDEX CONCURRENTLY IF EXISTS i;", ("cannot run inside a transaction block",)),
        ("DROP POLICY IF EXISTS p ON t;", ("changes which rows each role can see or write",)),
        ("ALTER TABLE t ENABLE ROW LEVEL SECURITY;", ("changes which rows each role can see or write",)),
        ("REVOKE SELECT ON t FROM app;", ("removes access the application may rely on",)),
        ("ALTER TYPE m ADD VALUE 'x';", ("the new label is usable only after commit",)),
        ("CREATE TABLE t (id integer);", (NO_HAZARD,)),
        ("COMMENT ON TABLE t IS 'x';", (NO_HAZARD,)),
    ],
)
def test_hazards(sql: str, expected: tuple[str, ...]) -> None:
    found = hazards_of(sql)
    for hazard in expected:
        assert hazard in found, (sql, found)


def test_primary_key_attached_after_its_concurrent_index_and_before_foreign_keys() -> None:
    pk = _finding(
        "primary_key",
        "missing",
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS a_pkey ON public.a (id);\n"
        "ALTER TABLE public.a ADD CONSTRAINT a_pkey PRIMARY KEY USING INDEX a_pkey;",
        ("public", "a", "a_pkey"),
    )
    fk = _finding("foreign_key", "missing", FK_FIX, ("public", "b", "b_a_fkey"))
    lines = body(fix_script([fk, pk]))
    index = lines.index("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS a_pkey ON public.a (id);")
    attach = lines.index("ALTER TABLE public.a ADD CONSTRAINT a_pkey PRIMARY KEY USING INDEX a_pkey;")
    add_fk = next(i for i, line in enumerate(lines) if "ADD CONSTRAINT b_a_fkey" in line)
    validate = next(i for i, line in enumerate(lines) if "VALIDATE CONSTRAINT b_a_fkey" in line)
    assert index < attach < add_fk < validate


def test_phases() -> None:
    assert phase_of("CREATE INDEX CONCURRENTLY i ON t (c)") == "concurrent"
    assert phase_of("DROP INDEX CONCURRENTLY IF EXISTS i") == "concurrent"
    assert phase_of("ALTER TABLE t VALIDATE CONSTRAINT k") == "validate"
    assert phase_of("ALTER TYPE m ADD VALUE 'x'") == "enum_values"
    assert phase_of("CREATE INDEX i ON t (c)") == "transaction"
    assert (
        phase_of("ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (c) REFERENCES p (id) NOT VALID")
        == "constraints"
    )
    assert phase_of("ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey") == "constraints"
    assert phase_of("ALTER TABLE t ADD CONSTRAINT u UNIQUE (c)") == "transaction"


@pytest.mark.parametrize("name", ['"my pk"', '"a "" b"', '"Ünï Cödé"', '"FOREIGN KEY"'])
def test_phases_of_quoted_names_with_spaces_are_those_of_plain_ones(name: str) -> None:
    assert phase_of(f"ALTER TABLE t ADD CONSTRAINT {name} PRIMARY KEY USING INDEX {name}") == "constraints"
    assert phase_of(f"ALTER TABLE t ADD CONSTRAINT {name} FOREIGN KEY (c) REFERENCES p (id) NOT VALID") == (
        "constraints"
    )
    assert phase_of(f"ALTER TABLE t ADD CONSTRAINT {name} CHECK (c > 0) NOT VALID") == phase_of(
        "ALTER TABLE t ADD CONSTRAINT k CHECK (c > 0) NOT VALID"
    )
    assert "rewrites table" in hazards_of(
        f"ALTER TABLE t ALTER COLUMN {name} TYPE bigint USING {name}::bigint"
    )


def test_split_keeps_dollar_quoted_bodies_whole_and_adds_semicolons() -> None:
    sql = "CREATE FUNCTION f() RETURNS int AS $$\nSELECT 1;\n$$ LANGUAGE sql;\nSELECT 2"
    assert split_sql(sql) == [
        "CREATE FUNCTION f() RETURNS int AS $$\nSELECT 1;\n$$ LANGUAGE sql;",
        "SELECT 2;",
    ]


def test_duplicate_statements_appear_once() -> None:
    fix = "CREATE SCHEMA IF NOT EXISTS app;"
    findings = [
        _finding("table", "missing", fix + "\nCREATE TABLE app.a (id integer);", ("app", "a")),
        _finding("table", "missing", fix + "\nCREATE TABLE app.b (id integer);", ("app", "b")),
    ]
    assert [s.sql for s in ordered_statements(findings)].count(fix) == 1


def test_nothing_to_fix() -> None:
    script = fix_script([])
    assert "Nothing to fix" in script and "BEGIN" not in script


def test_types_and_sequences_are_dropped_after_the_changes_that_let_go_of_them() -> None:
    findings = [
        _finding("domain", "unexpected", "DROP DOMAIN public.d;", ("public", "d")),
        _finding("sequence", "unexpected", "DROP SEQUENCE public.s;", ("public", "s")),
        _finding("comment", "missing", "COMMENT ON VIEW public.v IS 'x';", ("public", "v")),
        _finding(
            "view", "changed", "DROP VIEW public.v;\nCREATE VIEW public.v AS SELECT 1;", ("public", "v")
        ),
        _finding(
            "column",
            "changed",
            "ALTER TABLE public.t ALTER COLUMN a TYPE integer USING a::integer;",
            ("public", "t", "a"),
        ),
        _finding(
            "column", "changed", "ALTER TABLE public.t ALTER COLUMN b DROP DEFAULT;", ("public", "t", "b")
        ),
    ]
    lines = body(fix_script(findings, allow_destructive=True))
    order = [next(i for i, line in enumerate(lines) if line.startswith(p)) for p in (
        "ALTER TABLE public.t ALTER COLUMN a TYPE",
        "ALTER TABLE public.t ALTER COLUMN b DROP DEFAULT",
        "CREATE VIEW public.v",
        "DROP SEQUENCE public.s",
        "DROP DOMAIN public.d",
        "COMMENT ON VIEW public.v",
    )]  # fmt: skip
    assert order == sorted(order)


def test_missing_views_follow_the_views_they_read_and_a_cycle_keeps_its_order() -> None:
    def view(name: str, sql: str) -> Finding:
        return _finding("view", "missing", sql, ("public", name))

    chain = [
        view("a", "CREATE VIEW public.a AS SELECT x FROM b;"),
        view("b", "CREATE VIEW public.b AS SELECT x FROM public.c;"),
        view("c", "CREATE VIEW public.c AS SELECT 1 AS x;"),
        # a column named b reads as a use of view b: harmless, it only comes later
        view("ab", "CREATE VIEW public.ab AS SELECT 1 AS b;"),
    ]
    lines = [line for line in body(fix_script(chain)) if line.startswith("CREATE VIEW")]
    order = [line.split()[2] for line in lines]
    assert order.index("public.c") < order.index("public.b") < order.index("public.a")
    assert sorted(order) == ["public.a", "public.ab", "public.b", "public.c"]
    cycle = [
        view("x", "CREATE VIEW public.x AS SELECT * FROM y;"),
        view("y", "CREATE VIEW public.y AS SELECT * FROM x;"),
    ]
    lines = [line for line in body(fix_script(cycle)) if line.startswith("CREATE VIEW")]
    assert [line.split()[2] for line in lines] == ["public.x", "public.y"]
