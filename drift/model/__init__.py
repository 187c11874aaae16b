"""The neutral model in the middle: catalogs, usage statistics, findings. Imports nothing else."""

from drift.model.catalog import (
    Catalog,
    CheckConstraint,
    Column,
    ColumnPrivilege,
    ExclusionConstraint,
    ForeignKey,
    Index,
    Policy,
    PrimaryKey,
    Privilege,
    Schema,
    Table,
    Trigger,
    UniqueConstraint,
)
from drift.model.findings import Finding, Report, Severity, SourceInfo, Summary, Target
from drift.model.schema_objects import Domain, Enum, Extension, Function, Sequence
from drift.model.snapshot import Snapshot
from drift.model.stats import IndexStats, SequenceUsage, TableStats, UsageStats

__all__ = [
    "Catalog",
    "CheckConstraint",
    "Column",
    "ColumnPrivilege",
    "Domain",
    "Enum",
    "ExclusionConstraint",
    "Extension",
    "Finding",
    "ForeignKey",
    "Function",
    "Index",
    "IndexStats",
    "Policy",
    "PrimaryKey",
    "Privilege",
    "Report",
    "Schema",
    "Sequence",
    "SequenceUsage",
    "Severity",
    "Snapshot",
    "SourceInfo",
    "Summary",
    "Table",
    "TableStats",
    "Target",
    "Trigger",
    "UniqueConstraint",
    "UsageStats",
]
