"""The expected schema: YAML files a team keeps in its repository, read into a `Catalog`.

`load_expected(path)` reads a directory (or one file) written by hand or by `drift init`;
`write_expected(catalog, out_dir)` writes the files `drift init` produces. The format is documented
in docs/expected-schema.md; the file models are in `format.py`.
"""

from drift.sources.expected.format import UnexpectedPolicy
from drift.sources.expected.loader import ExpectedSchema, find_expected_files, load_expected
from drift.sources.expected.writer import write_expected

__all__ = ["ExpectedSchema", "UnexpectedPolicy", "find_expected_files", "load_expected", "write_expected"]
