"""`fast_specs.FileReader` validates like the pydantic file models or not at all (returns None).

The property checked: for any document, the fast reader either gives up, or gives exactly what
`SchemaFile` / `DatabaseFile.model_validate` gives (same types, field values, field order and
`model_fields_set`); and it gives up whenever pydantic refuses the document. Documents: everything
`drift init` writes for the full catalog, hand-written ones, and each of them with one value or key
changed in many ways.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from expected_full_catalog import full_catalog
from pydantic import BaseModel, ValidationError

from drift.sources.expected import write_expected
from drift.sources.expected.fast_specs import FileReader
from drift.sources.expected.format import DatabaseFile, SchemaFile
from drift.sources.expected.yaml_reader import read_yaml

HAND_WRITTEN = [
    """schema: s
tables:
  t:
    columns:
      id: {type: bigint, identity: always, identity_options: {start: 1000, increment: 7}}
      d: {type: smallint, identity: by default, identity_options: {increment: -1, min_value: -9, max_value: -2, cache: 5, cycle: true}}
      e: {type: integer, identity: always, identity_options: {}}
""",
    """schema: public
tables:
  orders:
    columns:
      id: {type: bigint, identity: always}
      code: {type: integer, identity: always}
      n: serial
      odd: {type: bigserial, nullable: true}
      x: TEXT not null
      y: text not null
      tags: {type: 'text[]', default: "'{}'::text[]", position: 9}
    primary_key: [code]
    foreign_keys:
      fk: {columns: [n], ref_table: customers, ref_columns: [id], on_delete: CASCADE,
        on_update: SET NULL, match: FULL}
      fk2: {columns: [n], ref_schema: other, ref_table: c, ref_columns: [id], on_delete: CASCADE}
    unique_constraints:
      u1: [x, y]
      u2: {columns: [x], nulls_not_distinct: true, deferrable: true}
    check_constraints:
      c1: x <> ''
      c2: {expression: y <> '', validated: false}
    indexes:
      i1: [x]
      i2: {keys: [lower(x)], unique: true, predicate: x IS NOT NULL, include: [y]}
    triggers:
      t1: CREATE TRIGGER t1 AFTER INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION f()
      t2: {definition: CREATE TRIGGER t2, enabled: disabled}
    policies:
      mine: {command: SELECT, using: "(n = 1)"}
      p2:
      p3: {command: SELECT, roles: [a, b], permissive: false}
    privileges:
      PUBLIC: [SELECT]
      app: [SELECT WITH GRANT OPTION, INSERT]
  empty:
  partitioned: {partition_key: RANGE (day), owner: bob, comment: hi}
  part1: {partition_of: public.partitioned, partition_bound: DEFAULT, owner: ~}
views:
  v: {view_definition: SELECT 1, columns: {a: integer}}
materialized_views:
  mv: {view_definition: SELECT 2, kind: materialized_view}
sequences:
  s: {start: 1000, min_value: -5, max_value: 9223372036854775807, cycle: true, owned_by: orders.n}
  s2:
enums:
  mood: [sad, ok]
  e2: {labels: [a], comment: c}
domains:
  d: {base_type: 'numeric(10,2)', default: '1', checks: [VALUE > 0], nullable: false}
functions:
  f(): {volatility: immutable, kind: function, returns: integer, definition: SELECT 1}
  g(a integer): {language: plpgsql, security_definer: true, kind: procedure}
  h():
owner: me
table_owner: you
comment: the schema
unexpected: error
""",
    "schema: s\ntables:\nviews: {}\nsequences:\n",
    "schema: s\n",
    "unexpected: ignore\nextensions:\n  plpgsql: {version: '1.0', schema: pg_catalog}\n  x:\n  y: {}\n",
    "extensions:\n",
    "unexpected:\n",
]

# Documents pydantic accepts that the fast reader leaves to it (other spellings).
OTHER_SPELLINGS = [
    "schema: s\ntables:\n  t:\n    columns:\n      id: {type: bigint, identity: ALWAYS}\n",
    "schema: s\ntables:\n  t:\n    foreign_keys:\n      fk: {columns: [a], ref_table: u, ref_columns: [id], "
    "on_delete: cascade, on_update: set  null, match: full}\n",
    "schema: s\nfunctions:\n  f(): {volatility: IMMUTABLE, kind: Function}\n",
    "schema: s\ntables:\n  t: {unlogged: yes, rls_enabled: True}\n",
    "schema: s\nsequences:\n  q: {start: 007, cache: ' 5'}\n",
]

# What a scalar may be replaced by: canonical forms, other spellings pydantic accepts, and junk.
VALUES: list[Any] = [
    None, "", "x", "true", "false", "True", "yes", "on", "1", "0", "5", "-1", "007", "1_0", " 5", "1.5",
    "CASCADE", "cascade", "always", "by default", "table", "view", "error", "SELECT", "origin",
    "immutable", "function", "a.b", "bigint", "integer not null", "text unique", "now()", "active",
    "{}", [], ["a"], ["a", None], [["a"]], {}, {"type": "text"}, {"x": "1"},
]  # fmt: skip


def _documents() -> list[Any]:
    docs: list[Any] = [read_yaml(text) for text in HAND_WRITTEN]
    return docs


@pytest.fixture(scope="module")
def written_documents(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    out = tmp_path_factory.mktemp("written")
    write_expected(full_catalog(), out / "a")
    write_expected(full_catalog(), out / "b", include_extension_objects=True, unexpected="error")
    return [read_yaml(p.read_bytes()) for p in sorted(out.rglob("*.yaml"))]


def _pydantic(doc: Any) -> BaseModel | None:
    model = SchemaFile if "schema" in doc else DatabaseFile
    try:
        return model.model_validate(doc)
    except ValidationError:
        return None


def _same(fast: Any, slow: Any, path: str = "") -> None:
    assert type(fast) is type(slow), f"{path}: {type(fast).__name__} != {type(slow).__name__}"
    if isinstance(slow, BaseModel):
        assert list(fast.__dict__) == list(slow.__dict__), path
        assert fast.model_fields_set == slow.model_fields_set, f"{path}: fields set"
        for name in slow.__dict__:
            _same(fast.__dict__[name], slow.__dict__[name], f"{path}.{name}")
    elif isinstance(slow, dict):
        assert list(fast) == list(slow), path
        for key in slow:
            _same(fast[key], slow[key], f"{path}.{key}")
    elif isinstance(slow, tuple):
        assert len(fast) == len(slow), path
        for i, (a, b) in enumerate(zip(fast, slow, strict=True)):
            _same(a, b, f"{path}[{i}]")
    else:
        assert fast == slow, f"{path}: {fast!r} != {slow!r}"


def _check(doc: Any) -> bool:
    """Assert the property for one document; True when the fast reader accepted it."""
    slow = _pydantic(doc)
    fast = FileReader().read(doc)
    if fast is None:
        return False
    assert slow is not None, "the fast reader accepted what pydantic refuses"
    _same(fast, slow)
    return True


def _field_keys() -> set[str]:
    from drift.sources.expected import format as fmt

    models = [m for m in vars(fmt).values() if isinstance(m, type) and issubclass(m, BaseModel)]
    return {info.alias or name for m in models for name, info in m.model_fields.items()}


def _pruned(node: Any, fields: set[str]) -> Any:
    """`node` with at most three entries in each mapping keyed by names (tables, columns, ...)."""
    if isinstance(node, dict):
        items = list(node.items())
        if not any(k in fields for k in node):
            items = items[:3]
        return {k: _pruned(v, fields) for k, v in items}
    if isinstance(node, list):
        return [_pruned(v, fields) for v in node]
    return node


def _variants(doc: Any) -> Iterator[Any]:
    """`doc` with one value replaced, one key removed or one unknown key added, in place (restored
    after each). One path per shape: `tables.*.columns.*` is tried once per document."""
    fields = _field_keys()
    doc = _pruned(doc, fields)
    paths: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        shape = tuple(p if p in fields else "*" for p in path)
        paths.setdefault((*shape, type(node).__name__), path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, (*path, i))

    walk(doc, ())
    for path in paths.values():
        if not path:
            continue
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        original = parent[last]
        for value in VALUES:
            parent[last] = copy.deepcopy(value)
            yield doc
        parent[last] = original
        if isinstance(parent, dict):
            del parent[last]
            yield doc
            parent[last] = original
            parent[last + "x"] = "1"
            yield doc
            del parent[last + "x"]


def test_hand_written_documents_take_the_fast_path() -> None:
    for doc in _documents():
        assert _check(doc), doc


def test_other_spellings_are_left_to_pydantic() -> None:
    for text in OTHER_SPELLINGS:
        doc = read_yaml(text)
        assert _pydantic(doc) is not None, text
        assert not _check(doc), text


def test_written_documents_take_the_fast_path(written_documents: list[Any]) -> None:
    for doc in written_documents:
        assert _check(doc)


def test_variants_agree_with_pydantic(written_documents: list[Any]) -> None:
    accepted = refused = 0
    others = [read_yaml(text) for text in OTHER_SPELLINGS]
    for doc in [*_documents(), *others, *written_documents]:
        for variant in _variants(doc):
            if _check(variant):
                accepted += 1
            else:
                refused += 1
    assert accepted > 1000 and refused > 1000, (accepted, refused)
