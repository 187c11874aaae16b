"""Normalisation: equivalent spellings compare equal, different meanings do not."""

from __future__ import annotations

import pytest

from drift.diff.normalize import (
    canonical_body,
    canonical_expr,
    canonical_index_key,
    canonical_trigger,
    column_types,
    is_serial,
    nextval_sequence,
    normalize_arguments,
    normalize_default,
    normalize_type,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("int4", "integer"),
        ("INT", "integer"),
        ("int", "int4"),
        ("int8", "bigint"),
        ("int2", "smallint"),
        ("varchar(255)", "character varying(255)"),
        ("VARCHAR", "character varying"),
        ("timestamptz", "timestamp with time zone"),
        ("timestamptz(3)", "timestamp(3) with time zone"),
        ("timestamp", "timestamp without time zone"),
        ("time", "time without time zone"),
        ("timetz", "time with time zone"),
        ("bool", "boolean"),
        ("float8", "double precision"),
        ("float", "double precision"),
        ("float4", "real"),
        ("float(10)", "real"),
        ("decimal(10, 2)", "numeric(10,2)"),
        ("decimal", "numeric"),
        ("numeric(10)", "numeric(10,0)"),
        ("decimal(10)", "numeric(10, 0)"),
        ("char", "character(1)"),
        ("char(3)", "character(3)"),
        ("bpchar(3)", "character(3)"),
        ("_int4", "integer[]"),
        ("int[]", "integer[]"),
        ("integer ARRAY", "integer[]"),
        ("integer[][]", "integer[]"),
        ("serial", "integer"),
        ("bigserial", "bigint"),
        ("smallserial", "smallint"),
        ("public.mood", "mood"),
        ("pg_catalog.text", "text"),
        ('"mood"', "mood"),
        ("varbit(3)", "bit varying(3)"),
        ("  character   varying( 20 ) ", "character varying(20)"),
        # (6) is the types' own resolution, microseconds
        ("timestamp(6) without time zone", "timestamp without time zone"),
        ("timestamptz(6)", "timestamp with time zone"),
        ("time(6) with time zone", "timetz"),
        ("interval(6)", "interval"),
        ("interval day to second(6)", "interval day to second"),
    ],
)
def test_type_aliases_are_equal(a: str, b: str) -> None:
    assert normalize_type(a) == normalize_type(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("integer", "bigint"),
        ("varchar(20)", "varchar(30)"),
        ("varchar", "text"),
        ("timestamp", "timestamptz"),
        ('"char"', "char"),
        ('"Mood"', "mood"),
        ("bpchar", "char"),
        ("integer[]", "integer"),
        ("numeric(10,2)", "numeric"),
        ("timestamp(3)", "timestamp"),
        ("interval(0)", "interval"),
        ("interval day", "interval"),
    ],
)
def test_different_types_stay_different(a: str, b: str) -> None:
    assert normalize_type(a) != normalize_type(b)


def test_serial_detection() -> None:
    assert is_serial("serial") and is_serial("BIGSERIAL") and is_serial("serial8")
    assert not is_serial("integer")


@pytest.mark.parametrize(
    ("a", "b", "column_type"),
    [
        ("'active'::character varying", "'active'", "character varying(20)"),
        ("'active'::text", "'active'", "text"),
        ("'0'::numeric", "0", "numeric"),
        ("'-1'::integer", "-1", "integer"),
        ("(0)::numeric", "0", "numeric"),
        ("now()", "CURRENT_TIMESTAMP", "timestamp with time zone"),
        ("transaction_timestamp()", "now()", "timestamp with time zone"),
        ("nextval('users_id_seq'::regclass)", "nextval('public.users_id_seq'::regclass)", "integer"),
        ("nextval('\"Users_id_seq\"'::regclass)", "nextval('public.\"Users_id_seq\"')", "integer"),
        ("'{}'::jsonb", "'{}'", "jsonb"),
        ("TRUE", "true", "boolean"),
        ("gen_random_uuid()", "GEN_RANDOM_UUID( )", "uuid"),
        ("NULL::text", None, "text"),
        ("now() + interval '1 day'", "(now() + '1 day'::interval)", "timestamp with time zone"),
        ("date '2024-01-01'", "'2024-01-01'::date", "date"),
        # arrays: ARRAY[...] of literals and the '{...}' literal are one value
        ("ARRAY[]::text[]", "'{}'::text[]", "text[]"),
        ("ARRAY['a'::text, 'b c'::text]", "'{a,\"b c\"}'::text[]", "text[]"),
        ("ARRAY[1, -2]", "'{1,-2}'::integer[]", "integer[]"),
        ("ARRAY['x'::character varying]", "'{x}'::character varying[]", "character varying(5)[]"),
        ("'{ a , b }'", "'{a,b}'", "text[]"),
        ("ARRAY['', 'NULL', 'x\"y']", r"""'{"","NULL","x\"y"}'""", "text[]"),
        # a number cast to the column's type without its modifier: the column coerces it anyway
        ("(0)::numeric", "0", "numeric(10,2)"),
        ("(-1.5)::numeric", "'-1.5'::numeric", "numeric(5,2)"),
        ("(-1)::numeric", "-1", "numeric"),
        # the same stored value: a scaled numeric rounds to its scale, floats keep no scale
        ("1.0", "1", "numeric(8,3)"),
        ("1.005", "1.01", "numeric(5,2)"),
        ("0.4", "0", "numeric(5)"),
        ("1.50", "'1.5'::double precision", "double precision"),
        ("1e3", "1000", "real"),
    ],
)
def test_equivalent_defaults(a: str, b: str | None, column_type: str) -> None:
    assert normalize_default(a, column_type) == normalize_default(b, column_type)


@pytest.mark.parametrize(
    ("a", "b", "column_type"),
    [
        ("'active'", "'inactive'", "text"),
        ("0", "1", "integer"),
        ("1.5::integer", "1.5", "numeric"),  # a cast to another type changes the value
        ("now()", "LOCALTIMESTAMP", "timestamp without time zone"),
        ("nextval('a_seq'::regclass)", "nextval('b_seq'::regclass)", "integer"),
        ("'A'", "'a'", "text"),  # literals keep their case
        ("'a  b'", "'a b'", "text"),  # and their spacing
        ("1.0", "1", "numeric"),  # unconstrained numeric keeps the scale written
        ("1.004", "1.01", "numeric(5,2)"),
        ("(1)::bigint", "1", "integer"),  # a cast to another type is kept
        ("(0)::numeric(10,1)", "0", "numeric(10,2)"),  # so is one with another modifier
        ("ARRAY['a', 'b']", "'{b,a}'", "text[]"),
        ("ARRAY['a']", "'{A}'", "text[]"),
        ("'{{1,2}}'", "'{1,2}'", "integer[]"),
    ],
)
def test_different_defaults(a: str, b: str, column_type: str) -> None:
    assert normalize_default(a, column_type) != normalize_default(b, column_type)


def test_nextval_sequence_name() -> None:
    assert nextval_sequence("nextval('public.orders_id_seq'::regclass)") == "orders_id_seq"
    assert nextval_sequence('nextval(\'"Odd""Seq"\'::regclass)') == 'Odd"Seq'
    assert nextval_sequence("0") is None
    assert nextval_sequence(None) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("((price > (0)::numeric))", "price > 0::numeric"),
        ("(a > 0) AND (b > 0)", "a > 0 and b > 0"),
        ("((a > 0) AND (b > 0)) AND (c > 0)", "a > 0 AND b > 0 AND c > 0"),
        ("(a > 0) OR ((b > 0) AND (c > 0))", "a > 0 OR b > 0 AND c > 0"),
        ("x BETWEEN 1 AND 5", "(x BETWEEN 1 AND 5)"),
        ("((a + b) > c)", "a + b > c"),  # arithmetic binds tighter than comparison
        ("(x = (a || b))", "x = a || b"),
        ("lower((email)::text)", "lower(email::text)"),
        ("status = 'a'::text", "status = 'a'"),
        ('"status" IS NOT NULL', "status IS NOT NULL"),
        ("length(name)   >\n  3", "LENGTH(name) > 3"),
        ("SELECT a FROM t;", " select a\n  from t"),
        (
            "CREATE TRIGGER t BEFORE UPDATE ON public.x FOR EACH ROW EXECUTE PROCEDURE f()",
            "CREATE TRIGGER t BEFORE UPDATE ON public.x FOR EACH ROW EXECUTE FUNCTION f()",
        ),
    ],
)
def test_equivalent_expressions(a: str, b: str) -> None:
    assert canonical_expr(a) == canonical_expr(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("(a OR b) AND c", "a OR b AND c"),
        ("(a + b) * c", "a + b * c"),
        ("-(a + b) > 0", "-a + b > 0"),
        ("(a + b)::text", "a + b::text"),
        ("(a LIKE b) = c", "a LIKE b = c"),
        ("x AT TIME ZONE 'utc'", "x AT TIME ZONE 'utc'::zone"),  # not a typed literal
        ("n BETWEEN 1 AND 5", "n BETWEEN SYMMETRIC 1 AND 5"),
        ("x LIKE 'a%'", "x ILIKE 'a%'"),
        ("x LIKE 'a%'", "x NOT LIKE 'a%'"),
        ("now() - interval '1 day'", "now() - interval '2 days'"),
        ("NOT (a AND b)", "NOT a AND b"),
        ("price > 0", "price >= 0"),
        ("name = 'A'", "name = 'a'"),
        ('"Status" IS NULL', "status IS NULL"),
        ("f(a, b)", "f(b, a)"),
        ("x IN (1, 2)", "x IN (2, 1)"),
        ("'1 day'::interval", "'1 day'"),  # only casts to text types are dropped in expressions
    ],
)
def test_different_expressions(a: str, b: str) -> None:
    assert canonical_expr(a) != canonical_expr(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # an IN list is stored as = ANY (ARRAY[...]); NOT IN as <> ALL; one element as =
        ("x IN (1, 2)", "(x = ANY (ARRAY[1, 2]))"),
        ("x NOT IN (1, 2)", "(x <> ALL (ARRAY[1, 2]))"),
        ("x IN (1)", "(x = 1)"),
        # an array of text literals is a text array, whatever text type its literals were cast to
        (
            "((v)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))",
            "((v)::text = ANY (ARRAY['a'::text, 'b'::text]))",
        ),
        # the server's print of its own print of an IN list on a varchar column
        (
            "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))",
            "((status)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text]))",
        ),
        # syntax the parser turns into operators and casts
        ("((n >= 1) AND (n <= 5))", "n BETWEEN 1 AND 5"),
        ("((x < 'a'::text) OR (x > 'b'::text))", "x NOT BETWEEN 'a' AND 'b'"),
        ("(((length(x) >= 1) AND (length(x) <= 5)) AND (n > 0))", "length(x) BETWEEN 1 AND 5 AND n > 0"),
        ("((n > 0) AND ((n < 10) OR (n > 20)))", "n > 0 AND n NOT BETWEEN 10 AND 20"),
        ("(x ~~ like_escape('a!%'::text, '!'::text))", "x LIKE 'a!%' ESCAPE '!'"),
        ("(x !~~* 'q%'::text)", "x NOT ILIKE 'q%'"),
        ("(x ~ similar_to_escape('a%'::text, '#'::text))", "x SIMILAR TO 'a%' ESCAPE '#'"),
        ("(x !~ similar_to_escape('b%'::text))", "x NOT SIMILAR TO 'b%'"),
        ("((n)::text <> ''::text)", "CAST(n AS text) <> ''"),
        # TYPE 'text' is that cast
        ("(at > (now() - interval '1 day'))", "at > now() - '1 day'::interval"),
        # numbers: the server quotes negative ones, a decimal is already numeric
        ("(a > '-1'::integer)", "a > -1"),
        ("(a > (-1)::integer)", "a > -1"),
        ("(b > '1.5'::numeric)", "b > 1.5"),
        ("(b > '5'::bigint)", "b > 5::bigint"),
    ],
)
def test_equivalent_expressions_without_types(a: str, b: str) -> None:
    assert canonical_expr(a) == canonical_expr(b)


USERS = column_types(
    [
        ("status", "character varying(20)"),
        ("score", "numeric(10,2)"),
        ("feeling", "mood"),
        ("email", "varchar(255)"),
        ("code", "character(2)"),
        ("n", "integer"),
        ("Mixed", "bigint"),
    ]
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the casts the server adds for a column's type, next to that column
        ("((status)::text = 'active'::text)", "status = 'active'"),
        ("lower((email)::text)", "lower(email)"),
        ("((score >= (0)::numeric) AND (score < (100)::numeric))", "score >= 0 AND score < 100"),
        ("((score + (1)::numeric) > score)", "score + 1 > score"),
        ("(feeling <> 'sad'::mood)", "feeling <> 'sad'"),
        ("('sad'::mood <> feeling)", "'sad' <> feeling"),
        ("(feeling = ANY (ARRAY['sad'::mood, 'ok'::mood]))", "feeling IN ('sad', 'ok')"),
        ("(feeling = ANY ((ARRAY['sad', 'ok'])::mood[]))", "feeling IN ('sad', 'ok')"),
        (
            "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))",
            "status IN ('a', 'b')",
        ),
        ("(new.status)::text = 'x'::text", "NEW.status = 'x'"),
        ("(\"Mixed\" > '5'::bigint)", '"Mixed" > 5'),
    ],
)
def test_equivalent_expressions_with_column_types(a: str, b: str) -> None:
    assert canonical_expr(a, USERS) == canonical_expr(b, USERS)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("(status)::text", "status"),  # an expression index on col::text is not an index on col
        ("code::text = 'ab'", "code = 'ab'"),  # char(n) compares differently from text
        ("n > 0::numeric", "n > 0"),  # not the column's type: a real cast
        ("score > 0", "score > 1"),
        ("feeling IN ('sad', 'ok')", "feeling IN ('ok', 'sad')"),
        ("status = 'a'", "email = 'a'"),
        ("mixed > 5", '"Mixed" > 5'),
        # another table's column of the same name: its type is not known
        (
            "EXISTS (SELECT 1 FROM o WHERE o.feeling = 'x'::mood)",
            "EXISTS (SELECT 1 FROM o WHERE o.feeling = 'x')",
        ),
    ],
)
def test_different_expressions_with_column_types(a: str, b: str) -> None:
    assert canonical_expr(a, USERS) != canonical_expr(b, USERS)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("a ASC", "a"),
        ("a ASC NULLS LAST", "a"),
        ("a NULLS LAST", "a"),
        ("b DESC NULLS FIRST", "b DESC"),
        ("b desc nulls last", "b DESC NULLS LAST"),
        ("a asc nulls first", "a NULLS FIRST"),
        ("lower(email) desc", "lower((email)::text) DESC"),
    ],
)
def test_index_key_ordering_as_the_server_prints_it(a: str, b: str) -> None:
    assert canonical_index_key(a, USERS) == canonical_index_key(b, USERS)


@pytest.mark.parametrize(
    ("a", "b"), [("a", "a DESC"), ("a", "a NULLS FIRST"), ("b DESC", "b DESC NULLS LAST")]
)
def test_index_key_orderings_that_differ(a: str, b: str) -> None:
    assert canonical_index_key(a) != canonical_index_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "CREATE TRIGGER x BEFORE INSERT ON public.t FOR EACH STATEMENT EXECUTE FUNCTION f()",
            "create trigger x before insert on t execute function f()",
        ),
        (
            'CREATE TRIGGER y AFTER UPDATE ON public."T" FOR EACH ROW EXECUTE FUNCTION f()',
            'CREATE TRIGGER y AFTER UPDATE ON "T" FOR ROW EXECUTE PROCEDURE f()',
        ),
        (
            "CREATE TRIGGER z BEFORE UPDATE ON public.t FOR EACH ROW WHEN ((new.a > 0)) EXECUTE FUNCTION f()",
            "CREATE TRIGGER z BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.a > 0) EXECUTE FUNCTION f()",
        ),
    ],
)
def test_trigger_definitions_as_the_server_prints_them(a: str, b: str) -> None:
    assert canonical_trigger(a, "public") == canonical_trigger(b, "public")


def test_trigger_definitions_that_differ() -> None:
    on_t = "CREATE TRIGGER x BEFORE INSERT ON t EXECUTE FUNCTION f()"
    assert canonical_trigger(on_t.replace("ON t", "ON other.t"), "public") != canonical_trigger(
        on_t, "public"
    )
    per_row = on_t.replace("EXECUTE", "FOR EACH ROW EXECUTE")
    assert canonical_trigger(per_row, "public") != canonical_trigger(on_t, "public")


def test_function_bodies_ignore_layout_not_literals() -> None:
    assert canonical_body("BEGIN\n  RETURN 1;\nEND") == canonical_body("begin return 1; end")
    assert canonical_body("select 'a  b'") != canonical_body("select 'a b'")
    assert canonical_body("select 1 -- one") != canonical_body("select 1 -- two")
    # an escaped quote does not end an E'' string: what follows it is still literal text
    assert canonical_body("select E'a\\'B'") != canonical_body("select E'a\\'b'")
    assert canonical_body("BEGIN RETURN 1; END", "PLPGSQL") == canonical_body(
        "begin return 1; end", "plpgsql"
    )


def test_function_bodies_in_other_languages_compare_as_written() -> None:
    indented = "if x:\n    return 1\n    return 2"
    assert canonical_body("if x:\n    return 1\nreturn 2", "plpython3u") != canonical_body(
        indented, "plpython3u"
    )
    assert canonical_body("\nreturn 1\r\n", "plpython3u") == canonical_body("return 1", "plpython3u")
    assert canonical_body("int4abs", "internal") != canonical_body("INT4ABS", "internal")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("a integer, b character varying", "int4, varchar"),
        ("IN a int", "integer"),
        ("x timestamp with time zone", "timestamptz"),
        ("double precision", "d float8"),
        ("a integer DEFAULT 0", "integer"),
        ("VARIADIC xs int[]", "VARIADIC integer[]"),
    ],
)
def test_function_identity_is_argument_types(a: str, b: str) -> None:
    assert normalize_arguments(a) == normalize_arguments(b)


def test_function_overloads_differ() -> None:
    assert normalize_arguments("integer") != normalize_arguments("bigint")
    assert normalize_arguments("integer, text") != normalize_arguments("text, integer")
