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
from collections.abc import Callable
from dataclasses import dataclass, field

from drift.sources.orm_literals import is_number, number_const, typed_literal
from drift.sources.orm_types import catalog_spelling, uncast_spelling

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<qid>\"(?:[^\"]|\"\")+\")|(?P<num>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_$]*)|(?P<op>::|<>|!=|<=|>=|\|\||!~~\*|!~~|~~\*|~~|!~\*|!~|~\*|[-+*/%<>=~(),\[\]])"
    r")"
)
_COMPARISON = {"=", "<>", "!=", "<", ">", "<=", ">="}
_PATTERN = {"~", "!~", "~*", "!~*", "~~", "!~~", "~~*", "!~~*"}
_LIKE = {("like", False): "~~", ("like", True): "!~~", ("ilike", False): "~~*", ("ilike", True): "!~~*"}
_INT_RANK = {"smallint": 1, "integer": 2, "bigint": 3}
_TEXT_TO_TEXT = {"lower", "upper", "btrim", "ltrim", "rtrim", "initcap", "md5", "reverse"}
_TEXT_TO_INT = {"char_length", "character_length", "length", "octet_length"}
_VALUE_FUNCTIONS = {
    "current_date": "date",
    "current_timestamp": "timestamp with time zone",
    "localtimestamp": "timestamp without time zone",
    "current_time": "time with time zone",
    "localtime": "time without time zone",
}
_INT4 = 2**31
_DATETIME = {"other:date", "other:timestamp without time zone", "other:timestamp with time zone"}


class _Unsupported(Exception):
    """The expression is outside the subset we can spell like the server."""


@dataclass
class _Node:
    kind: str  # col, num, str, const, func, op, bool, not, null, in, cast, neg
    text: str = ""
    type: str | None = None  # catalog spelling; None for an untyped string literal
    args: list[_Node] = field(default_factory=list)
    negated: bool = False


# --------------------------------------------------------------------------------------- parsing
class _Parser:
    def __init__(self, text: str, columns: dict[str, str], domains: dict[str, str]) -> None:
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        text = text.strip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                raise _Unsupported(text[pos:])
            kind = m.lastgroup or ""
            value = m.group(kind)
            self.tokens.append((kind, value.lower() if kind == "word" else value))
            pos = m.end()
        self.i = 0
        self.columns = columns
        self.domains = domains

    def peek(self, offset: int = 0) -> tuple[str, str]:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else ("", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if not tok[0] or (value is not None and tok[1] != value):
            raise _Unsupported(value or "end")
        self.i += 1
        return tok

    def parse(self) -> _Node:
        node = self.disjunction()
        if self.i != len(self.tokens):
            raise _Unsupported(self.peek()[1])
        return node

    def disjunction(self) -> _Node:
        return self._chain("or", self.conjunction)

    def conjunction(self) -> _Node:
        return self._chain("and", self.negation)

    def _chain(self, word: str, parse: Callable[[], _Node]) -> _Node:
        args = [parse()]
        while self.peek() == ("word", word):
            self.take()
            args.append(parse())
        return args[0] if len(args) == 1 else _Node("bool", word.upper(), "boolean", args)

    def negation(self) -> _Node:
        if self.peek() == ("word", "not"):
            self.take()
            return _Node("not", type="boolean", args=[self.negation()])
        return self.comparison()

    def comparison(self) -> _Node:
        left = self.additive()
        kind, value = self.peek()
        if kind == "op" and (value in _COMPARISON or value in _PATTERN):
            self.take()
            return _Node("op", "<>" if value == "!=" else value, args=[left, self.additive()])
        negated = False
        if (kind, value) == ("word", "not"):
            negated = True
            self.take()
            kind, value = self.peek()
        if (kind, value) in (("word", "like"), ("word", "ilike")):
            self.take()
            return _Node("op", _LIKE[(value, negated)], args=[left, self.additive()])
        if (kind, value) == ("word", "in"):
            self.take()
            self.take("(")
            items = [self.additive()]
            while self.peek() == ("op", ","):
                self.take()
                items.append(self.additive())
            self.take(")")
            return _Node("in", args=[left, *items], negated=negated)
        if (kind, value) == ("word", "between"):
            self.take()
            low = self.additive()
            self.take("and")
            high = self.additive()
            ge = _Node("op", "<" if negated else ">=", args=[left, low])
            le = _Node("op", ">" if negated else "<=", args=[left, high])
            return _Node("bool", "OR" if negated else "AND", "boolean", [ge, le])
        if negated:
            raise _Unsupported("not")
        if (kind, value) == ("word", "is"):
            self.take()
            negated = self.peek() == ("word", "not")
            if negated:
                self.take()
            self.take("null")
            return _Node("null", type="boolean", args=[left], negated=negated)
        return left

    def additive(self) -> _Node:
        node = self.multiplicative()
        while self.peek()[0] == "op" and self.peek()[1] in ("+", "-", "||"):
            op = self.take()[1]
            node = _Node("op", op, args=[node, self.multiplicative()])
        return node

    def multiplicative(self) -> _Node:
        node = self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in ("*", "/", "%"):
            op = self.take()[1]
            node = _Node("op", op, args=[node, self.unary()])
        return node

    def unary(self) -> _Node:
        if self.peek() == ("op", "-"):
            self.take()
            inner = self.unary()
            if inner.kind == "num" and not inner.text.startswith("-"):
                return _Node("num", "-" + inner.text, inner.type)
            return _Node("neg", args=[inner], type=inner.type)
        node = self.primary()
        while self.peek() == ("op", "::"):
            self.take()
            node = _Node("cast", type=self.type_name(), args=[node])
        return node

    def type_name(self) -> str:
        words = [self.take()[1]]
        while self.peek()[0] == "word" and self.peek()[1] in (
            "varying",
            "precision",
            "with",
            "without",
            "time",
            "zone",
        ):
            words.append(self.take()[1])
        text = " ".join(words).upper()
        if self.peek() == ("op", "("):
            self.take()
            mods = [self.take()[1]]
            while self.peek() == ("op", ","):
                self.take()
                mods.append(self.take()[1])
            self.take(")")
            text += f"({', '.join(mods)})"
        return catalog_spelling(text).spelling

    def primary(self) -> _Node:
        kind, value = self.take()
        if kind == "num":
            return _Node("num", value, _number_type(value))
        if kind == "str":
            return _Node("str", value[1:-1].replace("''", "'"))
        if kind == "op" and value == "(":
            node = self.disjunction()
            self.take(")")
            return node
        if kind == "qid":
            name = value[1:-1].replace('""', '"')
            if name in self.columns:
                return self.column(name)
            raise _Unsupported(value)
        if kind != "word":
            raise _Unsupported(value)
        if value in ("true", "false"):
            return _Node("const", value, "boolean")
        if self.peek() == ("op", "("):
            self.take()
            args: list[_Node] = []
            if self.peek() != ("op", ")"):
                args.append(self.disjunction())
                while self.peek() == ("op", ","):
                    self.take()
                    args.append(self.disjunction())
            self.take(")")
            return _Node("func", value, args=args)
        if value in _VALUE_FUNCTIONS:
            return _Node("const", value.upper(), _VALUE_FUNCTIONS[value])
        if value in self.columns:
            return self.column(value)
        raise _Unsupported(value)

    def column(self, name: str) -> _Node:
        node = _Node("col", name, self.columns[name])
        base = self.domains.get(node.type or "")
        if base is not None:  # the server reaches a domain's operators through its base type
            return _Node("implicit", type=uncast_spelling(base), args=[node])
        return node


def _number_type(text: str) -> str:
    if re.fullmatch(r"\d+", text):
        return "integer" if int(text) < _INT4 else ("bigint" if int(text) < 2**63 else "numeric")
    return "numeric"


# --------------------------------------------------------------------------------------- typing
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

    def render(self, node: _Node) -> str:
        self.infer(node)
        return self.text(node)

    def infer(self, node: _Node) -> str | None:
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
    def _resolve_operator(self, node: _Node) -> str | None:
        left, right = node.args
        op = node.text
        if op == "||" or op in _PATTERN:
            for arg in node.args:
                if _family(arg.type) not in ("text", "varchar", "bpchar", "unknown"):
                    raise _Unsupported(op)
                self._coerce(arg, "text")
            return "boolean" if op in _PATTERN else "text"
        fl, fr = _family(left.type), _family(right.type)
        if fl == "unknown" and fr == "unknown":
            raise _Unsupported(op)
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
            raise _Unsupported(op)
        return "boolean" if op in _COMPARISON else result

    def _resolve_function(self, node: _Node) -> str | None:
        name = node.text
        if name in _TEXT_TO_TEXT or name in _TEXT_TO_INT:
            if not node.args or any(
                _family(a.type) not in ("text", "varchar", "bpchar", "unknown") for a in node.args[:1]
            ):
                raise _Unsupported(name)
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
                raise _Unsupported(name)
            for arg in node.args:
                self._coerce(arg, known)
            node.text = "COALESCE"
            return known
        if (
            name in ("now", "transaction_timestamp", "statement_timestamp", "clock_timestamp")
            and not node.args
        ):
            return "timestamp with time zone"
        raise _Unsupported(name)

    def _resolve_in(self, node: _Node) -> None:
        subject, *items = node.args
        family = _family(subject.type)
        if family == "unknown":
            raise _Unsupported("in")
        if family == "varchar":
            node.type = "varchar-array"
            for item in items:
                if item.kind != "str":
                    raise _Unsupported("in")
                self._coerce(item, "character varying")
            self._coerce(subject, "text")
            return
        probe = _Node("op", "=", args=[subject, _Node("num", "0", "integer")])
        for item in items:
            probe.args[1] = item
            self._resolve_operator(probe)

    @staticmethod
    def _coerce(node: _Node, target: str) -> None:
        """Record that `node` reaches its operator as `target` (a cast, or a typed literal)."""
        target = uncast_spelling(target)
        if node.kind == "str":
            node.type = target
            node.kind = "literal"
        elif node.type is not None and uncast_spelling(node.type) != target:
            node.args = [_Node(node.kind, node.text, node.type, node.args, node.negated)]
            node.kind, node.type, node.text, node.negated = "implicit", target, "", False

    # output
    def text(self, node: _Node) -> str:
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
            raise _Unsupported("untyped literal")
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
        raise _Unsupported(kind)

    def _in_text(self, node: _Node) -> str:
        subject, *items = node.args
        op = "<> ALL" if node.negated else "= ANY"
        array = "ARRAY[" + ", ".join(self.text(i) for i in items) + "]"
        if node.type == "varchar-array":
            array = f"{array}::text[]" if self.pretty else f"({array})::text[]"
        return f"({self.text(subject)} {op} ({array}))"


def _number_const(text: str) -> str:
    if not is_number(text):
        raise _Unsupported(text)  # an exponent: the server prints the expanded value
    return number_const(text)


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
        tree = _Parser(compiled, columns, domains or {}).parse()
        return _Renderer(pretty, domain_check).render(tree)
    except (_Unsupported, RecursionError, ValueError):
        return None
