"""Write a `Catalog` as an expected-schema directory: what `drift init` produces.

One file per schema (`<schema>.yaml`), `_database.yaml` for extensions and the policy for schemas no
file mentions, and `schema.json` so editors check the files. The output depends only on the catalog:
objects sorted by name, attributes in a fixed order, columns in table order, no OIDs, statistics or
timestamps, so that running `drift init` again on an unchanged database changes nothing and a real
change is a small diff in a pull request. `database` and `server_version` are not written (they
describe where the catalog came from, not what it should be); objects owned by an extension are left
out (the extension is listed instead).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from drift.errors import InputError
from drift.model.catalog import Catalog
from drift.sources.expected.format import UnexpectedPolicy
from drift.sources.expected.json_schema import SCHEMA_FILE_NAME, expected_json_schema_text
from drift.sources.expected.loader import YAML_SUFFIXES, find_expected_files
from drift.sources.expected.render import render_database, render_schema
from drift.sources.expected.yaml_writer import dump

DATABASE_FILE_NAME = "_database.yaml"
_SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_MODELINE = f"yaml-language-server: $schema={SCHEMA_FILE_NAME}"


def write_expected(
    catalog: Catalog,
    out_dir: Path,
    *,
    unexpected: UnexpectedPolicy | None = None,
    default_unexpected: UnexpectedPolicy = "warn",
    include_extension_objects: bool = False,
) -> list[Path]:
    """Write the expected schema of `catalog` into `out_dir` (created if needed); return the files.

    `default_unexpected` is written into `_database.yaml`; `unexpected`, when given, into every schema
    file (which then no longer follows the database file's policy, nor drift's `unexpected` setting).
    Existing files of the same names are overwritten; others are left alone (see `clear_expected_dir`).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def put(name: str, text: str) -> None:
        path = out_dir / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)

    put(
        DATABASE_FILE_NAME,
        dump(
            render_database(catalog, default_unexpected),
            f"{_MODELINE}\ndrift expected schema: the database (extensions; schemas no file describes).\n"
            "Written by 'drift init'; edit freely.",
        ),
    )
    names = schema_file_names([s.name for s in catalog.schemas])
    for schema in catalog.schemas:
        doc = render_schema(schema, unexpected, include_extension_objects=include_extension_objects)
        put(
            names[schema.name],
            dump(
                doc,
                f"{_MODELINE}\ndrift expected schema of one schema. Written by 'drift init'; edit freely.\n"
                "Objects no file mentions: 'unexpected' in _database.yaml, or an 'unexpected:' key here.",
            ),
        )
    put(SCHEMA_FILE_NAME, expected_json_schema_text())
    return written


def schema_file_names(schemas: list[str]) -> dict[str, str]:
    """A file name per schema: the name itself when it is a safe, unique file name, else a hashed one."""
    out: dict[str, str] = {}
    lower_counts: dict[str, int] = {}
    for name in schemas:
        lower_counts[name.lower()] = lower_counts.get(name.lower(), 0) + 1
    for name in schemas:
        safe = (
            _SAFE_NAME.fullmatch(name) is not None
            and lower_counts[name.lower()] == 1  # case-insensitive file systems
            and f"{name}.yaml" != DATABASE_FILE_NAME
            and len(name.encode()) <= 200
        )
        if safe:
            out[name] = f"{name}.yaml"
        else:
            stem = re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:60].lstrip(".") or "schema"
            digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
            out[name] = f"{stem}-{digest}.yaml"
    return out


def existing_expected_files(out_dir: Path) -> list[Path]:
    """The files in `out_dir` a new `drift init` would replace: the YAML files drift reads."""
    if not out_dir.is_dir():
        return []
    try:
        return find_expected_files(out_dir)
    except InputError:  # no YAML files at all
        return []


def clear_expected_dir(out_dir: Path) -> list[Path]:
    """Remove the YAML files drift would read from `out_dir` (and `schema.json`); return them."""
    removed = existing_expected_files(out_dir)
    for path in removed:
        path.unlink()
    json_file = out_dir / SCHEMA_FILE_NAME
    if json_file.is_file():
        json_file.unlink()
        removed.append(json_file)
    return removed


__all__ = ["DATABASE_FILE_NAME", "YAML_SUFFIXES", "clear_expected_dir", "schema_file_names", "write_expected"]
