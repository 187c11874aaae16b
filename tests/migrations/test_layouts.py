"""Which files are migrations, in which order, and which down belongs to which up (no server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from drift.errors import InputError
from drift.sources.migration_layouts import list_migrations, natural_key


def write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return directory


def test_plain_files_in_natural_order(tmp_path: Path) -> None:
    write(
        tmp_path, {"10_c.sql": "", "2_b.sql": "", "1_a.sql": "", "notes.txt": "", "meta/_journal.json": "{}"}
    )
    assert [m.name for m in list_migrations(tmp_path)] == ["1_a", "2_b", "10_c"]
    assert all(m.down is None for m in list_migrations(tmp_path))


def test_natural_key_compares_mixed_names() -> None:
    names = ["20240101_x", "a", "3", "20231231_y", "b2", "b10"]
    assert sorted(names, key=natural_key) == ["3", "20231231_y", "20240101_x", "a", "b2", "b10"]


def test_up_down_pairs(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "0001_users.up.sql": "CREATE TABLE users (id int);",
            "0001_users.down.sql": "DROP TABLE users;",
            "0002_posts.up.sql": "CREATE TABLE posts (id int);",
        },
    )
    first, second = list_migrations(tmp_path)
    assert first.name == "0001_users"
    assert first.down is not None and first.down.text == "DROP TABLE users;"
    assert second.name == "0002_posts" and second.down is None


def test_dbmate_sections_keep_file_lines(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "20240101_users.sql": "-- migrate:up\nCREATE TABLE users (id int);\n\n"
            "-- migrate:down\nDROP TABLE users;\n"
        },
    )
    (m,) = list_migrations(tmp_path)
    assert m.up.first_line == 1 and "CREATE TABLE users" in m.up.text and "DROP" not in m.up.text
    assert m.down is not None and m.down.first_line == 4 and m.down.text.strip() == "DROP TABLE users;"


def test_dbmate_without_down(tmp_path: Path) -> None:
    write(tmp_path, {"1.sql": "-- migrate:up\nSELECT 1;\n-- migrate:down\n"})
    (m,) = list_migrations(tmp_path)
    assert m.down is None


def test_flyway_versions_undo_and_repeatables(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "V1__init.sql": "a",
            "V1.1__more.sql": "b",
            "V2__next.sql": "c",
            "V10__last.sql": "d",
            "U2__next.sql": "undo c",
            "R__views.sql": "e",
            "README.sql": "not flyway",
        },
    )
    ms = list_migrations(tmp_path)
    assert [m.name for m in ms] == ["V1__init", "V1.1__more", "V2__next", "V10__last", "R__views"]
    assert ms[2].down is not None and ms[2].down.text == "undo c"


def test_one_directory_per_migration(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "2020-01-02-000000_posts/up.sql": "b",
            "2020-01-02-000000_posts/down.sql": "undo b",
            "2020-01-01-000000_users/up.sql": "a",
            "20240101000000_init/migration.sql": "prisma",
            "meta/_journal.json": "{}",
        },
    )
    ms = list_migrations(tmp_path)
    assert [m.name for m in ms] == [
        "2020-01-01-000000_users",
        "2020-01-02-000000_posts",
        "20240101000000_init",
    ]
    assert ms[1].down is not None and ms[1].down.text == "undo b"
    assert ms[2].up.path.name == "migration.sql"


def test_missing_or_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        list_migrations(tmp_path / "nope")
    with pytest.raises(InputError, match="no migrations found"):
        list_migrations(tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "1.sql").write_bytes(b"SELECT '\xff';")
    with pytest.raises(InputError, match=r"1\.sql: not UTF-8"):
        list_migrations(tmp_path)
