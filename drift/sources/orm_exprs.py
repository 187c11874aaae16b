"""Model expressions (CHECK bodies, partial-index predicates, index keys, generated columns) spelt the
way the server prints them back.

Why this exists: a model says `CheckConstraint("price > 0")`; after `create_all` the catalog says
`(price > (0)::numeric)`, because the server resolved the operator and made the implicit cast
explicit. The differ's normalisation removes parentheses, case and whitespace, but it cannot know
that `price` is numeric. We can: the model gives every column's type. So a small parser reads the
common shapes (comparisons, arithmetic, AND/OR/NOT, IS NULL, IN, BETWEEN, LIKE, casts and a few
well-known functions), infers types the way the server's operator resolution does for the built-in
types, and renders the result as `pg_get_expr()` would. Anything outside that subset is returned
unchanged (`None` from `server_expression`), never guessed.
"""

from __future__ import annotations

import re

from drift.sources.orm_expr_parser import COMPARISON, PATTERN, Node, Parser, Unsupported
from drift.sources.orm_literals import is_number, number_const, typed_literal
from drift.sources.orm_types import uncast_spelling

_INT_RANK = {"smallint": 1, "integer": 2, "bigint": 3}
_TEXT_TO_TEXT = {"lower", "upper", "btrim", "ltrim", "rtrim", "initcap", "md5", "reverse"}
_TEXT_TO_INT = {"char_length", "character_length", "length", "octet_length"}
_DATETIME = {"other:date", "other:timestamp without time zone", "other:timestamp with time zone"}


def _family(type_: str | None) -> str:
    if type_ is None:
        return "unknown"
    if type_ in _INT_RANK:
        return "int"
    if type_.startswith("numeric"):
        return "numeric"
    if type_ in ("real", "double precision"):
        return "float"
    if type_.startswith("character varying"):
        return "varchar"
    if type_.startswith("character("):
        return "bpchar"
    if type_ == "text":
        return "text"
    return "other:" + uncast_spelling(type_)


class _Renderer:
    def __init__(self, pretty: bool, value_keyword: bool) -> None:
        self.pretty = pretty
        self.value_keyword = value_keyword

    def render(self, node: Node) -> str:
        self.infer(node)
        return self.text(node)

    def infer(self, node: Node) -> str | None:
        for arg in node.args:
            self.infer(arg)
        if node.kind == "op":
            node.type = self._resolve_operator(node)
        elif node.kind == "func":
            node.type = self._resolve_function(node)
        elif node.kind == "cast" and node.args[0].kind == "str":
            node.kind, node.text, node.args = "literal", node.args[0].text, []
        elif node.kind in ("bool", "not", "null", "in"):
            node.type = "boolean"
            if node.kind == "in":
                self._resolve_in(node)
        return node.type

    # operator resolution for built-in types: which side gets which implicit cast
    def _resolve_operator(self, node: Node) -> str | None:
        left, right = node.args
        op = node.text
        if op == "||" or op in PATTERN:
            for arg in node.args:
                if _family(arg.type) not in ("text", "varchar", "bpchar", "unknown"):
                    raise Unsupported(op)
                self._coerce(arg, "text")
            return "boolean" if op in PATTERN else "text"
        fl, fr = _family(left.type), _family(right.type)
        if fl == "unknown" and fr == "unknown":
            raise Unsupported(op)
        if "unknown" in (fl, fr):
            known = right if fl == "unknown" else left
            target = "text" if _family(known.type) == "varchar" else known.type or "text"
            self._coerce(left, target)
            self._coerce(right, target)
            result = target
        elif fl == fr and fl not in ("int", "float"):
            if fl == "varchar":
                self._coerce(left, "text")
                self._coerce(right, "text")
            result = uncast_spelling(left.type or "")
        elif {fl, fr} <= {"int", "numeric", "float"}:
            wider: str | None = (
                "double precision" if "float" in (fl, fr) else ("numeric" if "numeric" in (fl, fr) else None)
            )
            if wider is None:
                result = max((left.type or "", right.type or ""), key=lambda t: _INT_RANK.get(t, 0))
            else:
                for arg in node.args:
                    if _family(arg.type) != "float":
                        self._coerce(arg, wider)
                real = all(a.type == "real" for a in node.args)
                result = "real" if real else wider
        elif {fl, fr} <= _DATETIME:
            result = "boolean"  # date/timestamp/timestamptz compare across types without casts
        elif {fl, fr} in ({"varchar", "text"}, {"bpchar", "text"}):
            for arg in node.args:
                self._coerce(arg, "text")
            result = "text"
        elif {fl, fr} == {"varchar", "bpchar"}:
            for arg in node.args:
                self._coerce(arg, "bpchar")
            result = "bpchar"
        else:
            raise Unsupported(op)
        return "boolean" if op in COMPARISON else result

    def _resolve_function(self, node: Node) -> str | None:
        name = node.text
        if name in _TEXT_TO_TEXT or name in _TEXT_TO_INT:
            if not node.args or any(
                _family(a.type) not in ("text", "varchar", "bpchar", "unknown") for a in node.args[:1]
            ):
                raise Unsupported(name)
            self._coerce(node.args[0], "text")
            for extra in node.args[1:]:
                self._coerce(extra, "text" if extra.type is None else extra.type)
            return "text" if name in _TEXT_TO_TEXT else "integer"
        if (
            name == "abs"
            and len(node.args) == 1
            and _family(node.args[0].type) in ("int", "numeric", "float")
        ):
            return node.args[0].type
        if name == "coalesce" and node.args:
            known = next((a.type for a in node.args if a.type is not None), None)
            if known is None or len({uncast_spelling(a.type) for a in node.args if a.type}) > 1:
                raise Unsupported(name)
            for arg in node.args:
                self._coerce(arg, known)
            node.text = "COALESCE"
            return known
        if (
            name in ("now", "transaction_timestamp", "statement_timestamp", "clock_timestamp")
            and not node.args
        ):
            return "timestamp with time zone"
        raise Unsupported(name)

    def _resolve_in(self, node: Node) -> None:
        subject, *items = node.args
        family = _family(subject.type)
        if family == "unknown":
            raise Unsupported("in")
        if family == "varchar":
            node.type = "varchar-array"
            for item in items:
                if item.kind != "str":
                    raise Unsupported("in")
                self._coerce(item, "character varying")
            self._coerce(subject, "text")
            return
        probe = Node("op", "=", args=[subject, Node("num", "0", "integer")])
        for item in items:
            probe.args[1] = item
            self._resolve_operator(probe)

    @staticmethod
    def _coerce(node: Node, target: str) -> None:
        """Record that `node` reaches its operator as `target` (a cast, or a typed literal)."""
        target = uncast_spelling(target)
        if node.kind == "str":
            node.type = target
            node.kind = "literal"
        elif node.type is not None and uncast_spelling(node.type) != target:
            node.args = [Node(node.kind, node.text, node.type, node.args, node.negated)]
            node.kind, node.type, node.text, node.negated = "implicit", target, "", False

    # output
    def text(self, node: Node) -> str:
        kind = node.kind
        if kind == "col":
            if node.text == "value" and self.value_keyword:
                return "VALUE"
            return (
                node.text
                if re.fullmatch(r"[a-z_][a-z0-9_$]*", node.text)
                else '"' + node.text.replace('"', '""') + '"'
            )
        if kind == "num":
            return _number_const(node.text)
        if kind == "literal":
            return typed_literal(node.text, node.type or "text")
        if kind == "str":
            raise Unsupported("untyped literal")
        if kind == "const":
            return node.text
        if kind in ("implicit", "cast"):
            inner = node.args[0]
            body = self.text(inner)
            if self.pretty and inner.kind in ("col", "num", "const", "func", "literal"):
                return f"{body}::{node.type}"
            return f"({body})::{node.type}"
        if kind == "func":
            return f"{node.text}({', '.join(self.text(a) for a in node.args)})"
        if kind == "op":
            return f"({self.text(node.args[0])} {node.text} {self.text(node.args[1])})"
        if kind == "neg":
            return f"(- {self.text(node.args[0])})"
        if kind == "bool":
            parts: list[str] = []
            for arg in node.args:
                same = arg.kind == "bool" and arg.text == node.text
                parts.extend(self.text(a) for a in arg.args) if same else parts.append(self.text(arg))
            return "(" + f" {node.text} ".join(parts) + ")"
        if kind == "not":
            return f"(NOT {self.text(node.args[0])})"
        if kind == "null":
            return f"({self.text(node.args[0])} IS {'NOT ' if node.negated else ''}NULL)"
        if kind == "in":
            return self._in_text(node)
        raise Unsupported(kind)

    def _in_text(self, node: Node) -> str:
        subject, *items = node.args
        op = "<> ALL" if node.negated else "= ANY"
        array = "ARRAY[" + ", ".join(self.text(i) for i in items) + "]"
        if node.type == "varchar-array":
            array = f"{array}::text[]" if self.pretty else f"({array})::text[]"
        return f"({self.text(subject)} {op} ({array}))"


def _number_const(text: str) -> str:
    if not is_number(text):
        raise Unsupported(text)  # an exponent: the server prints the expanded value
    return number_const(text)


def index_key_ordering(key: str) -> str:
    """`a ASC` -> `a`, `a DESC NULLS FIRST` -> `a DESC`: pg_get_indexdef omits the defaults."""
    text = key
    upper = text.upper()
    if upper.endswith(" DESC NULLS FIRST"):
        return text[: -len(" NULLS FIRST")]
    if upper.endswith(" ASC NULLS LAST"):
        return text[: -len(" ASC NULLS LAST")]
    if upper.endswith(" ASC NULLS FIRST"):
        return text[: -len(" ASC NULLS FIRST")] + " NULLS FIRST"
    if upper.endswith(" ASC"):
        return text[: -len(" ASC")]
    return text


def server_expression(
    compiled: str,
    columns: dict[str, str],
    *,
    pretty: bool = False,
    domains: dict[str, str] | None = None,
    domain_check: bool = False,
) -> str | None:
    """`compiled` as `pg_get_expr()` (or, with `pretty`, `pg_get_indexdef(..., true)`) prints it,
    given the table's column types (catalog spellings) and the base types of the domains among them;
    None when outside the supported subset. For a domain's CHECK, pass `columns={"value": base}`
    and `domain_check=True`: the server prints the keyword VALUE."""
    try:
        tree = Parser(compiled, columns, domains or {}).parse()
        return _Renderer(pretty, domain_check).render(tree)
    except (Unsupported, RecursionError, ValueError):
        return None
