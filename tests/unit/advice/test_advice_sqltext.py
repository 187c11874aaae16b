"""The small SQL-text helpers the rules rely on."""

from __future__ import annotations

import pytest

from drift.advice.sqltext import (
    index_name,
    mentioned_identifiers,
    name_words,
    nextval_sequence,
    pretty_bytes,
    qualified,
    quote_ident,
    render_key,
    split_column_key,
    string_literal,
)

COLUMNS = ["a", "email", "My Col", "user", "a b"]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("a", ("a", "")),
        ("email text_pattern_ops", ("email", "text_pattern_ops")),
        ("a DESC NULLS LAST", ("a", "DESC NULLS LAST")),
        ('a COLLATE "C"', ("a", 'COLLATE "C"')),
        ("My Col DESC", ("My Col", "DESC")),  # the catalog spells names unquoted
        ('"My Col" DESC', ("My Col", "DESC")),
        ("a b", ("a b", "")),  # longest column name wins
        ("lower(email::text)", None),
        ("(a + 1)", None),
        ("a::text", None),
        ("nope", None),
    ],
)
def test_split_column_key(key: str, expected: tuple[str, str] | None) -> None:
    assert split_column_key(key, COLUMNS) == expected


def test_render_key_quotes_column_names_only() -> None:
    assert render_key("My Col DESC NULLS LAST", COLUMNS) == '"My Col" DESC NULLS LAST'
    assert render_key("user", COLUMNS) == '"user"'
    assert render_key("lower(email::text)", COLUMNS) == "lower(email::text)"


def test_quote_ident() -> None:
    assert quote_ident("projects") == "projects"
    assert quote_ident("type") == "type"  # unreserved keyword
    assert quote_ident("user") == '"user"'
    assert quote_ident("Users") == '"Users"'
    assert quote_ident('a"b') == '"a""b"'
    assert quote_ident("1abc") == '"1abc"'
    assert qualified("public", "order") == 'public."order"'


def test_index_name_fits_in_63_bytes() -> None:
    assert index_name("projects", ["user_id"], "idx") == "projects_user_id_idx"
    long = index_name("t" * 70, ["c"], "idx")
    assert len(long.encode()) <= 63 and long.endswith("_idx")


def test_mentioned_identifiers_skip_literals_and_cast_types() -> None:
    expr = "((status)::text = ANY ((ARRAY['draft'::character varying, 'state'::character varying])::text[]))"
    found = mentioned_identifiers(expr)
    assert "status" in found
    assert "draft" not in found and "state" not in found and "text" not in found
    assert "My Col" in mentioned_identifiers('("My Col" > 0)')


def test_nextval_sequence() -> None:
    assert nextval_sequence("nextval('projects_id_seq'::regclass)") == (None, "projects_id_seq")
    assert nextval_sequence("nextval('app.\"Odd Seq\"'::regclass)") == ("app", "Odd Seq")
    assert nextval_sequence("now()") is None
    assert nextval_sequence(None) is None


def test_name_words_and_string_literal() -> None:
    assert name_words("refreshToken") == ["refresh", "token"]
    assert name_words("APIKey") == ["api", "key"]
    assert name_words("content_type") == ["content", "type"]
    assert string_literal("'draft'::character varying") == "draft"
    assert string_literal("'it''s'::text") == "it's"
    assert string_literal("now()") is None


def test_pretty_bytes() -> None:
    assert pretty_bytes(8192) == "8 kB"
    assert pretty_bytes(1000) == "1000 bytes"
    assert pretty_bytes(16384) == "16 kB"
    assert pretty_bytes(2_202_009) == "2.1 MB"
    assert pretty_bytes(50 * 1024 * 1024) == "50 MB"
    assert pretty_bytes(None) == "unknown size"
