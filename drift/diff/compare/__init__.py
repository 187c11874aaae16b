"""One comparator module per object kind; importing this package registers them all."""

from drift.diff.compare import (  # noqa: F401  (imported for their registration side effect)
    columns,
    constraints,
    domains,
    enums,
    extensions,
    functions,
    indexes,
    partitions,
    policies,
    privileges,
    schemas,
    sequences,
    tables,
    triggers,
    views,
)
