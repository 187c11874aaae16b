"""An adversary for `yaml_subset.read_subset`: inputs aimed at where a line-by-line reader could
read YAML differently from libyaml, checked three ways.

For every text, `read_subset` must not raise, and must return UNSURE or a document that
1. is identical (types, values, key order) to what the libyaml-driven `read_yaml_with_libyaml` gives;
2. matches the node graph libyaml's own composer makes (`yaml.compose(text, CSafeLoader)`): the same
   shape, every key and scalar its node's text, and None exactly where YAML resolves an implicit null;
3. gives `yaml.load(text, Loader=CSafeLoader)` exactly (types included: True, 1, datetime...) once
   each scalar's text is typed by the tag libyaml resolved for it. Exact equality with `yaml.load`
   itself is not the contract: both readers deliberately give every scalar as its text (`yes` is
   "yes", `1:` is the key "1"; the pydantic file models convert), `test_resolved_forms_stay_text`
   pins that down.
"""

from __future__ import annotations

import datetime
import math
import random
from typing import Any

import pytest
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from drift.sources.expected.yaml_reader import YamlProblem, read_yaml, read_yaml_with_libyaml
from drift.sources.expected.yaml_subset import UNSURE, read_subset

_LOADER: Any = yaml.CSafeLoader
_NULL_TAG = "tag:yaml.org,2002:null"

# Plain scalars YAML 1.1 (PyYAML's resolver) types, and near misses it leaves as strings.
RESOLVED = [
    "yes", "Yes", "YES", "yEs", "no", "No", "NO", "on", "On", "ON", "oN", "off", "Off", "OFF", "true",
    "True", "TRUE", "tRUE", "false", "False", "FALSE", "y", "Y", "n", "N", "~", "null", "Null", "NULL",
    "nULL", "0", "-0", "+1", "1_000", "0x1F", "0o17", "017", "0b101", "08", "1:30", "190:20:30", "1.5",
    "1e3", "1.0e+3", "6.8523015e+5", "685_230.15", "-.inf", ".Inf", ".NAN", ".nan", "2001-12-14",
    "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-12-14T21:59:43Z", "=", "<<",
]  # fmt: skip
# Plain-ish texts at the edges of the subset's regular expressions, and characters YAML treats apart.
EDGES = [
    "a b", "a  b", "a:b", "a::b", "a#b", "a #b", "a: b", "a:", "-a", "- a", "-", "--", "---", "...", "?a",
    "? a", ":a", "a'b", 'a"b', "a\\b", "[a]", "{a: b}", "a]", "a}", "a,b", "|", "|-", ">", "&a", "*a",
    "!!str a", "!a", "%a", "@a", "`a", "a\tb", "a ", " a", "\u00a0", "a\u00a0", "a\u00a0#b", "b:\u00a0c",
    "🐘", "é", "\u0085", "\u2028", "\u2029", "\ufeff", "\u200b", "\x7f", "\x0c", "'", '"', "''", "#", "a#",
    "\U0010fffd", "\ufffe",
]  # fmt: skip
ESCAPES = [
    "\\n", "\\t", "\\\\", '\\"', "\\x41", "\\u00e9", "\\U0001F418", "\\0", "\\ ", "\\/", "\\N", "\\_",
    "\\L", "\\P", "\\e", "\\q", "\\x4", "\\ud800", "\\U00110000", "\\\t", "\\'", "\\",
]  # fmt: skip

ADVERSARIAL = [
    # resolution: every form as a value, a key and a flow item
    "".join(f"k{i}: {s}\n" for i, s in enumerate(RESOLVED)),
    "".join(f"{s}: v\n" for s in RESOLVED),
    "a: [" + ", ".join(RESOLVED) + "]\n",
    "a: {" + ", ".join(f"{s}: {s}" for s in RESOLVED) + "}\n",
    "".join(f"k{i}: '{s}'\nq{i}: \"{s}\"\n" for i, s in enumerate(RESOLVED)),
    "<<: {a: b}\nc: d\n",
    "a: {<<: {b: c}}\n",
    "1: a\n0x1: b\n01: c\n",  # one key to yaml.load, three here (keys are their text)
    "yes: a\ntrue: b\non: c\n",
    "null: a\n~: b\n'': c\n",
    # quoting
    "a: 'it''s'\nb: ''''\nc: ''''''\nd: 'a'' # not a comment'\ne: 'x'' ''y'\n",
    "a: 'a\\nb'\nb: '\\'\nc: '\"'\n",
    'a: "\\x41\\u00e9\\U0001F418\\N\\_\\L\\P\\e\\0\\/\\ \\\t"\n',
    'a: "\\\'"\n',
    'a: "a\\\\" # "\nb: "\\"" # x\n',
    'a: "\\U00110000"\n',
    "a: 'x'y\n",
    "a: 'x' 'y'\n",
    "a: 'x'#c\n",
    'a: "x"#c\n',
    "'a'': b': c\n",
    "'a': 'b': c\n",
    "a: '\n  folded'\n",
    'a: "line\\\n  continued"\n',
    # comments and spaces
    "a: b #c\nd: e#f\ng: h  #  i\nj: 'k' #l\nm: [n] #o\np: {q: r} #s\n",
    "a: b # c: d\n",
    "a: b\t# c\n",
    "a: b \nc: 'd' \ne: [f] \n",
    "a:   \nb: c\n",
    "a: b\n\t\nc: d\n",
    # keys with colons, hashes, quotes
    "a:b: c\na::b: d\n'a: b': e\n\"c: d\": f\n",
    "a:b:: c\n",
    "-a: b\n--: c\n---x: d\n...: e\n",
    "a\u00a0: b\n",
    "a : b\n",
    # line breaks and characters
    "a: b\r\nc: d\r\n",
    "a: |\r\n  x\r\n  y\r\nb: c\r\n",
    "a: b\r\n\r\n",
    "a: b\rc: d\n",
    "a: b\u0085c: d\n",
    "a: b\u2028c: d\n",
    "a: b\u2029c: d\n",
    "\ufeffa: b\n",
    "a: b\n\ufeffc: d\n",
    "a: x\ufeffy\n",
    "a: 🐘\U0010fffd\ue000\ufffd\n",
    "a: \ufffe\n",
    "a: \x00\n",
    "a: " + "é" * 5000 + "\n",
    "🐘" * 1000 + ": v\n",
    "'" + "🐘" * 999 + "': v\n",
    "a: {" + "é" * 1000 + ": b}\n",
    # indentation
    "a:\n   b: c\n   d:\n         e: f\n   g: h\n",
    "a:\n  b: c\n   d: e\n",
    "a:\n    b: c\n  d: e\n",
    "a:\n  b:\n  c: d\n",
    "a:\n\tb: c\n",
    "a:\n  -  b\n  -   c\n",
    "a:\n- b\n",
    "a:\n  - b: c\n  - d\n",
    "a:\n  - - b\n",
    "a:\n  -\n  - b\n",
    "a:\n  - \n",
    "a:\n  - b\n  c: d\n",
    "- a\n- b\n",
    "? a\n: b\n",
    "a: ? b\n",
    "a: !!str 1\nb: !!int '1'\n",
    "a: &x b\nc: *x\n",
    "a: &x {b: c}\nd: *x\n",
    # block scalars
    "a: |\n  x\n\n  y\n",
    "a: |-\n  x\n\n",
    "a: |+\n  x\n\n\n",
    "a: |+\n  x\n\n# c\nb: y\n",
    "a: |2\n    x\n  y\n",
    "a: |1-\n  x\n",
    "a: |-1\n  x\n",
    "a: |10\n  x\n",
    "a: >\n  x\n  y\n",
    "a: >-\n  x\n",
    "a: |\n  x\n     \n",
    "a: |-\n  x\n     \n",
    "a: |\n  x\n   \n  \n",
    "a: |\n   \n  x\n",
    "a:\n  b: |2\n      x\n    y\n",
    "a: |\n  ---\n  ...\n",
    "a: |\n  x\n---\n",
    "a: |\n  x\n...\n",
    # documents and directives
    "---\na: b\n",
    "--- a: b\n",
    "a: b\n---\n",
    "a: b\n...\n",
    "a: b\n... # end\n",
    "%YAML 1.1\n---\na: b\n",
    "%TAG ! tag:x,2000:\n---\na: b\n",
    # flow collections
    "a: [b, [c, [d, {e: [f]}]]]\n",
    "a: [b, c,]\n",
    "a: [b c, 'd, e', \"f]g\", h'i]\n",
    "a: {b: c, 'd': 'e', \"f\": g}\n",
    'a: {"b":c}\n',
    "a: {b:c}\n",
    "a: [b: c]\n",
    "a: {b}\n",
    "a: [b]: c\n",
    "a: {b: {c: d}, e: [f, {g: h}]}\n",
    "a: [" + "[" * 16 + "]" * 16 + "]\n",
    "a: " + "[" * 17 + "]" * 17 + "\n",
    "a: " + "[" * 499 + "]" * 499 + "\n",  # once a RecursionError instead of falling back
    "a: " + "{b: " * 199 + "c" + "}" * 199 + "\n",
    # duplicates
    "a: b\na: c\n",
    "a: b\n'a': c\n",
    'a:\n  b: c\n  "b": d\n',
    "a: {b: c, 'b': d}\n",
]


def _projected(fast: Any, node: Node) -> None:
    """`fast` is `node` with each scalar as its text, None for an implicit null."""
    if isinstance(node, MappingNode):
        assert type(fast) is dict and len(fast) == len(node.value), (fast, node)
        for (key_node, value_node), (key, value) in zip(node.value, fast.items(), strict=True):
            assert isinstance(key_node, ScalarNode) and key == key_node.value, (key, key_node)
            _projected(value, value_node)
    elif isinstance(node, SequenceNode):
        assert type(fast) is list and len(fast) == len(node.value), (fast, node)
        for item, item_node in zip(fast, node.value, strict=True):
            _projected(item, item_node)
    elif node.tag == _NULL_TAG:
        assert fast is None, (fast, node)
    else:
        assert type(fast) is str and fast == node.value, (fast, node)


def _typed_node(fast: Any, node: Node) -> Node:
    """The node YAML would have made of `fast`'s texts with the tags libyaml resolved."""
    if isinstance(node, MappingNode):
        pairs = [
            (_typed_node(key, key_node), _typed_node(value, value_node))
            for (key_node, value_node), (key, value) in zip(node.value, fast.items(), strict=True)
        ]
        return MappingNode(node.tag, pairs)
    if isinstance(node, SequenceNode):
        return SequenceNode(node.tag, [_typed_node(v, n) for v, n in zip(fast, node.value, strict=True)])
    return ScalarNode(node.tag, "" if fast is None else fast)


def _equal(a: Any, b: Any) -> bool:
    """== with types, and NaN equal to NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _check(text: str) -> bool:
    """Assert the three properties for one text; True when the subset reader read it."""
    fast = read_subset(text)  # must not raise, whatever the text
    if fast is UNSURE:
        return False
    try:
        reference = read_yaml_with_libyaml(text)
    except (yaml.YAMLError, YamlProblem) as exc:
        raise AssertionError(f"read what libyaml refuses: {text!r} ({exc})") from None
    assert _equal(fast, reference), f"{text!r}: {fast!r} != {reference!r}"
    node = yaml.compose(text, Loader=_LOADER)
    assert node is not None
    _projected(fast, node)
    try:
        loaded = yaml.load(text, Loader=_LOADER)
    except (yaml.YAMLError, ValueError):  # `=`, a merge of a scalar, a 13th month: yaml.load's own limits
        return True
    constructor = yaml.SafeLoader("")
    typed = constructor.construct_document(_typed_node(fast, node))
    assert _equal(typed, loaded), f"{text!r}: typed {typed!r} != yaml.load {loaded!r}"
    return True


def test_adversarial_snippets() -> None:
    read = [text for text in ADVERSARIAL if _check(text)]
    assert len(read) > 40, len(read)


def test_resolved_forms_stay_text() -> None:
    """What yaml.load types, both readers give as the text written (an unquoted null as None)."""
    text = "".join(f"k{i}: {s}\n" for i, s in enumerate(RESOLVED))
    fast = read_subset(text)
    assert _equal(fast, read_yaml_with_libyaml(text))
    typed = [s for s in RESOLVED if s not in ("=", "<<")]  # yaml.load constructs neither as a value
    loaded = yaml.load("".join(f"- {s}\n" for s in typed), Loader=_LOADER)
    by_text = dict(zip(typed, loaded, strict=True))
    assert by_text["yes"] is True and by_text["OFF"] is False and by_text["yEs"] == "yEs"
    assert by_text["017"] == 15 and by_text["08"] == "08" and by_text["1:30"] == 90
    assert by_text["2001-12-14"] == datetime.date(2001, 12, 14) and by_text["0o17"] == "0o17"
    for i, s in enumerate(RESOLVED):
        assert fast[f"k{i}"] == (None if s in ("~", "null", "Null", "NULL") else s), s
    keys = read_subset("1: a\nyes: b\nnull: c\n~: d\n")
    assert keys == {"1": "a", "yes": "b", "null": "c", "~": "d"}


@pytest.mark.parametrize("depth", [17, 100, 499])
def test_deeply_nested_flow_is_left_to_libyaml(depth: int) -> None:
    text = "a: " + "[" * depth + "]" * depth + "\n"
    assert read_subset(text) is UNSURE
    value = read_yaml(text)["a"]
    for _ in range(depth - 1):
        (value,) = value
    assert value == []


def _single(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _double(s: str, rng: random.Random) -> str:
    out = "".join("\\" + c if c in '"\\' else c for c in s)
    if rng.random() < 0.5:
        at = rng.randrange(len(out) + 1)
        out = out[:at] + rng.choice(ESCAPES) + out[at:]
    return '"' + out + '"'


def _scalar(rng: random.Random) -> str:
    text = rng.choice(RESOLVED) if rng.random() < 0.6 else rng.choice(EDGES)
    style = rng.random()
    if style < 0.6:
        return text
    return _single(text) if style < 0.8 else _double(text, rng)


def _flow(rng: random.Random, depth: int = 0) -> str:
    if depth > 2 or rng.random() < 0.4:
        return _scalar(rng)
    items = range(rng.randrange(4))
    if rng.random() < 0.5:
        inner = rng.choice((", ", ",", " , ")).join(_flow(rng, depth + 1) for _ in items)
        return "[" + inner + rng.choice(("]", " ]", ",]"))
    sep = (": ", ": ", " : ", ":")
    return "{" + ", ".join(f"{_scalar(rng)}{rng.choice(sep)}{_flow(rng, depth + 1)}" for _ in items) + "}"


_HEADERS = (" |", " |-", " |+", " |2", " |1-", " |2+", " |-2", " >", " | # c", " |#c", " |0")
_COMMENTS = ("", "", "", "", " # c", "  #c", "#c", " #", "\t# c", " ", "  ", "\t")


def _block(rng: random.Random, indent: int, depth: int, lines: list[str]) -> None:
    for _ in range(rng.randrange(1, 4)):
        pad = " " * indent
        if rng.random() < 0.15:
            lines.append(pad + rng.choice(("", "# c", " # c", "\t", "---", "...")))
        kind = rng.random()
        value = (
            " " + _scalar(rng)
            if kind < 0.55
            else " " + _flow(rng)
            if kind < 0.75
            else ""
            if kind < 0.9
            else None
        )
        if value is None:
            value = rng.choice(_HEADERS)
        lines.append(f"{pad}{_scalar(rng)}{rng.choice((':', ':', ':', ' :'))}{value}{rng.choice(_COMMENTS)}")
        if value in _HEADERS:
            width = indent + rng.choice((1, 2, 2, 3))
            for _ in range(rng.randrange(4)):
                lines.append(" " * rng.choice((width, width, width + 2, width - 1, 0)) + rng.choice(EDGES))
                if rng.random() < 0.3:
                    lines.append(" " * rng.randrange(width + 3))
        elif value == "" and depth < 3:
            sub = indent + rng.choice((1, 2, 2, 4))
            if rng.random() < 0.6:
                _block(rng, sub, depth + 1, lines)
            else:
                for _ in range(rng.randrange(1, 4)):
                    item = rng.choice((_scalar(rng), _flow(rng), "", f"{_scalar(rng)}: x"))
                    dash = rng.choice(("- ", "- ", "-  ", "-"))
                    lines.append(
                        " " * rng.choice((sub, sub, sub, indent)) + dash + item + rng.choice(_COMMENTS)
                    )


def _document(rng: random.Random) -> str:
    lines: list[str] = []
    _block(rng, 0, 0, lines)
    text = "\n".join(lines) + rng.choice(("\n", "\n", "", "\n\n"))
    return text.replace("\n", "\r\n") if rng.random() < 0.05 else text


@pytest.mark.parametrize("seed", range(4))
def test_random_scalars_quoting_and_nesting(seed: int) -> None:
    rng = random.Random(9000 + seed)
    read = refused = 0
    for _ in range(2_500):
        if _check(_document(rng)):
            read += 1
        else:
            refused += 1
    assert read > 200 and refused > 200, (read, refused)
