"""One SQLAlchemy `Table` as the catalog `Table` the server shows after `create_all`.

Why this exists: it keeps the per-table rules (serial columns, which constraints the DDL compiler
really emits, naming conventions, the server's default names in creation order) in one place, the
same way SQLAlchemy's DDL compiler walks a table: columns, their inline CHECKs, then the primary key,
the table constraints in declaration order, then the indexes.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.schema import ColumnCollectionConstraint

from drift.errors import InputError
from drift.model import (
    CheckConstraint,
    Column,
    ExclusionConstraint,
    ForeignKey,
    Index,
    PrimaryKey,
    Sequence,
    Table,
    UniqueConstraint,
)
from drift.sources.orm_defaults import referenced_columns, server_default_text
from drift.sources.orm_exprs import index_key_ordering, server_expression
from drift.sources.orm_names import SchemaNames, column_names_addition, truncate_identifier
from drift.sources.orm_types import compile_type, iter_schema_types, uncast_spelling, unquote_identifier

_SERIAL = {"smallint": 2**15 - 1, "integer": 2**31 - 1, "bigint": 2**63 - 1}
_FK_ACTIONS = {"NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"}


class TableConverter:
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

    # the table -----------------------------------------------------------------------------------
    def convert(self, table: sa.Table) -> tuple[Table, list[tuple[str, Sequence]]]:
        schema = self._schema(table)
        name = truncate_identifier(table.name)
        columns, owned = self._columns(table, schema, name)
        self._column_types[id(table)] = {c.name: c.type for c in columns}
        checks = [
            self._check(c, table, schema, name)
            for c in self._constraints(table)
            if isinstance(c, sa.CheckConstraint)
        ]
        primary_key, indexes = self._primary_key(table, schema, name)
        uniques, excludes = [], []
        for c in self._constraints(table):
            if isinstance(c, sa.UniqueConstraint):
                unique, backing = self._unique(c, table, schema, name)
                uniques.append(unique)
                indexes.append(backing)
            elif isinstance(c, postgresql.ExcludeConstraint):
                exclude, backing = self._exclude(c, table, schema, name)
                excludes.append(exclude)
                indexes.append(backing)
        fks = [
            self._foreign_key(c, table, schema, name)
            for c in self._constraints(table)
            if isinstance(c, sa.ForeignKeyConstraint)
        ]
        indexes += [self._index(i, table) for i in table.indexes]
        options = table.dialect_options["postgresql"]
        inherits = options.get("inherits")
        if isinstance(inherits, str):
            inherits = (inherits,)
        converted = Table(
            name=name,
            kind="partitioned_table" if options.get("partition_by") else "table",
            unlogged="UNLOGGED" in (p.upper() for p in table._prefixes),
            partition_key=options.get("partition_by") or None,
            inherits=tuple(p if "." in p else f"{schema}.{p}" for p in inherits or ()),
            columns=tuple(columns),
            primary_key=primary_key,
            foreign_keys=tuple(fks),
            unique_constraints=tuple(uniques),
            check_constraints=tuple(checks),
            exclusion_constraints=tuple(excludes),
            indexes=tuple(indexes),
            comment=table.comment,
        )
        return converted, [(schema, s) for s in owned]

    # columns -------------------------------------------------------------------------------------
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

    def _columns(self, table: sa.Table, schema: str, table_name: str) -> tuple[list[Column], list[Sequence]]:
        columns: list[Column] = []
        owned: list[Sequence] = []
        computed: list[tuple[int, sa.ClauseElement]] = []
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
                self.names.choose_relation(schema, table_name, col_name, "seq", is_constraint=False)
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
                computed.append((len(columns), col.computed.sqltext))
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
        for i, sqltext in computed:
            expression = self._expression(sqltext, table)
            columns[i] = columns[i].model_copy(update={"generated": expression})
        return columns, owned

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

    # constraints ---------------------------------------------------------------------------------
    def _column_names(self, constraint: ColumnCollectionConstraint) -> tuple[str, ...]:
        return tuple(truncate_identifier(c.name) for c in constraint.columns)

    def _check(self, c: sa.CheckConstraint, table: sa.Table, schema: str, table_name: str) -> CheckConstraint:
        expression = self._expression(c.sqltext, table)
        name = self.explicit_name(c, self._where(table))
        if name is None:
            refs = referenced_columns(self._text(c.sqltext), {col.name for col in table.columns})
            name = self.names.choose_constraint(
                schema, table_name, refs[0] if len(refs) == 1 else None, "check"
            )
        return CheckConstraint(name=name, expression=expression)

    def _primary_key(
        self, table: sa.Table, schema: str, table_name: str
    ) -> tuple[PrimaryKey | None, list[Index]]:
        pk = table.primary_key
        if not pk.columns:
            return None, []
        name = self.explicit_name(pk, self._where(table)) or self.names.choose_relation(
            schema, table_name, None, "pkey", is_constraint=True
        )
        cols = self._column_names(pk)
        deferrable, deferred = _deferral(pk)
        backing = Index(name=name, keys=cols, unique=True, constraint=name)
        return PrimaryKey(name=name, columns=cols, deferrable=deferrable, initially_deferred=deferred), [
            backing
        ]

    def _unique(
        self, c: sa.UniqueConstraint, table: sa.Table, schema: str, table_name: str
    ) -> tuple[UniqueConstraint, Index]:
        cols = self._column_names(c)
        name = self.explicit_name(c, self._where(table)) or self.names.choose_relation(
            schema, table_name, column_names_addition(cols), "key", is_constraint=True
        )
        nnd = bool(c.dialect_options["postgresql"].get("nulls_not_distinct"))
        deferrable, deferred = _deferral(c)
        unique = UniqueConstraint(
            name=name,
            columns=cols,
            nulls_not_distinct=nnd,
            deferrable=deferrable,
            initially_deferred=deferred,
        )
        return unique, Index(name=name, keys=cols, unique=True, nulls_not_distinct=nnd, constraint=name)

    def _exclude(
        self, c: postgresql.ExcludeConstraint, table: sa.Table, schema: str, table_name: str
    ) -> tuple[ExclusionConstraint, Index]:
        cols = self._column_names(c)
        name = self.explicit_name(c, self._where(table)) or self.names.choose_relation(
            schema, table_name, column_names_addition(cols), "excl", is_constraint=True
        )
        rendered = str(self.ddl.process(c))
        definition = rendered[rendered.index("EXCLUDE") :]
        predicate = None
        if c.where is not None:
            # pg_get_constraintdef() wraps the predicate once more: WHERE ((a > 1))
            predicate = self._expression(c.where, table)
            definition = definition[: definition.index(" WHERE (")] + f" WHERE ({predicate})"
        deferrable, deferred = _deferral(c)
        exclude = ExclusionConstraint(
            name=name, definition=definition, deferrable=deferrable, initially_deferred=deferred
        )
        backing = Index(name=name, keys=cols, method=c.using.lower(), predicate=predicate, constraint=name)
        return exclude, backing

    def _foreign_key(
        self, c: sa.ForeignKeyConstraint, table: sa.Table, schema: str, table_name: str
    ) -> ForeignKey:
        cols = self._column_names(c)
        name = self.explicit_name(c, self._where(table)) or self.names.choose_constraint(
            schema, table_name, column_names_addition(cols), "fkey"
        )
        ref_schema, ref_table, ref_columns = self._referenced(c, table)
        deferrable, deferred = _deferral(c)
        return ForeignKey(
            name=name,
            columns=cols,
            ref_schema=ref_schema,
            ref_table=ref_table,
            ref_columns=ref_columns,
            on_delete=_fk_action(c.ondelete, name),
            on_update=_fk_action(c.onupdate, name),
            match=(c.match or "SIMPLE").upper(),
            deferrable=deferrable,
            initially_deferred=deferred,
        )

    def _referenced(self, c: sa.ForeignKeyConstraint, table: sa.Table) -> tuple[str, str, tuple[str, ...]]:
        try:
            targets = [element.column for element in c.elements]
        except (sa_exc.NoReferencedTableError, sa_exc.NoReferencedColumnError) as e:
            raise InputError(f"foreign key on {self._where(table)}: {str(e).splitlines()[0]}") from e
        ref = targets[0].table
        if not isinstance(ref, sa.Table):
            raise InputError(f"foreign key on {self._where(table)} does not reference a table")
        return (
            ref.schema or self.default_schema,
            truncate_identifier(ref.name),
            tuple(truncate_identifier(t.name) for t in targets),
        )

    # indexes -------------------------------------------------------------------------------------
    def _index(self, index: sa.Index, table: sa.Table) -> Index:
        where = f"index on {self._where(table)}"
        name = self.explicit_name(index, where)
        if name is None:
            raise InputError(f"{where}: an index needs a name (or a naming convention for 'ix')")
        options = index.dialect_options["postgresql"]
        ops = options.get("ops") or {}
        keys = []
        for expr in index.expressions:
            if isinstance(expr, sa.sql.expression.ColumnClause):
                key = truncate_identifier(expr.name)  # the catalog names key columns unquoted
            elif isinstance(expr, sa.ClauseElement):
                key = self._expression(expr, table, pretty=True)
            else:
                key = str(expr)
            opclass = ops.get(getattr(expr, "key", None))
            keys.append(index_key_ordering(f"{key} {opclass}" if opclass else key))
        where_clause = options.get("where")
        predicate = (
            self._expression(sa.sql.coercions.expect(sa.sql.roles.DDLExpressionRole, where_clause), table)
            if (where_clause is not None)
            else None
        )
        include = tuple(
            truncate_identifier(c if isinstance(c, str) else c.name) for c in options.get("include") or ()
        )
        return Index(
            name=name,
            keys=tuple(keys),
            include=include,
            method=(options.get("using") or "btree").lower(),
            unique=bool(index.unique),
            nulls_not_distinct=bool(options.get("nulls_not_distinct")),
            predicate=predicate,
            tablespace=options.get("tablespace") or None,
            comment=getattr(index, "comment", None),
        )


def _deferral(c: sa.Constraint) -> tuple[bool, bool]:
    deferred = (c.initially or "").upper() == "DEFERRED"
    return bool(c.deferrable) or deferred, deferred


def _fk_action(action: str | None, name: str) -> str:
    value = " ".join((action or "NO ACTION").upper().split())
    if value not in _FK_ACTIONS:
        raise InputError(f"foreign key {name}: unknown ON DELETE/ON UPDATE action {action!r}")
    return value
