"""One check, end to end: reflect the database, load what it should be, diff, advise, report.

`drift check`, `drift report` and the TUI all call `run_check`, so they can never disagree about
what drifted. The pieces are imported inside the function: a check without an ORM never imports
SQLAlchemy, and nothing here imports textual.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from drift import __version__
from drift.config import DriftConfig
from drift.model import Catalog, Finding, Report, Snapshot, SourceInfo, Target
from drift.model.base import FrozenModel

Progress = Callable[[str], None]

DEFAULT_EXPECTED_DIR = Path("expected_schema")


class CheckResult(FrozenModel):
    snapshot: Snapshot
    report: Report
    expected: Catalog | None = None
    orm: Catalog | None = None
    health: dict[str, Any] | None = None
    expected_files: tuple[str, ...] = ()

    def report_context(self, changes: Any = None) -> Any:
        """The renderers' extra sections (drift.report.ReportContext) for this result."""
        from drift.report import ReportContext

        return ReportContext(
            catalog=self.snapshot.catalog,
            stats=self.snapshot.stats,
            health=self.health,
            changes=changes,
            # SARIF locations are repository-relative; GitHub drops results without a file.
            sarif_fallback_uri=_relative(self.expected_files[0]) if self.expected_files else None,
        )


def _relative(path: str) -> str:
    import os

    try:
        return os.path.relpath(path)
    except ValueError:
        return path


def _matches_any(name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def filter_schemas(catalog: Catalog, include: list[str], exclude: list[str]) -> Catalog:
    """The same schema filter the live reflection applies, for catalogs from files or models."""
    if not include and not exclude:
        return catalog
    kept = tuple(
        s
        for s in catalog.schemas
        if (not include or _matches_any(s.name, include)) and not _matches_any(s.name, exclude)
    )
    return catalog.model_copy(update={"schemas": kept})


def expected_path(config: DriftConfig) -> Path | None:
    """The expected-schema directory to use: the configured one, else ./expected_schema if it holds
    YAML files (a directory with only a schema.json is not a declaration)."""
    if config.expected is not None:
        return config.expected
    if DEFAULT_EXPECTED_DIR.is_dir() and any(DEFAULT_EXPECTED_DIR.glob("*.y*ml")):
        return DEFAULT_EXPECTED_DIR
    return None


def _apply_config(findings: list[Finding], config: DriftConfig) -> list[Finding]:
    out: list[Finding] = []
    for f in findings:
        if config.ignored_by(f.dotted_path, f.rule) is not None:
            continue
        level = config.severity_for(f.rule, f.severity)
        out.append(f if level == f.severity else f.model_copy(update={"severity": level}))
    return out


# What SQLAlchemy metadata can declare. Anything else in the database (views, functions, triggers,
# RLS, privileges, extensions, schema comments) is outside the model's knowledge, not drift from it.
ORM_OBJECT_TYPES = frozenset(
    {
        "table",
        "column",
        "primary_key",
        "foreign_key",
        "unique",
        "check",
        "index",
        "enum",
        "sequence",
        "comment",
    }
)


def _in_orm_scope(f: Finding) -> bool:
    if f.object_type not in ORM_OBJECT_TYPES:
        return False
    # Schema comments cannot be declared in SQLAlchemy; table and column comments can.
    if f.object_type == "comment" and len(f.path) < 2:
        return False
    # Nor can row-level security: a table with RLS on is not drift from its model.
    return not (f.object_type == "table" and f.attribute in ("rls_enabled", "rls_forced"))


def _orm_findings(findings: list[Finding]) -> list[Finding]:
    """Findings against the models, limited to what models can say; undeclared defaults are info."""
    out = []
    for f in findings:
        if not _in_orm_scope(f):
            continue
        if f.rule == "column.default" and f.expected is None and f.severity == "error":
            f = f.model_copy(update={"severity": "info"})
        out.append(f)
    return out


def _disagreements(expected: Catalog, orm: Catalog) -> list[Finding]:
    """Where the model and the expected schema disagree with each other (three-way check).

    A model usually declares a subset of the database, so a table the files have and the model
    lacks is not a disagreement; a member missing from a table both declare, a different value,
    or a table only the model has, is.
    """
    from drift.diff import diff_catalogs

    both = {(s.name, t.name) for s, t in orm.iter_tables() if expected.get_table(s.name, t.name)}
    out = []
    for f in diff_catalogs(expected, orm, against="orm", default_unexpected="warn"):
        if not _in_orm_scope(f):
            continue
        if f.change == "missing" and (len(f.path) < 3 or (f.path[0], f.path[1]) not in both):
            continue
        out.append(
            Finding(
                **{
                    **f.model_dump(exclude={"id"}),
                    "rule": f"model-vs-expected.{f.rule}",
                    "against": "orm-vs-expected",
                    "severity": "warning",
                    "message": "The ORM model and the expected schema disagree: " + f.message,
                    "fix": None,
                }
            )
        )
    return out


def run_check(
    config: DriftConfig,
    *,
    progress: Progress | None = None,
    snapshot: Snapshot | None = None,
) -> CheckResult:
    """Reflect (unless `snapshot` is given), compare with every configured source, advise, report."""
    from drift.catalog import reflect
    from drift.catalog.connect import mask_dsn, resolve_dsn

    say = progress or (lambda _msg: None)
    dsn = resolve_dsn(config.dsn)
    if snapshot is None:
        say("reading the database catalog")
        snapshot = reflect(
            dsn,
            schemas=config.schemas,
            exclude_schemas=config.exclude_schemas,
            statement_timeout=config.statement_timeout,
            lock_timeout=config.lock_timeout,
            with_stats=True,
            progress=progress,
        )
    actual = snapshot.catalog
    sources: list[SourceInfo] = []
    findings: list[Finding] = []
    expected_catalog: Catalog | None = None
    orm_catalog: Catalog | None = None
    expected_files: tuple[str, ...] = ()

    path = expected_path(config)
    if path is not None:
        from drift.diff import diff_catalogs
        from drift.sources.expected import load_expected

        say(f"loading the expected schema from {path}")
        loaded = load_expected(path)
        expected_files = tuple(loaded.files)
        expected_catalog = filter_schemas(loaded.catalog, config.schemas, config.exclude_schemas)
        sources.append(SourceInfo(kind="expected", location=str(path)))
        say("comparing with the expected schema")
        findings += diff_catalogs(
            expected_catalog,
            actual,
            against="expected",
            unexpected=loaded.unexpected,
            default_unexpected=config.unexpected or loaded.default_unexpected,
        )

    if config.expected_migrations is not None:
        from drift.diff import diff_catalogs
        from drift.sources.migrations import catalog_from_migrations, without_bookkeeping

        say(f"applying the migrations in {config.expected_migrations} to a scratch database")
        migrated = catalog_from_migrations(
            config.expected_migrations, scratch_dsn=config.scratch_dsn, progress=progress
        )
        migrated = filter_schemas(migrated, config.schemas, config.exclude_schemas)
        sources.append(SourceInfo(kind="migrations", location=str(config.expected_migrations)))
        # The migration tool's own bookkeeping tables are not part of the application's schema.
        findings += diff_catalogs(
            migrated,
            without_bookkeeping(actual),
            against="migrations",
            default_unexpected=config.unexpected or "warn",
        )
        if expected_catalog is None:
            expected_catalog = migrated

    if config.orm:
        from drift.diff import diff_catalogs
        from drift.sources.orm import catalog_from_metadata, load_orm_target

        say(f"loading the SQLAlchemy models from {config.orm}")
        orm_catalog = filter_schemas(
            # The live server decides what a Computed column without `persisted` becomes.
            catalog_from_metadata(load_orm_target(config.orm), server_version=actual.server_version),
            config.schemas,
            config.exclude_schemas,
        )
        sources.append(SourceInfo(kind="orm", location=config.orm))
        say("comparing with the models")
        from drift.sources.migrations import without_bookkeeping

        # alembic_version and friends exist after `alembic upgrade head`; models never declare them.
        findings += _orm_findings(
            diff_catalogs(
                orm_catalog,
                without_bookkeeping(actual),
                against="orm",
                default_unexpected=config.unexpected or "warn",
            )
        )
        if expected_catalog is not None:
            findings += _disagreements(expected_catalog, orm_catalog)

    health: dict[str, Any] | None = None
    if config.advice:
        from drift.advice import health_score, run_advice

        say("running the health rules")
        findings += run_advice(actual, snapshot.stats, settings=config.rules)
    findings = _apply_config(findings, config)
    if config.advice:
        from drift.advice import AREAS

        assessed = [a for a in AREAS if a != "drift" or sources]
        health = health_score(findings, actual, assessed=assessed).model_dump(mode="json")

    report = Report.build(
        tool_version=__version__,
        generated_at=datetime.now(UTC),
        target=Target(
            database=actual.database,
            server_version=actual.server_version,
            dsn=mask_dsn(dsn) if dsn else None,
        ),
        sources=sources,
        findings=findings,
        extra={"health": health} if health else {},
    )
    return CheckResult(
        snapshot=snapshot,
        report=report,
        expected=expected_catalog,
        orm=orm_catalog,
        health=health,
        expected_files=expected_files,
    )


def exit_code_for(report: Report, fail_on: str) -> int:
    """0 when nothing at or above `fail_on` was found, 1 otherwise (errors are raised, exit 2)."""
    from drift.model.findings import SEVERITY_RANK

    threshold = SEVERITY_RANK[fail_on]
    return 1 if any(f.rank >= threshold for f in report.findings) else 0
