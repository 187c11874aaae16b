"""What converting one SQLAlchemy table needs besides the table: the dialect's compilers, the names
taken so far in each schema, and the column types expressions are spelt with.

Why this exists: the converter is split by concern (this base: names and expressions; `orm_columns`:
columns and serial sequences; `orm_tables`: the table, its constraints and indexes), each a layer
over this one.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from drift.errors import InputError
from drift.sources.orm_exprs import server_expression
from drift.sources.orm_names import SchemaNames, truncate_identifier
from drift.sources.orm_types import unquote_identifier


class ConverterBase:
    """Names (explicit ones, with the naming convention applied) and expressions of a table."""

    def __init__(self, dialect: sa.Dialect, names: SchemaNames, default_schema: str) -> None:
        self.dialect = dialect
        self.names = names
        self.default_schema = default_schema
        self.ddl = dialect.ddl_compiler(dialect, None)  # type: ignore[arg-type]  # no statement: used for its helpers
        self.sql = self.ddl.sql_compiler
        self.preparer = dialect.identifier_preparer
        self._column_types: dict[int, dict[str, str]] = {}
        self._domains: dict[str, str] = {}

    # names ---------------------------------------------------------------------------------------
    def explicit_name(self, item: sa.Constraint | sa.Index, where: str) -> str | None:
        """The name `create_all` gives `item` (naming convention applied), or None if unnamed."""
        if item.name is None:
            return None
        try:
            rendered = self.preparer.format_constraint(item)
        except (sa_exc.IdentifierError, sa_exc.InvalidRequestError) as e:
            raise InputError(f"{where}: {str(e).splitlines()[0]}") from e
        return truncate_identifier(unquote_identifier(rendered)) if rendered else None

    def reserve_explicit_names(self, table: sa.Table) -> None:
        schema = self._schema(table)
        self.names.take_relation(schema, truncate_identifier(table.name))
        for constraint in self._constraints(table):
            name = self.explicit_name(constraint, self._where(table))
            if name is None:
                continue
            self.names.take_constraint(schema, name)
            if isinstance(constraint, sa.PrimaryKeyConstraint | sa.UniqueConstraint):
                self.names.take_relation(schema, name)
        for index in table.indexes:
            name = self.explicit_name(index, self._where(table))
            if name:
                self.names.take_relation(schema, name)

    def _schema(self, table: sa.Table) -> str:
        return table.schema or self.default_schema

    def _where(self, table: sa.Table, column: str | None = None) -> str:
        return f"{self._schema(table)}.{table.name}" + (f".{column}" if column else "")

    def _creates(self, item: sa.Constraint) -> bool:
        return item._should_create_for_compiler(self.ddl)

    def _constraints(self, table: sa.Table) -> list[sa.Constraint]:
        inline = [c for col in table.columns for c in col.constraints if self._creates(c)]
        ordered = sorted(table.constraints, key=lambda c: c._creation_order)
        return inline + [c for c in ordered if self._creates(c)]

    def _text(self, clause: sa.ClauseElement) -> str:
        return str(self.sql.process(clause, include_table=False, literal_binds=True))

    def _expression(self, clause: sa.ClauseElement, table: sa.Table, *, pretty: bool = False) -> str:
        """The clause as the server prints it back where we know how, else as compiled."""
        compiled = self._text(clause)
        types = self._column_types.get(id(table), {})
        return server_expression(compiled, types, pretty=pretty, domains=self._domains) or compiled
