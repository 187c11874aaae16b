"""The line of an expected-schema file that declares an object, so SARIF results point at it.

GitHub code scanning annotates the line a result names; line 1 of a 3,000-line schema file helps
nobody. The expected-schema format (docs/expected-schema.md) declares a table as a key under
`tables:` (or a file of its own, `<schema>/<table>.yaml`), and its members (columns, constraints,
indexes, ...) as keys inside the table's block. This reads the file's lines, not its YAML: it only
needs where a key is, and it must not fail on a file the loader would reject. Anything it cannot
place is line 1 (the file), or the table's line for a member it cannot find (an unexpected column
is reported where its table is declared).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# A block mapping key at the start of a line: plain, 'single' or "double" quoted, then a colon
# followed by a space, the end of the line or a comment.
_KEY = re.compile(
    r"""^(?P<indent>[ ]*)(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>(?:[^']|'')*)'|(?P<plain>[^\s#'"{}\[\],&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?))[ ]*:(?:[ ]|$)"""
)


def declaring_line(file: str, path: tuple[str, ...]) -> int:
    """1-based line of `file` declaring `path` (schema, table, member...); 1 when not found."""
    lines = _keys(file)
    if not lines or len(path) < 2:
        return 1
    table, member = path[1], path[2] if len(path) >= 3 else None
    start, indent = _table_block(lines, table, per_table_file=Path(file).parent.name == path[0])
    if start is None:
        return 1
    if member is None:
        return start
    for line_no, key_indent, key in lines:
        if line_no <= start:
            continue
        if key_indent <= indent:
            break  # past the table's block
        if key == member:
            return line_no
    return start


def _table_block(
    lines: tuple[tuple[int, int, str], ...], table: str, *, per_table_file: bool
) -> tuple[int | None, int]:
    """(line, indent) of the table's key under `tables:`; (1, -1) for a file of its own."""
    if per_table_file:
        return 1, -1
    tables_indent: int | None = None
    for line_no, indent, key in lines:
        if tables_indent is None:
            if indent == 0 and key == "tables":
                tables_indent = 0
            continue
        if indent == 0:
            break  # the next top-level key: the table is not in this file's `tables:`
        if key == table:
            return line_no, indent
    return None, 0


def _keys(file: str) -> tuple[tuple[int, int, str], ...]:
    path = Path(file)
    try:
        stat = path.stat()
    except OSError:
        return ()
    return _read_keys(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read_keys(file: str, _mtime_ns: int, _size: int) -> tuple[tuple[int, int, str], ...]:
    """(line number, indent, key) of every block mapping key of the file, in order."""
    try:
        text = Path(file).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _KEY.match(line)
        if match is None:
            continue
        if match["dq"] is not None:
            key = re.sub(r"\\(.)", r"\1", match["dq"])
        elif match["sq"] is not None:
            key = match["sq"].replace("''", "'")
        else:
            key = match["plain"].rstrip()
        out.append((number, len(match["indent"]), key))
    return tuple(out)
