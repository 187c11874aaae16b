"""Which repository file declares an object, so SARIF results can point at it.

GitHub code scanning shows (and only accepts) results that name a file. For drift against the
expected schema that file is the YAML declaring the table; for advice about a declared table it is
the same file (that is where the fix goes). Resolution order: the explicit map in the report
context, then the expected-schema directory on disk (`<dir>/<schema>/<table>.yaml`,
`<dir>/<schema>.yaml` as `drift init` writes it, `<dir>/_database.yaml` for extensions, or the
expected file itself), then an ORM module given as a file path.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from drift.model import Finding, Report

_SUFFIXES = (".yaml", ".yml")
DATABASE_FILE = "_database.yaml"  # drift init's file for extensions and database-wide policy


def _candidates(directory: Path, path: tuple[str, ...], database_level: bool) -> list[Path]:
    if database_level:
        return [directory / DATABASE_FILE]
    out: list[Path] = []
    if len(path) >= 2:
        out += [directory / path[0] / f"{path[1]}{s}" for s in _SUFFIXES]
    if path:
        out += [directory / f"{path[0]}{s}" for s in _SUFFIXES]
    return out


def _from_expected_dir(location: str, path: tuple[str, ...], database_level: bool) -> str | None:
    base = Path(location)
    if base.is_file():
        return location
    if not base.is_dir():
        return None
    for candidate in _candidates(base, path, database_level):
        if candidate.is_file():
            return str(candidate)
    return None


def _from_orm(location: str) -> str | None:
    module = location.partition(":")[0]
    return module if module.endswith(".py") and Path(module).is_file() else None


def declaring_file(f: Finding, report: Report, explicit: Mapping[str, str] | None = None) -> str | None:
    """The file that declares the finding's object, as given (relative paths stay relative)."""
    if explicit and f.object_type != "extension":
        for n in (2, 1):
            if len(f.path) >= n and ".".join(f.path[:n]) in explicit:
                return explicit[".".join(f.path[:n])]
    database_level = f.object_type == "extension" or not f.path
    for source in report.sources:
        if source.kind in ("expected", "migrations") and f.against in (None, source.kind):
            found = _from_expected_dir(source.location, f.path[:2], database_level)
            if found:
                return found
        if source.kind == "orm" and f.against == "orm":
            found = _from_orm(source.location)
            if found:
                return found
    return None


def artifact_uri(file: str, root: Path | None = None) -> tuple[str, bool]:
    """(uri, relative): a repository-relative URI when the file is under `root` (default: the current
    directory), else an absolute file:// URI. Characters outside URI syntax are percent-encoded."""
    p = Path(file)
    base = (root or Path.cwd()).resolve()
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(base)
        except ValueError:
            return p.resolve().as_uri(), False
    posix = PurePosixPath(*p.parts).as_posix()
    while posix.startswith("./"):
        posix = posix[2:]
    return quote(posix, safe="/-._~"), True
