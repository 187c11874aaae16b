"""The document `drift inspect --json` writes: structure plus statistics, versioned.

A snapshot file can stand in for a live database wherever drift takes one (`drift diff`), so it
carries everything reflection produced.
"""

from __future__ import annotations

from datetime import datetime

from drift.model.base import FrozenModel
from drift.model.catalog import Catalog
from drift.model.stats import UsageStats

SNAPSHOT_VERSION = 1


class Snapshot(FrozenModel):
    snapshot_version: int = SNAPSHOT_VERSION
    tool_version: str
    generated_at: datetime
    catalog: Catalog
    stats: UsageStats = UsageStats()
