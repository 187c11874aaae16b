"""Producers of a `Catalog` other than the live database.

- `drift.sources.expected`: the expected-schema YAML files a team keeps in its repository
  (`load_expected`, `write_expected`).
- the SQLAlchemy models and the migrations directory (their own modules).
"""
