"""An adversary for `fast_specs.FileReader`: documents aimed at where hand-written validation could
accept a value pydantic reads differently (or refuses).

The property (test_expected_fast_specs.py's `_check`): the fast reader gives up (None), or gives
exactly what `SchemaFile` / `DatabaseFile.model_validate` gives, field by field and including
`model_fields_set`; and it gives up whenever pydantic refuses. Documents: targeted ones (numbers for
names, YAML 1.1 and pydantic spellings of booleans and integers, None for every kind of field, empty
and duplicated lists, extra keys, shorthands of every entry), and random documents made from the
file models' own field types, seeded.
"""

from __future__ import annotations

import random
import types
import typing
from typing import Any, Literal

import pytest
from pydantic import BaseModel
from test_expected_fast_specs import _check, _pydantic, _same

from drift.sources.expected import format as fmt
from drift.sources.expected.fast_specs import FileReader
from drift.sources.expected.yaml_reader import read_yaml

BOOLS: list[Any] = [
    "true", "false", "True", "FALSE", "tRUE", "yes", "no", "on", "off", "y", "n", "1", "0", "t", "f",
    " true", "true ", "", "2", "1.0", "null", None, [], {},
]  # fmt: skip
INTS: list[Any] = [
    "0", "1", "-1", "42", "007", "-0", "+1", "1_000", " 5", "5 ", "1.0", "1e3", "0x10", "0o7", "0b1", "1:30",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "9999999999999999999",
    "-9999999999999999999", "99999999999999999999", "\u0661\u0662", "\uff11", "", "true", None, [], {},
]  # fmt: skip
TEXTS: list[Any] = ["x", "", " x ", "1", "0", "true", "null", "~", "a.b", "é🐘", "x\ny", None, [], ["x"], {}]
NAMES: list[Any] = [[], ["a"], ["a", "a"], ["a", "b"], ["1", "true"], [""], ["a", None], [None], [[]], [{}], "a", "", None, {}]  # fmt: skip
TYPES: list[Any] = [
    "bigint", "integer not null", "text NOT NULL", "TEXT Not Null", "not null", " not null", "int  not null",
    "numeric(10,2)", "character varying(20)", "", "int unique", '"not" null', '"null"', "int default 1",
    "integer[]", None, [], "1",
]  # fmt: skip
DEFAULTS: list[Any] = [
    "0", "'x'::text", "now()", "x", "X1", "{}", "'{}'", "{a}", "true", "NULL", "null", "CURRENT_TIMESTAMP",
    "user", "", " x", "x y", None, [],
]  # fmt: skip
OWNERS: list[Any] = ["t.c", "tc", "", ".", None, []]
KEYS: list[str] = ["a", "b", "1", "0", "true", "yes", "null", "~", "", "A", "a b", "é"]
BY_FIELD: dict[str, list[Any]] = {"type": TYPES, "base_type": TYPES, "default": DEFAULTS, "owned_by": OWNERS}

TARGETED = [
    # booleans other than true/false, integers other than plain decimal: pydantic decides
    "schema: s\ntables:\n  t:\n    columns:\n      a: {type: int, nullable: yes}\n      b: {type: int, nullable: 'false'}\n",
    "schema: s\ntables:\n  t:\n    columns:\n      a: {type: int, nullable: 0}\n      b: {type: int, nullable: off}\n",
    "schema: s\nsequences:\n  q: {start: 010, increment: -0, cache: 1_000, min_value: +1, max_value: ' 5'}\n",
    "schema: s\nsequences:\n  q: {start: 9223372036854775808, max_value: -9999999999999999999}\n",
    "schema: s\nsequences:\n  q: {start: 99999999999999999999}\n",
    "schema: s\nsequences:\n  q: {start: '\u0661', cache: '\uff11'}\n",
    # numbers and booleans as names, keys and texts: all text
    "schema: 1\nowner: 2\ntable_owner: true\ncomment: 3.5\ntables:\n  1:\n    columns:\n      2: int\n      true: bool\n"
    "      null: text\n    primary_key: [1, true]\n",
    "schema: s\nenums:\n  e: [1, 'true', yes, ~]\n",
    "schema: s\nenums:\n  e: [1, 1]\n",
    # None for every kind of field
    "schema: s\ntables:\n  t: {owner: ~, comment: ~, kind: ~, partition_key: ~, columns: ~, primary_key: ~, inherits: ~}\n",
    "schema: s\ntables:\n  t: {unlogged: ~}\n",
    "schema: s\ntables:\n  t:\n    columns:\n      a: {type: int, default: ~, identity: ~, position: ~, nullable: ~}\n",
    "schema: s\ntables:\n  t:\n    columns:\n      a: {type: ~}\n",
    "schema: s\ntables:\n  t:\n    columns:\n      a:\n",
    "schema: s\ntables:\n  t:\n    privileges: {PUBLIC: ~}\n",
    "schema: s\ntables:\n  t:\n    indexes: {i: ~}\n",
    "schema: s\ntables:\n  t:\n    policies: {p: ~}\n",
    "schema: ~\n",
    "schema: s\nunexpected: ~\n",
    "schema: s\nsequences:\n  q: {owned_by: ~, start: ~}\n",
    # empty and duplicated lists, duplicate column names
    "schema: s\ntables:\n  t:\n    primary_key: []\n    unique_constraints: {u: []}\n    indexes: {i: [], j: [a, a]}\n",
    "schema: s\ntables:\n  t:\n    columns: {a: int, b: int}\n    primary_key: [a, a, b]\n    inherits: []\n",
    # extra keys, aliases, keys of the other file kind
    "schema: s\ntables:\n  t:\n    columns:\n      a: {type: int, name: a}\n",
    "schema: s\nschema_name: s\n",
    "schema: s\nextensions: {x: ~}\n",
    "extensions:\n  x: {schema_name: public}\n",
    "extensions:\n  x: {schema: ~, version: 1.0}\n",
    "unexpected: warn\nschema: ~\n",
    # shorthands with odd contents
    "schema: s\ntables:\n  t:\n    columns:\n      a: int not null\n      b: INT NOT NULL\n      c: int  not  null\n",
    "schema: s\ntables:\n  t:\n    check_constraints: {c: [a]}\n    triggers: {g: [a]}\n",
    "schema: s\ntables:\n  t:\n    primary_key: id\n    unique_constraints: {u: a}\n",
    "schema: s\ntables:\n  t:\n    indexes: {i: [{a: b}]}\n    primary_key: [[a]]\n",
    "schema: s\ntables:\n  t:\n    foreign_keys: {f: [a]}\n",
    "schema: s\ntables: [t]\n",
    "schema: s\ntables:\n  t: x\n",
    "schema: s\nfunctions:\n  f(): ''\n",
    # literals in other cases and spacings
    "schema: s\ntables:\n  t:\n    foreign_keys:\n      f: {columns: [a], ref_table: u, ref_columns: [b], on_delete: Set Null, match: simple}\n",
    "schema: s\ntables:\n  t:\n    columns:\n      a: {type: int, identity: by  default}\n      b: {type: int, identity: By Default}\n",
    "schema: s\nunexpected: ERROR\n",
]


def _choices(tp: Any) -> list[Any]:
    values = list(typing.get_args(tp))
    return (
        values + [v.lower() for v in values] + [v.upper() for v in values] + [v.title() + " " for v in values]
    )


def _value(tp: Any, field: str, rng: random.Random, depth: int) -> Any:
    """A value for a field of type `tp`, mostly well-formed, often just wrong."""
    if field in BY_FIELD and rng.random() < 0.8:
        return rng.choice(BY_FIELD[field])
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _value(typing.get_args(tp)[0], field, rng, depth)
    if origin is typing.Union or origin is types.UnionType:
        return _value(rng.choice(typing.get_args(tp)), field, rng, depth)
    if tp is type(None):
        return None
    if origin is Literal:
        return rng.choice(_choices(tp)) if rng.random() < 0.8 else rng.choice(TEXTS)
    if tp is bool:
        return rng.choice(BOOLS)
    if tp is int:
        return rng.choice(INTS)
    if tp is str:
        return rng.choice(TEXTS)
    if origin is tuple:
        return rng.choice(NAMES)
    if origin is dict:
        item = typing.get_args(tp)[1]
        return {k: _value(item, "", rng, depth + 1) for k in rng.sample(KEYS, rng.randrange(3))}
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return _spec(tp, rng, depth)
    raise AssertionError(tp)  # pragma: no cover - a field type this generator does not know


def _spec(model: type[BaseModel], rng: random.Random, depth: int) -> Any:
    shorthand = rng.random()
    if shorthand < 0.1:
        return None
    if shorthand < 0.25:
        return rng.choice([*TYPES[:4], *NAMES[:5], "CHECK x", "x > 0"])
    fields = list(model.model_fields.items())
    chosen = rng.sample(fields, min(len(fields), rng.randrange(1, 5)))
    required = [(n, i) for n, i in fields if i.is_required()]
    if rng.random() < 0.9:
        chosen = required + [c for c in chosen if c not in required]
    doc = {
        (info.alias or name): _value(info.annotation, info.alias or name, rng, depth) for name, info in chosen
    }
    if rng.random() < 0.05:
        doc["extra"] = "1"
    return doc


def _document(rng: random.Random) -> dict[str, Any]:
    if rng.random() < 0.15:
        return typing.cast(dict[str, Any], _spec(fmt.DatabaseFile, rng, 0) or {"unexpected": "warn"})
    doc = _spec(fmt.SchemaFile, rng, 0)
    if not isinstance(doc, dict):
        doc = {}
    doc.setdefault("schema", "s")
    return doc


def test_targeted_documents() -> None:
    accepted = [text for text in TARGETED if _check(read_yaml(text))]
    assert len(accepted) > 5, accepted


@pytest.mark.parametrize("seed", range(4))
def test_random_documents_from_the_models(seed: int) -> None:
    rng = random.Random(7000 + seed)
    accepted = refused = 0
    for _ in range(1_500):
        if _check(_document(rng)):
            accepted += 1
        else:
            refused += 1
    assert accepted > 100 and refused > 100, (accepted, refused)


def test_one_reader_for_many_documents() -> None:
    """The loader keeps one FileReader for every file: its caches (columns, shorthands) must not
    carry one document's reading into another's."""
    rng = random.Random(77)
    reader = FileReader()
    for _ in range(1_500):
        doc = _document(rng)
        fast = reader.read(doc)
        if fast is not None:
            slow = _pydantic(doc)
            assert slow is not None, doc
            _same(fast, slow)


def test_the_fast_result_equals_pydantics() -> None:
    for text in ["schema: s\n", "extensions:\n  x: {}\n", "schema: s\ntables:\n  t: {}\n"]:
        doc = read_yaml(text)
        fast = FileReader().read(doc)
        assert fast is not None
        assert fast == _pydantic(doc), text
