"""`--schema` / `--exclude-schema` globs, turned into anchored POSIX regexes applied in SQL.

Globs: `*` any run of characters, `?` one character, `[abc]` / `[!abc]` a class; everything else is
literal and case-sensitive (schema names are). The regexes are bound as a `text[]` parameter and
matched with `nspname ~ ANY(...)`, so no name is ever spliced into SQL text.
"""

from __future__ import annotations

from collections.abc import Iterable


def _class_end(pattern: str, start: int) -> int:
    """Index of the `]` closing the class opened at `start`, or -1 (then `[` is literal)."""
    j = start + 1
    if pattern[j : j + 1] == "!":
        j += 1
    if pattern[j : j + 1] == "]":  # a leading ']' is a member, not the end
        j += 1
    return pattern.find("]", j)


def glob_to_regex(pattern: str) -> str:
    """An anchored PostgreSQL ARE matching exactly the names `pattern` matches."""
    out = ["^"]
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        elif ch == "[" and (end := _class_end(pattern, i)) != -1:
            body = pattern[i + 1 : end]
            negate = body.startswith("!")
            body = body[1:] if negate else body
            # In an ARE a backslash escapes inside a class too: `^` (negation only as `!`), `[`
            # (which would open `[:alpha:]`, `[.x.]`, `[=x=]`) and the backslash itself are members.
            members = "".join("\\" + c if c in "\\[^" else c for c in body)
            out.append("[" + ("^" if negate else "") + members + "]")
            i = end
        elif ch.isalnum() or ch == "_":
            out.append(ch)
        else:
            # In an ARE, a backslash before a non-alphanumeric character makes it literal.
            out.append("\\" + ch)
        i += 1
    out.append("$")
    return "".join(out)


def globs_to_regexes(patterns: Iterable[str] | None) -> list[str]:
    return [glob_to_regex(p) for p in (patterns or ()) if p]
