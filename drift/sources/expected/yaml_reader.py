"""Read one expected-schema YAML file into plain dicts, lists and strings, fast.

PyYAML's own `load` spends most of its time in Python-level node composition and implicit-type
resolution (about 7 s for a 5,000-table file here), while libyaml's event parser alone takes 0.5 s.
So we drive the parser's events ourselves and build the containers directly; the result is:

- every scalar is the text that was written (`0` is "0", `yes` is "yes"); only an untagged plain
  `null`, `~` or empty value is None. The pydantic file models turn "false" into a bool and "5" into
  an int where a field wants one, and a default expression `0` stays exactly "0";
- mapping keys are always their text (a column named `on` or `1` is simply that);
- a duplicate key, a complex key or a second document is an error with its line.

Files in the subset of YAML that `drift init` writes are read by `yaml_subset.read_subset` instead
(0.15 s instead of 0.56 s for those three files: no event objects); it gives up on anything else, and
libyaml reads it here, reporting every error.

Neither path keeps line numbers. When validation fails, `locate` parses the file again with libyaml,
this time remembering where every key starts, to turn the error's path into a line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from drift.sources.expected.yaml_subset import UNSURE, read_subset

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_NO_KEY: Any = object()


class YamlProblem(Exception):
    """A problem in the YAML itself, at a 1-based line and column."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


def _problem(event: Any, message: str) -> YamlProblem:
    return YamlProblem(event.start_mark.line + 1, event.start_mark.column + 1, message)


def read_yaml(data: bytes | str) -> Any:
    """Parse one YAML document into dicts, lists, str and None. Empty input gives None.

    Raises `YamlProblem` for what the format forbids and `yaml.YAMLError` for broken YAML. The usual
    files are read by `yaml_subset`; libyaml reads the rest and reports every error.
    """
    text: str | None = data if isinstance(data, str) else None
    if text is None:
        try:
            text = data.decode("utf-8")  # type: ignore[union-attr]
        except UnicodeDecodeError:
            text = None
    if text is not None:
        doc = read_subset(text)
        if doc is not UNSURE:
            return doc
    return read_yaml_with_libyaml(data)


def read_yaml_with_libyaml(data: bytes | str) -> Any:
    """`read_yaml` without the fast path for the usual files (tests compare the two)."""
    loader: Any = _Loader(data)
    try:
        return _build(loader.get_event)
    finally:
        loader.dispose()


def _build(get: Callable[[], Any]) -> Any:
    get()  # StreamStartEvent
    event = get()
    if type(event) is StreamEndEvent:
        return None
    root: Any = None
    stack: list[tuple[Any, Any]] = []
    current: Any = None  # the open container: a dict or a list; None at the document level
    key: Any = _NO_KEY
    anchors: dict[str, Any] = {}
    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            value: Any = event.value
            if current.__class__ is dict and key is _NO_KEY:
                if value in current:
                    raise _problem(event, f"duplicate key '{value}'")
                key = value
                continue
            if value in _NULLS and event.implicit[0]:
                value = None
            if event.anchor is not None:
                anchors[event.anchor] = value
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            value = {} if kind is MappingStartEvent else []
            if current.__class__ is dict and key is _NO_KEY:
                raise _problem(event, "a key must be a plain name, not a mapping or a list")
            if event.anchor is not None:
                anchors[event.anchor] = value
            if current is None:
                root = value
            elif current.__class__ is dict:
                current[key] = value
            else:
                current.append(value)
            stack.append((current, key))
            current = value
            key = _NO_KEY
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            current, key = stack.pop()
            key = _NO_KEY
            continue
        elif kind is AliasEvent:
            if current.__class__ is dict and key is _NO_KEY:
                raise _problem(event, "an alias cannot be a key")
            try:
                value = anchors[event.anchor]
            except KeyError:
                raise _problem(event, f"unknown alias '*{event.anchor}'") from None
        elif kind is DocumentEndEvent:
            event = get()
            if type(event) is DocumentStartEvent:
                raise _problem(event, "only one YAML document per file (remove the '---' line)")
            return root
        else:  # pragma: no cover - the parser emits nothing else inside a document
            raise _problem(event, f"unexpected {kind.__name__}")
        if current is None:
            root = value
        elif current.__class__ is dict:
            current[key] = value
            key = _NO_KEY
        else:
            current.append(value)


class _Node:
    """A container or scalar with the line it starts on (error path only)."""

    __slots__ = ("children", "line")

    def __init__(self, line: int, children: dict[str, tuple[int, _Node]] | list[_Node] | None) -> None:
        self.line = line
        self.children = children


def locate(data: bytes | str, path: Sequence[str | int]) -> int:
    """The 1-based line of the deepest node along `path` (mapping keys and list indexes).

    A key that is not there (a missing field) stops the walk at its parent, which is where it
    belongs; a key that is there gives the line the key is written on.
    """
    root = _build_marked(data)
    if root is None:
        return 1
    node, line = root, root.line
    for part in path:
        children = node.children
        if isinstance(children, dict) and isinstance(part, str) and part in children:
            line, node = children[part]
        elif isinstance(children, list) and isinstance(part, int) and 0 <= part < len(children):
            node = children[part]
            line = node.line
        else:
            break
    return line


def _build_marked(data: bytes | str) -> _Node | None:
    loader: Any = _Loader(data)
    try:
        loader.get_event()  # StreamStartEvent
        if isinstance(loader.get_event(), StreamEndEvent):
            return None
        return _marked_node(loader, loader.get_event())
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _marked_node(loader: Any, event: Any) -> _Node:
    line = event.start_mark.line + 1
    if isinstance(event, MappingStartEvent):
        mapping: dict[str, tuple[int, _Node]] = {}
        while not isinstance(key_event := loader.get_event(), MappingEndEvent):
            key_line = key_event.start_mark.line + 1
            _marked_node(loader, key_event)  # consumes a complex key's events too
            value = _marked_node(loader, loader.get_event())
            if isinstance(key_event, ScalarEvent):
                mapping.setdefault(key_event.value, (key_line, value))
        return _Node(line, mapping)
    if isinstance(event, SequenceStartEvent):
        items: list[_Node] = []
        while not isinstance(item_event := loader.get_event(), SequenceEndEvent):
            items.append(_marked_node(loader, item_event))
        return _Node(line, items)
    return _Node(line, None)
