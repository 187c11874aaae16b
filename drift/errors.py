"""Errors a user can act on. The CLI prints `drift: error: <message>` and exits 2, never a traceback.

Raise a `DriftError` (or a subclass) wherever bad input or an unreachable server is detected, with a
message that names the thing and says what to do. Messages must never contain a password: build them
from masked DSNs (`drift.catalog.connect.mask_dsn`).
"""

from __future__ import annotations


class DriftError(Exception):
    """A failure explained in one line to the user (exit code 2)."""


class ConfigError(DriftError):
    """Bad configuration: a config file, a flag value, an environment variable."""


class InputError(DriftError):
    """Bad input files: expected-schema YAML, ORM import path, migrations, snapshots."""


class ConnectError(DriftError):
    """The database could not be reached or refused us."""


class PermissionError_(DriftError):
    """The role lacks a privilege drift needs."""
