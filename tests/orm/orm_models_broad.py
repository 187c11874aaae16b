"""A broad SQLAlchemy model for the ORM-source tests: every type, constraint and option the converter
handles, in two schemas, with and without names. `metadata.create_all` on an empty database and the
converter must agree on all of it."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Status(enum.Enum):
    draft = "draft"
    published = "published"
    archived = "archived"


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "authors"
    __table_args__ = (
        sa.UniqueConstraint("first_name", "last_name"),
        sa.CheckConstraint("char_length(first_name) > 0"),
        {"comment": "people who write"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100))
    email: Mapped[str] = mapped_column(sa.String(255), unique=True, comment="login")
    nickname: Mapped[str | None] = mapped_column(sa.String, index=True)
    is_active: Mapped[bool] = mapped_column(server_default=sa.true())
    karma: Mapped[int] = mapped_column(server_default="0")
    balance: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2), server_default="0")
    rating: Mapped[float | None] = mapped_column(sa.Float)
    ratio: Mapped[float | None] = mapped_column(sa.REAL)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    updated_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime)
    born_on: Mapped[dt.date | None]
    wakes_at: Mapped[dt.time | None] = mapped_column(sa.Time(timezone=True))
    settings: Mapped[dict[str, Any]] = mapped_column(pg.JSONB, server_default=sa.text("'{}'::jsonb"))
    raw: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    token: Mapped[uuid.UUID] = mapped_column(server_default=sa.text("gen_random_uuid()"))
    avatar: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    tags: Mapped[list[str] | None] = mapped_column(sa.ARRAY(sa.Text), server_default="{}")
    scores: Mapped[list[int] | None] = mapped_column(pg.ARRAY(sa.Integer, dimensions=2))
    code: Mapped[str | None] = mapped_column(sa.CHAR(3), server_default="abc")
    note: Mapped[str | None] = mapped_column(sa.Text(collation="C"))
    status: Mapped[Status] = mapped_column(server_default="draft")
    ip: Mapped[str | None] = mapped_column(pg.INET)
    period: Mapped[Any | None] = mapped_column(pg.TSTZRANGE)
    wait: Mapped[dt.timedelta | None] = mapped_column(sa.Interval, server_default="1 day")
    search: Mapped[Any | None] = mapped_column(pg.TSVECTOR)
    flags: Mapped[Any | None] = mapped_column(pg.BIT(8))
    money: Mapped[Any | None] = mapped_column(pg.MONEY)
    stamp: Mapped[dt.datetime | None] = mapped_column(pg.TIMESTAMP(precision=3))
    big: Mapped[int | None] = mapped_column(sa.BigInteger, server_default=sa.text("-1"))
    small: Mapped[int | None] = mapped_column(sa.SmallInteger)
    debt: Mapped[Decimal | None] = mapped_column(sa.Numeric, server_default=sa.text("-1.5"))


class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["author_first", "author_last"],
            ["authors.first_name", "authors.last_name"],
            onupdate="CASCADE",
            ondelete="SET NULL",
            match="FULL",
            deferrable=True,
            initially="DEFERRED",
        ),
        sa.CheckConstraint("price > 0"),
        sa.CheckConstraint("price < 1000"),
        sa.CheckConstraint("quantity >= 0 AND price >= 0", name="posts_amounts_check"),
        sa.Index("ix_posts_lower_title", sa.func.lower(sa.literal_column("title"))),
        sa.Index(
            "ix_posts_published",
            "published_at",
            postgresql_where=sa.text("status = 'published'"),
            postgresql_include=["title"],
        ),
        sa.Index("ix_posts_desc", sa.desc("published_at"), sa.column("id").asc().nullsfirst()),
        sa.Index("ix_posts_pattern", "slug", postgresql_ops={"slug": "text_pattern_ops"}),
        sa.Index("ix_posts_hash", "slug", postgresql_using="hash"),
        sa.Index("ix_posts_tags", "tags", postgresql_using="gin"),
        sa.Index("uq_posts_slug_author", "slug", "author_id", unique=True),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("authors.id", ondelete="CASCADE"))
    editor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("authors.id", name="posts_editor_fk", ondelete="RESTRICT", onupdate="SET DEFAULT")
    )
    author_first: Mapped[str | None] = mapped_column(sa.String(100))
    author_last: Mapped[str | None] = mapped_column(sa.String(100))
    title: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20), server_default="draft")
    price: Mapped[Decimal] = mapped_column(sa.Numeric(8, 2))
    quantity: Mapped[int] = mapped_column(sa.CheckConstraint("quantity < 100000"))
    total: Mapped[Decimal | None] = mapped_column(sa.Numeric, sa.Computed("price * quantity", persisted=True))
    published_at: Mapped[dt.datetime | None]
    tags: Mapped[list[str] | None] = mapped_column(pg.ARRAY(sa.Text))


class Ticket(Base):
    """Identity columns and a sequence-backed column."""

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(sa.Identity(always=True), primary_key=True)
    seat: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(start=100, increment=10))
    serial_no: Mapped[int] = mapped_column(sa.Integer, server_default=sa.text("nextval('ticket_serial_seq')"))


ticket_serial_seq = sa.Sequence("ticket_serial_seq", metadata=Base.metadata, start=1000, data_type=sa.Integer)
audit_seq = sa.Sequence("audit_seq", metadata=Base.metadata, schema="audit", increment=-1)


class AuditEvent(Base):
    """A second schema, a native enum living there, a composite key and a self reference."""

    __tablename__ = "events"
    __table_args__ = (
        sa.PrimaryKeyConstraint("day", "seq", name="events_pk"),
        sa.ForeignKeyConstraint(["parent_day", "parent_seq"], ["audit.events.day", "audit.events.seq"]),
        sa.UniqueConstraint("token", postgresql_nulls_not_distinct=True),
        {"schema": "audit", "comment": "what happened"},
    )

    day: Mapped[dt.date] = mapped_column(sa.Date)
    seq: Mapped[int] = mapped_column(sa.Integer, autoincrement=False)
    kind: Mapped[str] = mapped_column(
        sa.Enum("insert", "update", "delete", name="event_kind", schema="audit")
    )
    token: Mapped[str | None] = mapped_column(sa.String(40))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("authors.id"))
    parent_day: Mapped[dt.date | None]
    parent_seq: Mapped[int | None]


class Setting(Base):
    """A unique index column and a non-native enum (a varchar)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(sa.String(50), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Enum("on", "off", name="onoff", native_enum=False))
    scope: Mapped[str] = mapped_column(sa.String(20), index=True, unique=True)


SCHEMAS = ("audit",)


class Booking(Base):
    """An exclusion constraint, a domain-typed column and an unlogged table."""

    __tablename__ = "bookings"
    __table_args__ = (
        pg.ExcludeConstraint(("during", "&&"), using="gist", name="bookings_no_overlap"),
        pg.ExcludeConstraint(("during", "&&"), using="gist", where=sa.text("seats > 1")),
        {"prefixes": ["UNLOGGED"]},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    during: Mapped[Any] = mapped_column(pg.TSTZRANGE)
    seats: Mapped[int] = mapped_column(
        pg.DOMAIN("positive_int", sa.Integer(), check="VALUE > 0", default="1", not_null=True)
    )


class Measurement(Base):
    """A partitioned table (its partitions are not the model's business)."""

    __tablename__ = "measurements"
    __table_args__ = (
        sa.PrimaryKeyConstraint("taken_on", "sensor"),
        {"postgresql_partition_by": "RANGE (taken_on)"},
    )

    taken_on: Mapped[dt.date]
    sensor: Mapped[str] = mapped_column(sa.String(20))
    value: Mapped[float]
