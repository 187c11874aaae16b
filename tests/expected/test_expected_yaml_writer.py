"""The emitter writes text that reads back exactly, through our reader and through PyYAML's loaders."""

from __future__ import annotations

import random

import pytest
import yaml

from drift.sources.expected.yaml_reader import read_yaml
from drift.sources.expected.yaml_writer import Flow, dump, quote

_ALPHABET = [
    *list("aZ09 _-:#,'\"\\[]{}!&*|>%@`?=<.~\t\n\r"),
    "\xa0",
    "ü",
    "🐘",
    "\x00",
    "\x85",
    "\u2028",
    "\ufeff",
]
_WORDS = [
    "... end",
    "--- start",
    "null",
    "true",
    "yes",
    "no",
    "on",
    "~",
    "0",
    "1.5",
    "0x1F",
    "0o7",
    ".nan",
    "-",
    "---",
    "...",
    "<<",
    "=",
]


def _random_text(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return rng.choice(_WORDS)
    parts = [
        rng.choice(_ALPHABET) if rng.random() < 0.6 else rng.choice(_WORDS) for _ in range(rng.randint(0, 12))
    ]
    return "".join(parts)


LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


@pytest.mark.parametrize("seed", range(20))
def test_random_text_reads_back_exactly(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(100):
        text = _random_text(rng)
        doc = {
            "block": text,
            "flow": Flow({"value": text, "list": [text, "x"]}),
            "list": [text] * 3,
            text: {"nested": text},
            "deep": {"deeper": {"value": text}},
        }
        written = dump(doc, header="header line\nsecond")
        assert read_yaml(written.encode()) == doc, written
        for loader in LOADERS:
            assert yaml.load(written, Loader=loader) == doc, written


def test_plain_only_when_unambiguous() -> None:
    assert quote("character varying(255)", flow=False) == "character varying(255)"
    assert quote("numeric(10,2)", flow=True) == "'numeric(10,2)'"
    assert quote("'active'::text", flow=False) == "\"'active'::text\""
    assert quote("true", flow=False) == "'true'"
    assert quote("it's", flow=False) == "it's"
    assert quote("tab\there", flow=False) == '"tab\\there"'


def test_long_keys_use_explicit_form() -> None:
    key = "f(" + ", ".join(["argument character varying"] * 60) + ")"
    written = dump({"functions": {key: Flow({"returns": "void"})}})
    assert "? " in written
    assert read_yaml(written) == {"functions": {key: {"returns": "void"}}}


def test_literal_blocks() -> None:
    body = "\nBEGIN\n\tRETURN 1;  \nEND;\n"
    written = dump({"definition": body, "view": " SELECT 1\n  FROM t;"})
    assert written == (
        "definition: |2\n\n  BEGIN\n  \tRETURN 1;  \n  END;\nview: |2-\n   SELECT 1\n    FROM t;\n"
    )
    assert read_yaml(written) == {"definition": body, "view": " SELECT 1\n  FROM t;"}
