"""Load an expected-schema directory (or one file) into a `Catalog` plus the unexpected-object policies.

Every `*.yaml` / `*.yml` file under the directory is read, in sorted order, skipping hidden files
and folders. A file with a `schema:` key describes (part of) that schema; a file without one (by
convention `_database.yaml`) describes the database: extensions and the policy for schemas no file
mentions. File names do not matter otherwise. Any problem is one `InputError` line naming the file
and the line.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from drift.errors import InputError
from drift.gc_pause import paused_gc
from drift.model.base import FrozenModel
from drift.model.catalog import Catalog
from drift.sources.expected.build import SpecError, build_catalog
from drift.sources.expected.errors import at, validation_error, yaml_error
from drift.sources.expected.fast_specs import FileReader
from drift.sources.expected.format import SCHEMA_ONLY_KEYS, DatabaseFile, SchemaFile, UnexpectedPolicy
from drift.sources.expected.yaml_reader import YamlProblem, read_yaml

YAML_SUFFIXES = (".yaml", ".yml")


class ExpectedSchema(FrozenModel):
    """What the expected-schema files say: the catalog and what to do with objects they omit."""

    catalog: Catalog
    unexpected: dict[str, UnexpectedPolicy]
    """Policy of each schema whose file states one (`unexpected:` in the schema's file)."""
    default_unexpected: UnexpectedPolicy
    """Policy for every other schema, for schemas no file describes, and for extensions
    (`unexpected:` in the file without `schema:`, by convention `_database.yaml`; default "warn")."""
    files: tuple[str, ...]
    """The files read, in the order read."""

    def policy_for(self, schema: str) -> UnexpectedPolicy:
        return self.unexpected.get(schema, self.default_unexpected)


def find_expected_files(path: Path) -> list[Path]:
    """The YAML files `load_expected(path)` reads, in order."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        if path.exists():
            raise InputError(f"expected schema '{path}' is neither a file nor a directory")
        raise InputError(
            f"expected schema directory '{path}' does not exist; "
            f"run 'drift init --dsn URL --out {path}' to create it"
        )
    files = sorted(
        p
        for p in path.rglob("*")
        if p.suffix in YAML_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )
    if not files:
        raise InputError(
            f"expected schema directory '{path}' has no .yaml files; "
            f"run 'drift init --dsn URL --out {path}' to write them"
        )
    return files


def load_expected(path: Path) -> ExpectedSchema:
    """Read and validate the expected schema at `path` (a directory, or a single file)."""
    files = find_expected_files(path)
    with paused_gc():
        return _load(files)


def _load(files: list[Path]) -> ExpectedSchema:
    specs: list[tuple[str, SchemaFile | DatabaseFile]] = []
    contents: dict[str, bytes] = {}
    reader = FileReader()
    for file in files:
        name = str(file)
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
        contents[name] = data
        specs.append((name, parse_file(name, data, reader)))
    try:
        built = build_catalog(specs)
    except SpecError as exc:
        raise at(exc.file, contents[exc.file], exc.path, exc.message) from None
    return ExpectedSchema(
        catalog=built.catalog,
        unexpected=built.unexpected,
        default_unexpected=built.default_unexpected,
        files=tuple(str(f) for f in files),
    )


def parse_file(name: str, data: bytes, reader: FileReader | None = None) -> SchemaFile | DatabaseFile:
    """Parse and validate one file's bytes; `name` is used in error messages.

    `reader` validates the usual forms without pydantic; pydantic decides whatever it is unsure of
    (every error message comes from there)."""
    try:
        doc = read_yaml(data)
    except (yaml.YAMLError, YamlProblem) as exc:
        raise yaml_error(name, data, exc) from None
    if doc is None:
        raise InputError(f"{name}:1: the file is empty; start it with 'schema: NAME'")
    if not isinstance(doc, dict):
        raise InputError(f"{name}:1: expected a mapping of keys such as 'schema:' and 'tables:'")
    model: type[BaseModel] = SchemaFile
    if "schema" not in doc:
        model = DatabaseFile
        misplaced = [k for k in doc if k in SCHEMA_ONLY_KEYS]
        if misplaced:
            raise at(
                name,
                data,
                (misplaced[0],),
                "this file has no 'schema: NAME' key saying which schema it describes",
            )
    spec = (reader or FileReader()).read(doc)
    if spec is not None:
        return spec
    try:
        return model.model_validate(doc)  # type: ignore[return-value]
    except ValidationError as exc:
        raise validation_error(name, data, model, exc) from None
