"""A small parser for the expressions models contain (see `orm_exprs` for why).

It reads comparisons, arithmetic, AND/OR/NOT, IS [NOT] NULL, [NOT] IN, [NOT] BETWEEN, [NOT] [I]LIKE,
`::` casts, function calls, column names, numbers, strings and the SQL value functions into a tree
of `Node`s, rewriting the shapes the server rewrites (BETWEEN into two comparisons, LIKE into `~~`,
`!=` into `<>`). Anything else raises `Unsupported`: the caller then keeps the text as compiled.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from drift.sources.orm_types import catalog_spelling, uncast_spelling

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<qid>\"(?:[^\"]|\"\")+\")|(?P<num>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_$]*)|(?P<op>::|<>|!=|<=|>=|\|\||!~~\*|!~~|~~\*|~~|!~\*|!~|~\*|[-+*/%<>=~(),\[\]])"
    r")"
)
COMPARISON = {"=", "<>", "!=", "<", ">", "<=", ">="}
PATTERN = {"~", "!~", "~*", "!~*", "~~", "!~~", "~~*", "!~~*"}
_LIKE = {("like", False): "~~", ("like", True): "!~~", ("ilike", False): "~~*", ("ilike", True): "!~~*"}
_VALUE_FUNCTIONS = {
    "current_date": "date",
    "current_timestamp": "timestamp with time zone",
    "localtimestamp": "timestamp without time zone",
    "current_time": "time with time zone",
    "localtime": "time without time zone",
}
_INT4 = 2**31


class Unsupported(Exception):
    """The expression is outside the subset we can spell like the server."""


@dataclass
class Node:
    kind: str  # col, num, str, const, func, op, bool, not, null, in, cast, neg
    text: str = ""
    type: str | None = None  # catalog spelling; None for an untyped string literal
    args: list[Node] = field(default_factory=list)
    negated: bool = False


class Parser:
    def __init__(self, text: str, columns: dict[str, str], domains: dict[str, str]) -> None:
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        text = text.strip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                raise Unsupported(text[pos:])
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
            raise Unsupported(value or "end")
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.disjunction()
        if self.i != len(self.tokens):
            raise Unsupported(self.peek()[1])
        return node

    def disjunction(self) -> Node:
        return self._chain("or", self.conjunction)

    def conjunction(self) -> Node:
        return self._chain("and", self.negation)

    def _chain(self, word: str, parse: Callable[[], Node]) -> Node:
        args = [parse()]
        while self.peek() == ("word", word):
            self.take()
            args.append(parse())
        return args[0] if len(args) == 1 else Node("bool", word.upper(), "boolean", args)

    def negation(self) -> Node:
        if self.peek() == ("word", "not"):
            self.take()
            return Node("not", type="boolean", args=[self.negation()])
        return self.comparison()

    def comparison(self) -> Node:
        left = self.additive()
        kind, value = self.peek()
        if kind == "op" and (value in COMPARISON or value in PATTERN):
            self.take()
            return Node("op", "<>" if value == "!=" else value, args=[left, self.additive()])
        negated = False
        if (kind, value) == ("word", "not"):
            negated = True
            self.take()
            kind, value = self.peek()
        if (kind, value) in (("word", "like"), ("word", "ilike")):
            self.take()
            return Node("op", _LIKE[(value, negated)], args=[left, self.additive()])
        if (kind, value) == ("word", "in"):
            self.take()
            self.take("(")
            items = [self.additive()]
            while self.peek() == ("op", ","):
                self.take()
                items.append(self.additive())
            self.take(")")
            return Node("in", args=[left, *items], negated=negated)
        if (kind, value) == ("word", "between"):
            self.take()
            low = self.additive()
            self.take("and")
            high = self.additive()
            ge = Node("op", "<" if negated else ">=", args=[left, low])
            le = Node("op", ">" if negated else "<=", args=[left, high])
            return Node("bool", "OR" if negated else "AND", "boolean", [ge, le])
        if negated:
            raise Unsupported("not")
        if (kind, value) == ("word", "is"):
            self.take()
            negated = self.peek() == ("word", "not")
            if negated:
                self.take()
            self.take("null")
            return Node("null", type="boolean", args=[left], negated=negated)
        return left

    def additive(self) -> Node:
        node = self.multiplicative()
        while self.peek()[0] == "op" and self.peek()[1] in ("+", "-", "||"):
            op = self.take()[1]
            node = Node("op", op, args=[node, self.multiplicative()])
        return node

    def multiplicative(self) -> Node:
        node = self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in ("*", "/", "%"):
            op = self.take()[1]
            node = Node("op", op, args=[node, self.unary()])
        return node

    def unary(self) -> Node:
        if self.peek() == ("op", "-"):
            self.take()
            inner = self.unary()
            if inner.kind == "num" and not inner.text.startswith("-"):
                return Node("num", "-" + inner.text, inner.type)
            return Node("neg", args=[inner], type=inner.type)
        node = self.primary()
        while self.peek() == ("op", "::"):
            self.take()
            node = Node("cast", type=self.type_name(), args=[node])
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

    def primary(self) -> Node:
        kind, value = self.take()
        if kind == "num":
            return Node("num", value, number_type(value))
        if kind == "str":
            return Node("str", value[1:-1].replace("''", "'"))
        if kind == "op" and value == "(":
            node = self.disjunction()
            self.take(")")
            return node
        if kind == "qid":
            name = value[1:-1].replace('""', '"')
            if name in self.columns:
                return self.column(name)
            raise Unsupported(value)
        if kind != "word":
            raise Unsupported(value)
        if value in ("true", "false"):
            return Node("const", value, "boolean")
        if self.peek() == ("op", "("):
            self.take()
            args: list[Node] = []
            if self.peek() != ("op", ")"):
                args.append(self.disjunction())
                while self.peek() == ("op", ","):
                    self.take()
                    args.append(self.disjunction())
            self.take(")")
            return Node("func", value, args=args)
        if value in _VALUE_FUNCTIONS:
            return Node("const", value.upper(), _VALUE_FUNCTIONS[value])
        if value in self.columns:
            return self.column(value)
        raise Unsupported(value)

    def column(self, name: str) -> Node:
        node = Node("col", name, self.columns[name])
        base = self.domains.get(node.type or "")
        if base is not None:  # the server reaches a domain's operators through its base type
            return Node("implicit", type=uncast_spelling(base), args=[node])
        return node


def number_type(text: str) -> str:
    if re.fullmatch(r"\d+", text):
        return "integer" if int(text) < _INT4 else ("bigint" if int(text) < 2**63 else "numeric")
    return "numeric"
