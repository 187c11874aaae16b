"""What an index can be used for, decided from its definition alone.

Shared by the foreign-key rule (is there an index PostgreSQL can use for the referential-integrity
lookups?) and the index rules (dropping an unused index must not leave a foreign key uncovered).
"""

from __future__ import annotations

from collections.abc import Collection

from drift.advice.sqltext import qualified, quote_ident, render_key, split_column_key, sql_tokens
from drift.model import ForeignKey, Index, Table


def is_usable(index: Index) -> bool:
    """Valid and ready: the planner uses it and writes maintain it."""
    return index.valid and index.ready


class TableIndexes:
    """One table's indexes, read once per run: which column each key is, and which indexes serve
    the equality lookups of which columns. The foreign-key, index and usage rules all ask these
    questions about the same tables; `RuleContext.indexes_of(table)` hands out one per table."""

    def __init__(self, table: Table, names: Collection[str]) -> None:
        """`names`: the names of `table`'s columns (any collection with a fast `in`)."""
        self.table = table
        longest_first: list[str] | None = None
        # (index, its key columns) in the table's order; id(index) -> key columns
        self._pairs: list[tuple[Index, tuple[str | None, ...]]] = []
        self._keys: dict[int, tuple[str | None, ...]] = {}
        for index in table.indexes:
            columns: tuple[str | None, ...] = index.keys
            if not all(key in names for key in index.keys):  # usually all plain columns, in default order
                if longest_first is None:
                    longest_first = sorted((c.name for c in table.columns), key=len, reverse=True)
                columns = tuple(
                    s[0] if (s := split_column_key(key, names, longest_first)) else None for key in index.keys
                )
            self._pairs.append((index, columns))
            self._keys[id(index)] = columns
        self._covering: dict[tuple[str, ...], tuple[Index, ...]] = {}

    def key_columns(self, index: Index) -> tuple[str | None, ...]:
        """The column of each key of `index` (one of this table's), None for expression keys."""
        keys = self._keys.get(id(index))
        return keys if keys is not None else tuple(key_columns(self.table, index))

    def covering(self, columns: tuple[str, ...]) -> tuple[Index, ...]:
        """The indexes that serve `WHERE c1 = $1 AND ...` on `columns` (see `covers_equality`)."""
        found = self._covering.get(columns)
        if found is None:
            wanted = set(columns)
            # An index whose first key is not one of `columns` never qualifies: skip it cheaply.
            found = self._covering[columns] = tuple(
                ix
                for ix, keys in self._pairs
                if keys and keys[0] in wanted and covers_equality(ix, keys, columns)
            )
        return found

    def containing(self, columns: tuple[str, ...]) -> list[str]:
        """Names of the usable indexes whose keys include all of `columns`, in any position."""
        wanted = set(columns)
        return [ix.name for ix, keys in self._pairs if is_usable(ix) and wanted.issubset(keys)]

    def sole_fk_cover(self, index: Index) -> ForeignKey | None:
        """A foreign key that `index` is the only usable index for, if any."""
        for fk in self.table.foreign_keys:
            covers = self.covering(fk.columns)
            if len(covers) == 1 and covers[0].name == index.name:
                return fk
        return None


def key_columns(table: Table, index: Index) -> list[str | None]:
    """The column of each key of `index`, None for expression keys."""
    names = [c.name for c in table.columns]
    return [s[0] if (s := split_column_key(k, names)) else None for k in index.keys]


def covers_equality(index: Index, keys: tuple[str | None, ...], columns: tuple[str, ...]) -> bool:
    """Can `index` (whose key columns are `keys`) serve `WHERE c1 = $1 AND c2 = $2 ...` on exactly
    `columns` as its search keys?

    That is the query PostgreSQL runs for every foreign-key check on the referencing side (on a
    DELETE or key UPDATE of the referenced row). A b-tree uses equality conditions on any set of
    leading key columns whatever their order, so the first len(columns) keys must be the FK columns
    in any order; an index on (a, x, b) only narrows by `a` and is not enough. A hash index serves
    a single-column key. A partial index is usable only when its predicate is implied by the
    equalities, i.e. it says no more than "these columns are not null".
    """
    n = len(columns)
    if not n or not is_usable(index) or len(index.keys) < n:
        return False
    if index.method == "hash":
        if n != 1 or len(index.keys) != 1:
            return False
    elif index.method != "btree":
        return False
    leading = keys[:n]
    if any(c is None for c in leading) or set(leading) != set(columns) or len(set(leading)) != n:
        return False
    return index.predicate is None or _predicate_only_not_null(index.predicate, set(columns))


def _predicate_only_not_null(predicate: str, columns: set[str]) -> bool:
    """True for `(a IS NOT NULL)`, `((a IS NOT NULL) AND (b IS NOT NULL))` over `columns`."""
    words: list[str] = []
    for kind, text in sql_tokens(predicate):
        if text in ("(", ")"):
            continue
        if kind == "quoted":
            words.append("\x00" + text[1:-1].replace('""', '"'))
        elif kind == "word":
            words.append(text)
        else:
            return False
    # words: col IS NOT NULL [AND col IS NOT NULL ...]
    i = 0
    while i < len(words):
        part = words[i : i + 4]
        if len(part) != 4 or [w.upper() for w in part[1:]] != ["IS", "NOT", "NULL"]:
            return False
        name = part[0][1:] if part[0].startswith("\x00") else part[0]
        if name not in columns:
            return False
        i += 4
        if i < len(words):
            if words[i].upper() != "AND":
                return False
            i += 1
    return True


def mirrors_parent_index(table: Table, index: Index, parent: Table | None) -> bool:
    """Does `index` look like a partition's copy of an index of its partitioned parent? Such an
    index is attached to the parent's and cannot be dropped on its own."""
    if parent is None:
        return False
    return any(
        (p.keys, p.method, p.predicate, p.unique) == (index.keys, index.method, index.predicate, index.unique)
        for p in parent.indexes
    )


def index_definition(schema: str, table: Table, index: Index) -> str:
    """A CREATE INDEX statement equivalent to `index` (keys and predicate as the server prints)."""
    names = [c.name for c in table.columns]
    unique = "UNIQUE " if index.unique else ""
    using = "" if index.method == "btree" else f" USING {index.method}"
    sql = (
        f"CREATE {unique}INDEX {quote_ident(index.name)} ON {qualified(schema, table.name)}"
        f"{using} ({', '.join(render_key(k, names) for k in index.keys)})"
    )
    if index.include:
        sql += f" INCLUDE ({', '.join(quote_ident(c) for c in index.include)})"
    if index.nulls_not_distinct:
        sql += " NULLS NOT DISTINCT"
    if index.predicate:
        sql += f" WHERE {index.predicate}"
    return sql


def drop_index_sql(schema: str, table: Table, index: Index) -> str:
    """DROP for an index: through its constraint when it backs one; CONCURRENTLY when possible."""
    if index.constraint:
        return f"ALTER TABLE {qualified(schema, table.name)} DROP CONSTRAINT {quote_ident(index.constraint)};"
    if table.kind == "partitioned_table":
        # DROP INDEX CONCURRENTLY is not supported on partitioned tables.
        return f"DROP INDEX {qualified(schema, index.name)};"
    return f"DROP INDEX CONCURRENTLY {qualified(schema, index.name)};"
