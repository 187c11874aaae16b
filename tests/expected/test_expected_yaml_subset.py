"""`yaml_subset.read_subset` reads what libyaml reads, or gives up (UNSURE) and lets libyaml do it.

The property checked on every text here: the subset reader returns UNSURE, or exactly the document
the libyaml-driven reader returns (same types, same values, same key order); and it returns UNSURE
whenever libyaml refuses the text. Texts: every file `drift init` writes for the full catalog (its
awkward text included), snippets for each YAML feature near the subset's edges, the error cases of
test_expected_errors.py, and many thousands of randomly edited copies of them.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from expected_full_catalog import full_catalog
from test_expected_errors import COLUMNS
from test_expected_fast_specs import HAND_WRITTEN, OTHER_SPELLINGS
from test_expected_yaml_writer import _random_text

from drift.sources.expected import write_expected
from drift.sources.expected.yaml_reader import YamlProblem, read_yaml, read_yaml_with_libyaml
from drift.sources.expected.yaml_subset import UNSURE, read_subset
from drift.sources.expected.yaml_writer import Flow, dump

SNIPPETS = [
    "a: b\n",
    "a: b",
    "a:\n",
    "a:",
    "a: ~\nb: null\nc: Null\nd: NULL\ne: nUll\nf:\ng: ''\nh: \"\"\ni: '~'\n",
    "a: 1\nb: true\nc: -1\nd: 0o17\ne: .inf\nf: 2024-01-01\ng: =\nh: <<\n<<: x\n",
    "a: b # comment\nc: 'd' # comment\ne: \"f\"   # comment\ng: [h]  # comment\ni: {j: k} # c\n",
    "a: b#c\nd: e #f\ng: h#\n",
    "# only\n# comments\n",
    "",
    "\n\n",
    "a: b\n\n\n# c\n  # indented comment\nd: e\n",
    "a:\n  b: c\n  d:\n    e: f\n  g: h\ni: j\n",
    "a:\n    b: c\n    d: e\n",
    "a:\n  b: c\n    d: e\n",
    "a:\n  b: c\n d: e\n",
    "a:\n  b: c\n  b: d\n",
    "a: b\na: c\n",
    "a: b\n  c\n",
    "a: b\n\n  c\n",
    "a: b\n  # c\nd: e\n",
    "a: b\n# c\n  d\n",
    "a:\n  - b\n  - c\nd: e\n",
    "a:\n- b\n- c\n",
    "a:\n  - b\n  c: d\n",
    "a:\n  - b\n   - c\n",
    "a:\n  - 'b'\n  - \"c\\td\"\n  - [e, f]\n  - {g: h}\n  - ~\n  - -1\n",
    "a:\n  - b: c\n",
    "a:\n  -\n",
    "a:\n  - \n",
    "a:\n  - |\n    x\n",
    "- a\n- b\n",
    "a: - b\n",
    "a: -b\nc: -\nd: --\ne: -1.5\n",
    "a: ?b\nc: :d\ne: b:c\nf: b: c\ng: b:\n",
    "a: 'it''s'\nb: 'a\"b'\nc: '  spaced  '\nd: '#'\ne: 'x' y\nf: 'unclosed\n",
    'a: "\\x41\\u00e9\\U0001F418\\n\\t\\\\\\"\\/\\ \\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P"\n',
    'a: "\\q"\nb: "\\ud800"\nc: "\\x4"\n',
    "a: \"tab\there\"\nb: 'tab\there'\n",
    "a: tab\there\n",
    "a:\tb\n",
    "\ta: b\n",
    "a: b\t\n",
    "'quoted key': 1\n\"dq key\\n\": 2\n'': 3\n'it''s': 4\n",
    "1: a\ntrue: b\nnull: c\n~: d\n-1: e\n",
    "f(a integer, b text): x\nkey with spaces: y\nkey[0]: z\n{a}: b\n[a]: b\n",
    "a b : c\n",
    "a:b: c\n",
    "a#b: c\n",
    "a #b: c\n",
    "? a\n: b\n",
    "&x a: b\n",
    "a: &x b\nc: *x\n",
    "a: !!str 1\n",
    "a: !tag b\n",
    "a: %b\nc: @d\ne: `f`\n",
    "---\na: b\n",
    "a: b\n---\nc: d\n",
    "a: b\n...\n",
    "--- a: b\n",
    "... a: b\n",
    "---a: b\n",
    "%YAML 1.1\n---\na: b\n",
    "a: >\n  folded\n  text\n",
    "a: |\n  line 1\n  line 2\nb: c\n",
    "a: |-\n  line 1\n\n  line 2\n\n\nb: c\n",
    "a: |+\n  line 1\n\n\nb: c\n",
    "a: |+\n  line 1\n\n",
    "a: |\n  no final break",
    "a: |-\n  no final break",
    "a: |2\n   leading space\n  x\n",
    "a: |2-\n\n\n  after blank lines\n",
    "a: |1\n  x\n",
    "a: |-2\n   x\n",
    "a: |\n\n  x\n",
    "a: |\n  \n  x\n",
    "a: |\n    \n  x\n",
    "a: |\n  x\n    \n  y\n",
    "a: |\n  x\n \n  y\n",
    "a: |\n  x\n  \ty\n",
    "a: |\n  x\n\ty\n",
    "a: |\n  # not a comment\n  x: y\n# a comment\nb: c\n",
    "a: |\n  x\n y\n",
    "a: |\nb: c\n",
    "a: | # header comment\n  x\n",
    "a: |x\n  x\n",
    "a:\n  b: |\n    x\n     y\n  c: d\n",
    "a:\n  b: |\n      x\n    y\n",
    "a: {}\nb: []\nc: {d: e, f: [g, h], i: {j: k}}\nl: [m, [n], {o: p}]\n",
    "a: {b: c, }\nd: [e, ]\n",
    "a: {b: c\n  , d: e}\n",
    "a: [b,\n  c]\n",
    "a: {b: c, b: d}\n",
    "a: {b}\nc: {d: }\ne: {f:g}\nh: {i : j}\n",
    "a: {b: null, c: ~, d: 'null', e: x y  z}\n",
    "a: [b]]\nc: {d: e}}\n",
    "a: [b] c\nd: [e]# c\n",
    "a: {'b': \"c\", 'd''e': 'f,g', h: 'numeric(12,2)'}\n",
    "a: [-1, -x, - x]\n",
    "a: [a:b]\nc: [d: e]\n",
    "a: {b: [c, {d: [e]}]}\n",
    "a: [?b]\nc: [&d e]\nf: [*g]\n",
    "a: b\r\nc: |\r\n  d\r\n  e\r\n",
    "a: b\rc: d\n",
    "a: b\x85c: d\n",
    "a: b\u2028c\n",
    "\ufeffa: b\n",
    "a: b\ufeffc\n",
    "a: \x01\n",
    "a: unicode ünï 日本 🐘\nb: nbsp\u00a0here\nc: trail\u00a0\n",
    "a: " + "x" * 2000 + "\n",
    "k" * 1100 + ": v\n",
    "a: {" + ", ".join(f"k{i}: v" for i in range(200)) + "}\n",
    "  a: b\n  c: d\n",
    "a: b\n c: d\n",
    "a: b\nc: d\n  e: f\n",
    "a:\n  b:\n  c:\n    d:\n",
    "a:\n  b:\n    - c\n  d: e\n",
    "a: [b, c]\n  d: e\n",
    "a: 'b'\n  c: d\n",
    COLUMNS + "      id: [bigint\n",
    "schema: public\ntables:\n\tusers: {}\n",
]


def _reference(text: str) -> Any:
    """What the libyaml-driven reader gives, or UNSURE when it refuses the text."""
    try:
        return read_yaml_with_libyaml(text)
    except (yaml.YAMLError, YamlProblem):
        return UNSURE


def _identical(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_identical(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_identical(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _check(text: str) -> bool:
    """Assert the property for one text; True when the subset reader read it."""
    fast = read_subset(text)
    if fast is UNSURE:
        return False
    expected = _reference(text)
    assert expected is not UNSURE, f"read what libyaml refuses: {text!r}"
    assert _identical(fast, expected), f"{text!r}: {fast!r} != {expected!r}"
    return True


@pytest.fixture(scope="module")
def written_texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("written")
    write_expected(full_catalog(), out / "a")
    write_expected(full_catalog(), out / "b", include_extension_objects=True, unexpected="error")
    return [p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.yaml"))]


def test_snippets() -> None:
    read = [text for text in SNIPPETS if _check(text)]
    assert len(read) > 30, read


def test_written_files_are_read_by_the_subset(written_texts: list[str]) -> None:
    for text in written_texts:
        read = _check(text)
        # An explicit `? key` (a key over 1,000 characters) is left to libyaml.
        assert read or "\n  ? " in text, text[:200]
    assert read_yaml(written_texts[0]) == read_yaml_with_libyaml(written_texts[0])


def test_written_files_without_long_keys(written_texts: list[str]) -> None:
    """The full catalog's public schema with the one long key left out: every awkward text in it
    (quoting, escapes, literal blocks with every chomping) is read by the subset."""
    for text in written_texts:
        if "\n  ? " in text:
            lines = text.split("\n")
            at = next(i for i, line in enumerate(lines) if line.startswith("  ? "))
            end = next(i for i in range(at + 2, len(lines)) if not lines[i].startswith("    "))
            assert _check("\n".join(lines[:at] + lines[end:]))


def test_documents_other_tests_use() -> None:
    for text in [*HAND_WRITTEN, *OTHER_SPELLINGS]:
        _check(text)


_ALPHABET = [" ", "  ", "\n", ":", ": ", "#", " #", "-", "- ", "'", '"', "{", "}", "[", "]", ",", "|", "|-",
             "|+", "|2", ">", "\t", "\\", "&", "*", "!", "?", "%", "@", "`", "~", "a", "0", "\r\n", "\r",
             "\u00a0", "\u2028", "\\n", "''", "null"]  # fmt: skip


def _edited(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    choice = rng.randrange(6)
    at = rng.randrange(len(lines))
    if choice == 0:  # indent or outdent a line
        lines[at] = " " * rng.randrange(6) + lines[at].lstrip(" ")
    elif choice == 1:  # repeat a line
        lines.insert(at, lines[at])
    elif choice == 2:  # drop a line
        del lines[at]
    else:  # insert, replace or delete a few characters
        joined = "\n".join(lines)
        pos = rng.randrange(len(joined) + 1)
        cut = rng.choice((0, 0, 1, 2))
        return (
            joined[:pos] + "".join(rng.choices(_ALPHABET, k=rng.choice((0, 1, 1, 2)))) + joined[pos + cut :]
        )
    return "\n".join(lines)


def test_edited_texts(written_texts: list[str]) -> None:
    rng = random.Random(20240611)
    bases = [t for t in [*SNIPPETS, *HAND_WRITTEN, *OTHER_SPELLINGS, *written_texts] if t and len(t) < 20_000]
    read = refused = 0
    for _ in range(30_000):
        text = rng.choice(bases)
        for _ in range(rng.choice((1, 1, 2, 3))):
            text = _edited(text, rng) if text else text
        if _check(text):
            read += 1
        else:
            refused += 1
    assert read > 5_000 and refused > 5_000, (read, refused)


def test_the_benchmark_shape_is_read_by_the_subset(tmp_path: Path) -> None:
    """A table as drift init writes the synthetic benchmark catalog (docs/speed.md)."""
    text = """schema: app
owner: postgres
table_owner: postgres
tables:
  t00003:
    comment: Synthetic table 3
    columns:
      id: {type: bigint, nullable: false, identity: by default}
      code: character varying(40) not null
      status: {type: character varying(20), nullable: false, default: "'active'::character varying"}
      amount: {type: 'numeric(12,2)', default: '0'}
      created_at: {type: timestamp with time zone, nullable: false, default: now()}
    primary_key: [id]
    foreign_keys:
      t00003_parent_fk:
        columns: [parent_id]
        ref_schema: billing
        ref_table: t00001
        ref_columns: [id]
        on_delete: CASCADE
    unique_constraints:
      t00003_code_key: [code]
    check_constraints:
      t00003_amount_check: ((amount >= (0)::numeric) AND (quantity > 0))
    indexes:
      t00003_enabled_idx: {keys: [updated_at], predicate: is_enabled}
      t00003_status_created_idx: [status, created_at]
"""
    assert _check(text)


@pytest.mark.parametrize("seed", range(10))
def test_random_written_documents(seed: int) -> None:
    """Whatever the writer makes of random text is read as libyaml reads it, mostly by the subset."""
    rng = random.Random(seed)
    read = 0
    for _ in range(200):
        texts = [_random_text(rng) for _ in range(4)]
        doc = {
            "block": texts[0],
            "flow": Flow({"value": texts[1], "list": [texts[2], "x"], texts[3]: texts[0]}),
            "list": texts,
            texts[1]: {"nested": texts[2], "empty": {}, "none": None, "items": []},
            "deep": {"deeper": {texts[3]: texts[1]}},
        }
        written = dump(doc, header="header")
        read += _check(written)
        assert read_yaml(written) == doc
    assert read > 100
