"""The columns of one SQLAlchemy table as the server shows them after `create_all`.

Why this exists: a column's catalog form depends on more than its type: an autoincrement integer key
is a serial column (a `nextval()` default and an owned sequence named as the server names it), an
identity column takes a sequence name too, and a server default is spelt as the server prints it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql

from drift.errors import InputError
from drift.model import Column, Sequence
from drift.model.catalog import GeneratedStorage
from drift.model.identity import identity_sequence
from drift.sources.orm_context import ConverterBase
from drift.sources.orm_defaults import server_default_text
from drift.sources.orm_names import truncate_identifier
from drift.sources.orm_types import compile_type, iter_schema_types, uncast_spelling

_SERIAL = {"smallint": 2**15 - 1, "integer": 2**31 - 1, "bigint": 2**63 - 1}


class ColumnConverter(ConverterBase):
    """Column conversion, the layer `TableConverter` builds on."""

    def _is_serial(self, column: sa.Column[Any]) -> bool:
        """The condition under which SQLAlchemy's PostgreSQL DDL says SERIAL instead of the type."""
        table = column.table
        try:
            autoincrement = table.autoincrement_column
        except sa_exc.ArgumentError as e:
            raise InputError(f"table {self._where(table)}: {e}") from e
        default = column.default
        return (
            column.primary_key
            and column is autoincrement
            and column.identity is None
            and (default is None or (isinstance(default, sa.Sequence) and default.optional))
        )

    def _columns(
        self, table: sa.Table, schema: str, table_name: str
    ) -> tuple[list[Column], list[Sequence], list[Sequence]]:
        """The columns, the sequences serial columns own, and the sequences of the identity
        columns whose `Identity(...)` gives options (the others are not compared)."""
        columns: list[Column] = []
        owned: list[Sequence] = []
        identities: list[Sequence] = []
        computed: list[tuple[int, sa.Computed]] = []
        for position, col in enumerate(table.columns, start=1):
            col_name = truncate_identifier(col.name)
            where = f"column {self._where(table, col.name)}"
            compiled = compile_type(
                col.type, self.dialect, where=where, column=col, default_schema=self.default_schema
            )
            default = None
            identity = None
            if self._is_serial(col):
                seq = self.names.choose_relation(schema, table_name, col_name, "seq", is_constraint=False)
                default = f"nextval({self._regclass(schema, seq)}::regclass)"
                owned.append(self._serial_sequence(seq, compiled.spelling, f"{table_name}.{col_name}"))
            elif col.identity is not None:
                identity = "always" if col.identity.always else "by default"
                # the identity's sequence takes its name like a serial's does
                seq = self.names.choose_relation(schema, table_name, col_name, "seq", is_constraint=False)
                options = _identity_options(col.identity)
                if options:
                    identities.append(
                        identity_sequence(seq, f"{table_name}.{col_name}", compiled.spelling, **options)
                    )
            else:
                try:
                    text = self.ddl.get_column_default_string(col)
                except sa_exc.CompileError as e:
                    raise InputError(f"{where}: server_default does not compile: {e}") from e
                if text is not None:
                    default = server_default_text(
                        text, uncast_spelling(compiled.spelling), default_schema=self.default_schema
                    )
            self._note_domains(col, where)
            generated = None
            if col.computed is not None:
                computed.append((len(columns), col.computed))
            columns.append(
                Column(
                    name=col_name,
                    position=position,
                    type=compiled.spelling,
                    nullable=bool(col.nullable) and identity is None,
                    default=default,
                    identity=identity,
                    generated=generated,
                    collation=compiled.collation,
                    comment=col.comment,
                )
            )
        # generation expressions may use any column, so they are spelt once all types are known
        self._column_types[id(table)] = {c.name: c.type for c in columns}
        for i, computed_ in computed:
            expression = self._expression(computed_.sqltext, table)
            storage = self._generated_storage(computed_)
            columns[i] = columns[i].model_copy(update={"generated": expression, "generated_storage": storage})
        return columns, owned, identities

    def _generated_storage(self, computed: sa.Computed) -> GeneratedStorage:
        """`persisted=True` is STORED, `False` VIRTUAL; `None` is what the dialect renders: no keyword
        (the server's default, VIRTUAL) for PostgreSQL 18+, STORED before (SQLAlchemy 2.1)."""
        if computed.persisted is None:
            virtual_default = getattr(self.dialect, "supports_virtual_generated_columns", False)
            return "virtual" if virtual_default else "stored"
        return "stored" if computed.persisted else "virtual"

    def _note_domains(self, col: sa.Column[Any], where: str) -> None:
        """Remember the base type of each domain a column uses: expressions reach it through that."""
        for type_ in iter_schema_types(col.type, self.dialect):
            if isinstance(type_, postgresql.DOMAIN):
                spelling = compile_type(type_, self.dialect, where=where, default_schema=self.default_schema)
                base = compile_type(
                    type_.data_type, self.dialect, where=where, default_schema=self.default_schema
                )
                self._domains[spelling.spelling] = base.spelling

    def _regclass(self, schema: str, name: str) -> str:
        quoted = self.preparer.quote(name)
        if schema != self.default_schema:
            quoted = f"{self.preparer.quote_schema(schema)}.{quoted}"
        return "'" + quoted.replace("'", "''") + "'"

    @staticmethod
    def _serial_sequence(name: str, column_type: str, owner: str) -> Sequence:
        data_type = column_type if column_type in _SERIAL else "integer"
        return Sequence(
            name=name,
            data_type=data_type,
            start=1,
            increment=1,
            min_value=1,
            max_value=_SERIAL[data_type],
            cache=1,
            owned_by=owner,
        )


def _identity_options(identity: sa.Identity) -> dict[str, Any]:
    """The sequence options an `Identity(...)` gives (`start`, `increment`, `minvalue`, ...), in
    the catalog's names; none when it gives none."""
    given = {
        "start": identity.start,
        "increment": identity.increment,
        "min_value": identity.minvalue,
        "max_value": identity.maxvalue,
        "cache": identity.cache,
        "cycle": identity.cycle,
    }
    return {key: value for key, value in given.items() if value is not None}
