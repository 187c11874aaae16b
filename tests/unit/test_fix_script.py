"""The fix script orders statements safely, marks hazards and comments out data loss."""

from __future__ import annotations

from drift.fix_script import fix_script, hazards_of, split_sql
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


def test_drops_come_first_and_foreign_keys_after_tables() -> None:
    findings = [
        _finding(
            "foreign_key",
            "missing",
            'ALTER TABLE "public"."b" ADD CONSTRAINT "b_a_fkey" FOREIGN KEY ("a_id") '
            'REFERENCES "public"."a" ("id") NOT VALID;\n'
            'ALTER TABLE "public"."b" VALIDATE CONSTRAINT "b_a_fkey";',
            ("public", "b", "b_a_fkey"),
        ),
        _finding(
            "table", "missing", 'CREATE TABLE "public"."a" ("id" integer PRIMARY KEY);', ("public", "a")
        ),
        _finding(
            "index", "unexpected", 'DROP INDEX CONCURRENTLY "public"."old_idx";', ("public", "b", "old_idx")
        ),
        _finding(
            "column", "unexpected", 'ALTER TABLE "public"."b" DROP COLUMN "junk";', ("public", "b", "junk")
        ),
    ]
    script = fix_script(findings)
    create = script.index('CREATE TABLE "public"."a"')
    fk = script.index("ADD CONSTRAINT")
    validate = script.index("VALIDATE CONSTRAINT")
    assert create < fk < validate
    assert script.index("SET lock_timeout") < create
    # The concurrent index drop is outside the transaction block.
    assert script.index("COMMIT;") < script.index("DROP INDEX CONCURRENTLY")
    # Data loss is commented out by default, with its hazard named.
    assert '-- ALTER TABLE "public"."b" DROP COLUMN "junk";' in script
    assert "-- hazard: deletes data" in script


def test_allow_destructive_keeps_drops() -> None:
    f = _finding("table", "unexpected", 'DROP TABLE "public"."t";', ("public", "t"))
    assert '\nDROP TABLE "public"."t";' in fix_script([f], allow_destructive=True)
    assert '\n-- DROP TABLE "public"."t";' in fix_script([f])


def test_hazards() -> None:
    assert hazards_of('ALTER TABLE "t" ALTER COLUMN "c" TYPE bigint;') == (
        "rewrites table",
        "takes ACCESS EXCLUSIVE lock",
    )
    assert "builds index" in hazards_of('CREATE INDEX CONCURRENTLY "i" ON "t" ("c");')
    assert "scans table" in hazards_of('ALTER TABLE "t" ALTER COLUMN "c" SET NOT NULL;')


def test_split_keeps_dollar_quoted_bodies_whole() -> None:
    sql = "CREATE FUNCTION f() RETURNS int AS $$\nSELECT 1;\n$$ LANGUAGE sql;\nSELECT 2;"
    assert split_sql(sql) == [
        "CREATE FUNCTION f() RETURNS int AS $$\nSELECT 1;\n$$ LANGUAGE sql;",
        "SELECT 2;",
    ]


def test_nothing_to_fix() -> None:
    assert "Nothing to fix" in fix_script([])
