"""Every way an expected-schema file can be wrong gives one line: `file:line: what is wrong`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from drift.errors import InputError
from drift.sources.expected import load_expected


def _error(tmp_path: Path, text: str, name: str = "public.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_expected(tmp_path)
    message = str(info.value)
    assert "\n" not in message
    return message.replace(str(tmp_path) + "/", "")


COLUMNS = "schema: public\ntables:\n  users:\n    columns:\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # broken YAML: file:line:col and the parser's words
        (COLUMNS + "      id: [bigint\n", "public.yaml:6:1: did not find expected ',' or ']'"),
        ("schema: public\ntables:\n\tusers: {}\n", "public.yaml:3:1: found character .*tabs"),
        ("schema: a\n---\nschema: b\n", "public.yaml:2:1: only one YAML document per file"),
        ("schema: public\ntables:\n  users: {}\n  users: {}\n", "public.yaml:4:3: duplicate key 'users'"),
        ("schema: public\n? [a, b]\n: 1\n", "public.yaml:2:3: a key must be a plain name"),
        ("schema: public\ntables: *nowhere\n", "public.yaml:2:9: unknown alias"),
        # wrong type: file:line: path: what
        (
            COLUMNS + "      id: {type: bigint, nullable: maybe}\n",
            "public.yaml:5: tables.users.columns.id.nullable: expected true or false, got 'maybe'",
        ),
        (
            "schema: public\nsequences:\n  s:\n    start: ten\n",
            "public.yaml:4: sequences.s.start: expected an integer",
        ),
        (
            "schema: public\ntables:\n  t:\n    primary_key: id\n",
            "public.yaml:4: tables.t.primary_key.columns: expected a list",
        ),
        (
            "schema: public\ntables:\n  users: hello\n",
            "public.yaml:3: tables.users: expected a mapping, got 'hello'",
        ),
        (
            "schema: public\nunexpected: maybe\n",
            "public.yaml:2: unexpected: input should be 'error', 'warn' or 'ignore'",
        ),
        (
            "schema: public\ntables:\n  t:\n    indexes:\n      i: {keys: [a]}\n      j: {keys: [a], method: [x]}\n",
            "public.yaml:6: tables.t.indexes.j.method: expected text, got a list",
        ),
        # unknown key with a suggestion
        (
            COLUMNS + "      id: {type: bigint, nulable: false}\n",
            "public.yaml:5: tables.users.columns.id: unknown key 'nulable'; did you mean 'nullable'\\?",
        ),
        (
            "schema: public\ntabels:\n  users: {}\n",
            "public.yaml:2: unknown key 'tabels'; did you mean 'tables'\\?",
        ),
        (
            "schema: public\ntables:\n  t:\n    foreign_keys:\n      fk:\n        columns: [a]\n"
            "        ref_table: u\n        ref_columns: [id]\n        ondelete: CASCADE\n",
            "public.yaml:9: tables.t.foreign_keys.fk: unknown key 'ondelete'; did you mean 'on_delete'\\?",
        ),
        (
            "schema: public\ndomains:\n  d: {base_type: numeric(12,2)}\n",
            "public.yaml:3: domains.d: unknown key '2\\)'; .*quote it",
        ),
        ("schema: public\nxyzzy: 1\n", "public.yaml:2: unknown key 'xyzzy'; valid keys: comment, domains, "),
        # missing keys and structure
        (
            "schema: public\ntables:\n  t:\n    foreign_keys:\n      fk: {columns: [a], ref_columns: [id]}\n",
            "public.yaml:5: tables.t.foreign_keys.fk: missing required key 'ref_table'",
        ),
        (COLUMNS + "      id:\n", "public.yaml:5: tables.users.columns.id: missing required key 'type'"),
        (
            "unexpected: warn\ntables:\n  users: {}\n",
            "public.yaml:2: tables: this file has no 'schema: NAME' key",
        ),
        (
            "schema: public\nfunctions:\n  touch: {}\n",
            "public.yaml:3: functions.touch: function key 'touch' must be",
        ),
        # common hand-edit mistakes
        (
            COLUMNS + "      status: {type: text, default: active}\n",
            "public.yaml:5: tables.users.columns.status.default: 'active' is a name, and a default cannot "
            "refer to a column; for the text 'active', write the SQL literal in quotes: default: \"'active'\"",
        ),
        (
            COLUMNS + "      n: integer not null default 0\n",
            "public.yaml:5: tables.users.columns.n.type: 'integer not null default 0' is not a type: write "
            "a column as TYPE, 'TYPE not null' or {type: TYPE, .*",
        ),
        (
            COLUMNS + "      tags: {type: 'text[]', default: '{}'}\n",
            "public.yaml:5: tables.users.columns.tags.default: '{}' is not SQL \\(YAML took the quotes off",
        ),
        (
            COLUMNS + "      n: text unique\n",
            "public.yaml:5: tables.users.columns.n.type: 'text unique' is not a type",
        ),
        (
            COLUMNS + "      id: bigint\n      email: text\n    primary_key: [idd]\n",
            "public.yaml:7: tables.users.primary_key: 'idd' is not a column of users; did you mean 'id'\\?",
        ),
        (
            COLUMNS + "      id: bigint\n    unique_constraints:\n      u: [email]\n",
            "public.yaml:7: tables.users.unique_constraints.u: 'email' is not a column of users; its columns: id",
        ),
        (
            COLUMNS
            + "      id: bigint\n    foreign_keys:\n      f: {columns: [org], ref_table: o, ref_columns: [id]}\n",
            "public.yaml:7: tables.users.foreign_keys.f: 'org' is not a column of users",
        ),
        (
            "schema: public\nsequences:\n  s: {owned_by: users}\n",
            "public.yaml:3: sequences.s.owned_by: expected TABLE.COLUMN",
        ),
        (
            COLUMNS + "      id: bigint\n    primary_key: []\n",
            "public.yaml:6: tables.users.primary_key: no columns",
        ),
        (
            COLUMNS + "      a: int\n      b: int\n    foreign_keys:\n"
            "      f: {columns: [a, b], ref_table: o, ref_columns: [id]}\n",
            "public.yaml:8: tables.users.foreign_keys.f: 2 column\\(s\\) reference 1 column\\(s\\) of o",
        ),
        (
            "schema: public\nenums:\n  mood: [sad, ok, sad]\n",
            "public.yaml:3: enums.mood: label 'sad' is listed twice",
        ),
        ("", "public.yaml:1: the file is empty"),
        ("- a\n- b\n", "public.yaml:1: expected a mapping"),
    ],
)
def test_error_messages(tmp_path: Path, text: str, expected: str) -> None:
    message = _error(tmp_path, text)
    assert re.match(expected, message), message


def test_more_problems_are_counted(tmp_path: Path) -> None:
    message = _error(
        tmp_path, COLUMNS + "      a: {type: x, nullable: 1x}\n      b: {type: y, identity: sometimes}\n"
    )
    assert message.startswith("public.yaml:5: tables.users.columns.a.nullable:")
    assert message.endswith("(and 1 more problem)")


def test_missing_directory_says_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"does not exist; run 'drift init --dsn URL --out .*nope' to create it"
    ):
        load_expected(tmp_path / "nope")


def test_directory_without_yaml(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("hi")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.yaml").write_text("schema: x\n")
    with pytest.raises(InputError, match=r"has no \.yaml files; run 'drift init"):
        load_expected(tmp_path)


def test_fragments_merge_and_conflict(tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "a.yaml").write_text("schema: s\nunexpected: error\ntables:\n  t: {}\n")
    (tmp_path / "s" / "b.yml").write_text(
        "schema: s\ntables:\n  u: {}\nviews:\n  v: {view_definition: SELECT 1}\n"
    )
    loaded = load_expected(tmp_path)
    schema = loaded.catalog.get_schema("s")
    assert schema is not None
    assert [t.name for t in schema.tables] == ["t", "u", "v"]
    assert loaded.unexpected == {"s": "error"}

    (tmp_path / "s" / "c.yaml").write_text("schema: s\nunexpected: ignore\n")
    with pytest.raises(
        InputError, match=r"s/c.yaml:2: unexpected: schema 's' already has unexpected 'error' in"
    ):
        load_expected(tmp_path)
    (tmp_path / "s" / "c.yaml").write_text("schema: s\n\nmaterialized_views:\n  x: {}\n  t: {}\n")
    with pytest.raises(
        InputError, match=r"s/c.yaml:5: materialized_views.t: relation 't' of schema 's' is already"
    ):
        load_expected(tmp_path)


def test_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_bytes(b"schema: \xff\xfe\n")
    with pytest.raises(InputError, match=r"bad.yaml"):
        load_expected(tmp_path)


def test_policies_inherit_the_database_default(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("schema: a\n")
    (tmp_path / "b.yaml").write_text("schema: b\nunexpected: error\n")
    loaded = load_expected(tmp_path)
    assert loaded.unexpected == {"b": "error"}
    assert loaded.default_unexpected == "warn"
    (tmp_path / "_database.yaml").write_text("unexpected: ignore\n")
    loaded = load_expected(tmp_path)
    assert (loaded.policy_for("a"), loaded.policy_for("b"), loaded.policy_for("zz")) == (
        "ignore",
        "error",
        "ignore",
    )
