"""One SQLAlchemy `Table` as the catalog `Table` the server shows after `create_all`.

Why this exists: it keeps the per-table rules (which constraints the DDL compiler really emits,
naming conventions, the server's default names in creation order) in one place, the same way
SQLAlchemy's DDL compiler walks a table: columns (`orm_columns`), their inline CHECKs, then the
primary key, the table constraints in declaration order, then the indexes.
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
    ExclusionConstraint,
    ForeignKey,
    Index,
    PrimaryKey,
    Sequence,
    Table,
    UniqueConstraint,
)
from drift.sources.orm_columns import ColumnConverter
from drift.sources.orm_defaults import referenced_columns
from drift.sources.orm_exprs import index_key_ordering
from drift.sources.orm_names import column_names_addition, truncate_identifier

_FK_ACTIONS = {"NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"}


class TableConverter(ColumnConverter):
    """Converts the tables of a set of MetaData, in `create_all` order (names depend on it)."""

    def convert(self, table: sa.Table) -> tuple[Table, list[tuple[str, Sequence]]]:
        schema = self._schema(table)
        name = truncate_identifier(table.name)
        columns, owned, identities = self._columns(table, schema, name)
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
            options=_storage_options(options.get("with")),
            columns=tuple(columns),
            identity_sequences=tuple(sorted(identities, key=lambda seq: seq.name)),
            primary_key=primary_key,
            foreign_keys=tuple(fks),
            unique_constraints=tuple(uniques),
            check_constraints=tuple(checks),
            exclusion_constraints=tuple(excludes),
            indexes=tuple(indexes),
            comment=table.comment,
        )
        return converted, [(schema, s) for s in owned]

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


def _storage_options(given: Any) -> tuple[str, ...] | None:
    """`postgresql_with={"fillfactor": 70, "autovacuum_enabled": False}` as the server keeps it
    (`autovacuum_enabled=false`, `fillfactor=70`, sorted); None when the table does not say."""
    if not given:
        return None
    spelled = {True: "true", False: "false"}
    return tuple(
        sorted(
            f"{name}={spelled.get(value, value) if isinstance(value, bool) else value}"
            for name, value in dict(given).items()
        )
    )
