"""Which files in a migrations directory are migrations, in what order, and which down undoes which up.

Layouts understood (one directory, detected per file or per subdirectory):

- plain `*.sql` files applied in file-name order (drizzle-kit, Supabase, hand-written); drizzle's
  `--> statement-breakpoint` lines are SQL comments, so the normal statement splitter handles them;
- `NAME.up.sql` / `NAME.down.sql` pairs (golang-migrate and friends);
- dbmate files with `-- migrate:up` and `-- migrate:down` sections;
- Flyway names: `V<version>__x.sql` in version order, `U<version>__x.sql` as their undo, and
  repeatable `R__x.sql` files after all versioned ones;
- one subdirectory per migration holding `up.sql` (+ `down.sql`) (diesel) or `migration.sql` (Prisma).

"File-name order" is natural order, so `2_x.sql` comes before `10_x.sql`; zero-padded or
timestamped names sort the same either way. Subdirectories without a migration file (drizzle's
`meta/`) are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from drift.errors import InputError

_DBMATE_UP = re.compile(r"^--\s*migrate:up\b.*$", re.MULTILINE)
_DBMATE_DOWN = re.compile(r"^--\s*migrate:down\b.*$", re.MULTILINE)
_FLYWAY = re.compile(r"^(?P<kind>[VUR])(?P<version>[0-9][0-9._]*)?__(?P<desc>.*)\.sql$")


@dataclass(frozen=True)
class SqlSource:
    """SQL text from a file; `first_line` is the file line the text starts on (dbmate sections)."""

    path: Path
    text: str
    first_line: int = 1


@dataclass(frozen=True)
class Migration:
    name: str
    up: SqlSource
    down: SqlSource | None = None


def natural_key(name: str) -> list[int | str]:
    """Sort key that orders digit runs by value: 2_x before 10_x. Types alternate str, int, str..."""
    return [int(part) if i % 2 else part for i, part in enumerate(re.split(r"(\d+)", name))]


def list_migrations(directory: Path) -> list[Migration]:
    """The migrations in `directory`, in the order they apply."""
    if not directory.is_dir():
        raise InputError(f"{directory}: migrations directory not found")
    files = [p for p in directory.iterdir() if p.is_file() and p.name.endswith(".sql")]
    if any(_is_flyway_versioned(p) for p in files):
        out = _flyway(files)
    else:
        out = _flat(files)
    out += _per_directory(directory)
    out.sort(key=lambda m: _order_key(m, directory))
    if not out:
        raise InputError(
            f"{directory}: no migrations found (expected .sql files, NAME.up.sql/.down.sql pairs, "
            "or one subdirectory per migration with up.sql or migration.sql)"
        )
    return out


def _order_key(m: Migration, directory: Path) -> tuple[int, list[int | str]]:
    """Flyway versioned files by version, then everything else by name, then Flyway repeatables."""
    if _FLYWAY.match(m.up.path.name):
        kind, version = _flyway_parts(m.up.path.name)
        if kind == "R":
            return (2, natural_key(m.name))
        return (0, list(version))
    relative = m.up.path.parent.name if m.up.path.parent != directory else m.up.path.name
    return (1, natural_key(relative))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def _flat(files: list[Path]) -> list[Migration]:
    downs = {p.name[: -len(".down.sql")]: p for p in files if p.name.endswith(".down.sql")}
    out: list[Migration] = []
    for path in files:
        if path.name.endswith(".down.sql"):
            continue
        text = _read(path)
        if path.name.endswith(".up.sql"):
            stem = path.name[: -len(".up.sql")]
            down = downs.get(stem)
            out.append(Migration(stem, SqlSource(path, text), SqlSource(down, _read(down)) if down else None))
        elif _DBMATE_UP.search(text):
            up, down_source = split_dbmate(path, text)
            out.append(Migration(path.name[: -len(".sql")], up, down_source))
        else:
            out.append(Migration(path.name[: -len(".sql")], SqlSource(path, text)))
    return out


def split_dbmate(path: Path, text: str) -> tuple[SqlSource, SqlSource | None]:
    """The up and down sections of a dbmate file, each knowing the file line it starts on."""
    up_match = _DBMATE_UP.search(text)
    assert up_match is not None
    down_match = _DBMATE_DOWN.search(text)
    if down_match is not None and down_match.start() < up_match.start():
        up_text = text[up_match.end() :]
        down_text = text[down_match.end() : up_match.start()]
    else:
        up_end = down_match.start() if down_match else len(text)
        up_text = text[up_match.end() : up_end]
        down_text = text[down_match.end() :] if down_match else ""
    up = SqlSource(path, up_text, 1 + text.count("\n", 0, up_match.end()))
    if down_match is None or not down_text.strip():
        return up, None
    return up, SqlSource(path, down_text, 1 + text.count("\n", 0, down_match.end()))


def _is_flyway_versioned(path: Path) -> bool:
    m = _FLYWAY.match(path.name)
    return bool(m and m.group("kind") == "V" and m.group("version"))


def _flyway_parts(name: str) -> tuple[str, tuple[int, ...]]:
    m = _FLYWAY.match(name)
    assert m is not None
    version = tuple(int(v) for v in re.split(r"[._]", m.group("version") or "") if v)
    return m.group("kind"), version


def _flyway(files: list[Path]) -> list[Migration]:
    undo = {}
    for path in files:
        if _FLYWAY.match(path.name) and path.name.startswith("U"):
            undo[_flyway_parts(path.name)[1]] = path
    out: list[Migration] = []
    for path in files:
        m = _FLYWAY.match(path.name)
        if m is None or m.group("kind") == "U":
            continue  # Flyway itself ignores files that do not follow its naming
        down = undo.get(_flyway_parts(path.name)[1]) if m.group("kind") == "V" else None
        out.append(
            Migration(
                path.name[: -len(".sql")],
                SqlSource(path, _read(path)),
                SqlSource(down, _read(down)) if down else None,
            )
        )
    return out


def _per_directory(directory: Path) -> list[Migration]:
    out: list[Migration] = []
    for sub in directory.iterdir():
        if not sub.is_dir():
            continue
        up, down, prisma = sub / "up.sql", sub / "down.sql", sub / "migration.sql"
        if up.is_file():
            out.append(
                Migration(
                    sub.name,
                    SqlSource(up, _read(up)),
                    SqlSource(down, _read(down)) if down.is_file() else None,
                )
            )
        elif prisma.is_file():
            out.append(Migration(sub.name, SqlSource(prisma, _read(prisma))))
    return out
