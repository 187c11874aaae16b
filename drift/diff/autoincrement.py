"""An ORM's autoincrement key matches a serial column or an identity column.

SQLAlchemy's `Integer, primary_key=True` says "the database numbers the rows", not which of
PostgreSQL's two ways does it: `create_all` makes a serial column, while a hand-written migration
may have made `GENERATED ... AS IDENTITY`. Before the models are compared with a database, a
serial key on the model side whose database column is an identity column is rewritten to that
identity column (and its owned sequence dropped), so the choice of mechanism is not drift. An
explicitly declared `Identity()` is left alone: that is a real declaration.
"""

from __future__ import annotations

from drift.diff.normalize import nextval_sequence
from drift.model import Catalog, Column, Schema


def align_autoincrement(model: Catalog, database: Catalog) -> Catalog:
    """`model` with serial keys turned into the identity columns the database has for them."""
    changed_schemas: list[Schema] = []
    touched = False
    for schema in model.schemas:
        db_schema = database.get_schema(schema.name)
        if db_schema is None:
            changed_schemas.append(schema)
            continue
        owned = {seq.name: seq for seq in schema.sequences if seq.owned_by}
        drop: set[str] = set()
        tables = []
        for table in schema.tables:
            db_table = db_schema.get_table(table.name)
            pk = set(table.primary_key.columns) if table.primary_key else set()
            columns: list[Column] = []
            for col in table.columns:
                seq_name = nextval_sequence(col.default)
                db_col = db_table.get_column(col.name) if db_table else None
                seq = owned.get(seq_name or "")
                if (
                    col.name in pk
                    and col.identity is None
                    and seq is not None
                    and seq.owned_by == f"{table.name}.{col.name}"
                    and db_col is not None
                    and db_col.identity is not None
                ):
                    columns.append(col.model_copy(update={"identity": db_col.identity, "default": None}))
                    drop.add(seq.name)
                else:
                    columns.append(col)
            tables.append(table.model_copy(update={"columns": tuple(columns)}) if drop else table)
        if drop:
            touched = True
            # An identity column's sequence belongs to the column and is not a catalog object.
            kept = tuple(seq for seq in schema.sequences if seq.name not in drop)
            schema = schema.model_copy(update={"tables": tuple(tables), "sequences": kept})
        changed_schemas.append(schema)
    if not touched:
        return model
    return Catalog.model_validate(model.model_copy(update={"schemas": tuple(changed_schemas)}).model_dump())
