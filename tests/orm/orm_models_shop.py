"""A small shop model for the differ tests: two tables with one of every constraint kind."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

customers = sa.Table(
    "customers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(255), nullable=False, unique=True),
    sa.Column("name", sa.Text),
    sa.Column("referrer_id", sa.Integer),
    sa.Column("status", sa.String(20), nullable=False, server_default="active"),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
    sa.CheckConstraint("char_length(email) > 3"),
)

orders = sa.Table(
    "orders",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("customer_id", sa.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False),
    sa.Column("total", sa.Numeric(10, 2), nullable=False, server_default="0"),
    sa.Column("note", sa.Text),
    sa.Column("placed_at", sa.DateTime),
    sa.CheckConstraint("total >= 0"),
    sa.UniqueConstraint("customer_id", "placed_at"),
    sa.Index("ix_orders_placed_at", "placed_at"),
)
