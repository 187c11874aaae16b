"""A small YAML emitter for expected-schema files: deterministic, readable, and exact on reading back.

Why not `yaml.dump`: it cannot put a small mapping on one line only when it fits, it writes a
multi-line function body as a single-quoted string with doubled blank lines, and it double-quotes
any text containing a tab. This emitter writes:

- mappings in block style, except `Flow` mappings (a column, an index) which go on one line when
  they fit in `WIDTH` columns and hold no multi-line text;
- lists of scalars on one line when they fit;
- multi-line text as a literal block (`|`, `|-` or `|+`, with an indentation indicator when the
  text starts with a space), so view and function bodies read as SQL;
- other text plain when YAML (1.1 and 1.2) would read it back as the same string, else quoted.

Every scalar it writes reads back, through `yaml_reader.read_yaml` and through PyYAML's own loaders,
as exactly the text it was given (see tests/expected/test_yaml_writer.py).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

WIDTH = 100
_MAX_SIMPLE_KEY = 1000  # libyaml refuses an implicit key longer than 1024 characters
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = frozenset(",[]{}:?")  # PyYAML ends a flow plain scalar at any of these
_YAML12_NUMBER = re.compile(
    r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
)


class Flow(dict[str, Any]):
    """A mapping to write on one line when it fits (a column, a constraint, an index)."""


def dump(document: dict[str, Any], header: str = "") -> str:
    """The YAML text of `document` (a mapping of str keys), preceded by `header` comment lines."""
    out: list[str] = [f"# {line}".rstrip() for line in header.splitlines()]
    _block_mapping(out, document, 0)
    return "\n".join(out) + "\n"


def _block_mapping(out: list[str], mapping: dict[str, Any], indent: int) -> None:
    pad = " " * indent
    for key, value in mapping.items():
        key_text = quote(key, flow=False, key=True)
        if len(key_text) > _MAX_SIMPLE_KEY:
            out.append(f"{pad}? {key_text}")
            lead = f"{pad}:"
        else:
            lead = f"{pad}{key_text}:"
        if isinstance(value, dict):
            if not value:
                out.append(f"{lead} {{}}")
                continue
            if isinstance(value, Flow):
                flow = _flow_mapping(value, WIDTH - len(lead) - 1)
                if flow is not None:
                    out.append(f"{lead} {flow}")
                    continue
            out.append(lead)
            _block_mapping(out, value, indent + 2)
        elif isinstance(value, list | tuple):
            flow = _flow_sequence(value, WIDTH - len(lead) - 1)
            if flow is not None:
                out.append(f"{lead} {flow}")
                continue
            out.append(lead)
            for item in value:
                out.append(f"{pad}  - {quote(item, flow=False) if isinstance(item, str) else _scalar(item)}")
        elif isinstance(value, str) and "\n" in value and _literal_ok(value):
            _literal(out, lead, value, indent)
        else:
            out.append(f"{lead} {quote(value, flow=False) if isinstance(value, str) else _scalar(value)}")


def _flow_mapping(mapping: dict[str, Any], budget: int) -> str | None:
    parts = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            return None
        if isinstance(value, list | tuple):
            text = _flow_sequence(value, budget)
            if text is None:
                return None
        elif isinstance(value, str):
            if "\n" in value:
                return None
            text = quote(value, flow=True)
        else:
            text = _scalar(value)
        parts.append(f"{quote(key, flow=True, key=True)}: {text}")
    text = "{" + ", ".join(parts) + "}"
    return text if len(text) <= budget else None


def _flow_sequence(items: list[Any] | tuple[Any, ...], budget: int) -> str | None:
    if not items:
        return "[]"
    parts = []
    for item in items:
        if isinstance(item, dict | list | tuple) or (isinstance(item, str) and "\n" in item):
            return None
        parts.append(quote(item, flow=True) if isinstance(item, str) else _scalar(item))
    text = "[" + ", ".join(parts) + "]"
    return text if len(text) <= budget else None


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as YAML")


def _literal_ok(text: str) -> bool:
    if not text.strip("\n"):
        return False  # a block of only line breaks reads back as ""
    return all(ch.isprintable() or ch == "\n" or ch == "\t" for ch in text)


def _literal(out: list[str], lead: str, text: str, indent: int) -> None:
    """`lead |` and the text indented two more than the key: exact for printable text (and tabs)."""
    trailing = len(text) - len(text.rstrip("\n"))
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    body = text if trailing == 0 else text[:-1]
    indicator = "2" if text[0] in " \t\n" else ""
    out.append(f"{lead} |{indicator}{chomp}")
    pad = " " * (indent + 2)
    out.extend(pad + line if line else "" for line in body.split("\n"))


_plain_cache: dict[tuple[str, bool], bool] = {}


def quote(text: str, *, flow: bool, key: bool = False) -> str:
    """`text` as a single-line YAML scalar: plain when that reads back as the same string."""
    cache_key = (text, flow)
    plain = _plain_cache.get(cache_key)
    if plain is None:
        plain = _plain_ok(text, flow)
        if len(_plain_cache) < 100_000:
            _plain_cache[cache_key] = plain
    if plain:
        return text
    if text.isprintable():
        if "'" in text and '"' not in text and "\\" not in text:
            return f'"{text}"'
        return "'" + text.replace("'", "''") + "'"
    return _double_quoted(text)


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or not text.isprintable():
        return False
    if text[0] in _INDICATORS or text.startswith("...") or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and not _FLOW_INDICATORS.isdisjoint(text):
        return False
    if _YAML12_NUMBER.fullmatch(text):
        return False
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag == _STR_TAG


_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\", "\0": "\\0"}


def _double_quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'
