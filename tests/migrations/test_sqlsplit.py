"""The statement splitter sends what psql would send, and knows which line each statement starts on."""

from __future__ import annotations

import pytest

from drift.sqlsplit import SqlSplitError, split_statements


def texts(sql: str) -> list[str]:
    return [s.text for s in split_statements(sql)]


def test_plain_statements_and_lines() -> None:
    sql = "CREATE TABLE a (id int);\n\n-- a comment; with a semicolon\nCREATE TABLE b (\n  id int\n);\n"
    stmts = split_statements(sql)
    assert [(s.line, s.text) for s in stmts] == [
        (1, "CREATE TABLE a (id int);"),
        (4, "CREATE TABLE b (\n  id int\n);"),
    ]


def test_first_line_offset() -> None:
    assert split_statements("\nSELECT 1;", first_line=10)[0].line == 11


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 'a;b';",
        "SELECT 'it''s;';",
        "SELECT E'\\';';",
        'SELECT 1 AS "x;y";',
        "SELECT $$;$$;",
        "SELECT $tag$ $$; $tag$;",
        "SELECT /* ; /* nested ; */ ; */ 1;",
        "SELECT 1 -- ;\n+ 1;",
    ],
)
def test_semicolons_inside_literals_comments_and_quotes(sql: str) -> None:
    assert texts(sql) == [sql]


def test_dollar_quoted_function_body() -> None:
    fn = "CREATE FUNCTION f() RETURNS int AS $body$\nBEGIN\n  RETURN 1;\nEND;\n$body$ LANGUAGE plpgsql;"
    assert texts(fn + "\nSELECT f();") == [fn, "SELECT f();"]


def test_begin_atomic_body_is_one_statement() -> None:
    fn = (
        "CREATE OR REPLACE FUNCTION g(a int) RETURNS int LANGUAGE sql\n"
        "BEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n  SELECT a;\nEND;"
    )
    assert texts(fn + "\nSELECT 2;") == [fn, "SELECT 2;"]


def test_transaction_begin_is_not_a_routine_body() -> None:
    assert texts("BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;") == [
        "BEGIN;",
        "CREATE TABLE t (id int);",
        "COMMIT;",
    ]


def test_parentheses_keep_a_rule_action_whole() -> None:
    rule = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO log VALUES (1); INSERT INTO log VALUES (2));"
    assert texts(rule) == [rule]


def test_dollar_in_identifier_is_not_a_quote() -> None:
    assert texts("SELECT a$b$ FROM t;\nSELECT 2;") == ["SELECT a$b$ FROM t;", "SELECT 2;"]


def test_drizzle_breakpoints_are_comments() -> None:
    sql = 'CREATE TABLE "a" (id int);\n--> statement-breakpoint\nCREATE TABLE "b" (id int);\n'
    stmts = split_statements(sql)
    assert [(s.line, s.text) for s in stmts] == [
        (1, 'CREATE TABLE "a" (id int);'),
        (3, 'CREATE TABLE "b" (id int);'),
    ]


def test_last_statement_without_semicolon_and_comment_only_tail() -> None:
    assert texts("SELECT 1;\nSELECT 2\n") == ["SELECT 1;", "SELECT 2"]
    assert texts("SELECT 1;\n-- the end\n/* really */\n") == ["SELECT 1;"]
    assert texts("-- nothing here\n") == []


def test_psql_meta_command_is_refused_with_its_line() -> None:
    with pytest.raises(SqlSplitError) as info:
        split_statements("SELECT 1;\n\\connect other\nSELECT 2;")
    assert info.value.line == 2
    assert "\\connect" in info.value.message


def test_non_ascii_text_keeps_lines() -> None:
    stmts = split_statements("COMMENT ON TABLE t IS 'résumé; ünïcode';\nSELECT 'ß';")
    assert [s.line for s in stmts] == [1, 2]
