"""SQLAlchemy 2 declarative models of the Renexus example database.

Renexus is a content-planning web app whose schema was written with Drizzle (TypeScript); its single
migration is `examples/renexus/migrations/0000_nice_forgotten_one.sql` in the shared examples. These
models describe exactly that schema, so `metadata.create_all()` on an empty database gives the same
catalog as the migration, and `drift check --orm drift.examples.renexus_models:Base` against a
database built from the migration reports no drift. What that takes, and what a hand-written model
usually gets wrong:

- Drizzle's `varchar` has no length: `String()` (not `String(255)`); `timestamp` is without time
  zone: `DateTime()`.
- `serial` primary keys are SQLAlchemy's default for an integer primary key (`SERIAL` in the DDL).
- Drizzle names foreign keys `<table>_<column>_<ref table>_<ref column>_fk` and unique constraints
  `<table>_<column>_unique`; the primary keys are unnamed (`<table>_pkey`). The names are spelt
  out here rather than through a naming convention, as a migration-first project would.
- The `metadata` columns cannot be an attribute called `metadata` (SQLAlchemy reserves it), so the
  attribute is `metadata_` and the column name is given explicitly.
- Columns the migration leaves nullable (most booleans and timestamps with defaults) are
  `Mapped[... | None]`, and every server default is declared, because drift compares them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "AiGenerationTask",
    "Base",
    "Content",
    "ContentMetric",
    "Project",
    "Session",
    "SocialAccount",
    "SocialPost",
    "User",
]

NOW = sa.func.now()


class Base(DeclarativeBase):
    """The declarative base: `Base.metadata` holds every Renexus table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        str: sa.String(),
        dt.datetime: sa.DateTime(),
        dict[str, Any]: JSONB,
        list[str]: sa.ARRAY(sa.Text),
    }


def _user_fk(table: str) -> sa.ForeignKey:
    return sa.ForeignKey("users.id", name=f"{table}_user_id_users_id_fk", ondelete="CASCADE")


class Session(Base):
    """Server-side web sessions (connect-pg-simple's table)."""

    __tablename__ = "sessions"
    __table_args__ = (sa.Index("IDX_session_expire", "expire"),)

    sid: Mapped[str] = mapped_column(primary_key=True)
    sess: Mapped[dict[str, Any]]
    expire: Mapped[dt.datetime]


class User(Base):
    __tablename__ = "users"
    __table_args__ = (sa.UniqueConstraint("email", name="users_email_unique"),)

    id: Mapped[str] = mapped_column(primary_key=True)
    email: Mapped[str]
    password: Mapped[str] = mapped_column(sa.Text)
    first_name: Mapped[str]
    last_name: Mapped[str]
    profile_image_url: Mapped[str | None]
    is_active: Mapped[bool | None] = mapped_column(server_default=sa.true())
    created_at: Mapped[dt.datetime | None] = mapped_column(server_default=NOW)
    updated_at: Mapped[dt.datetime | None] = mapped_column(server_default=NOW)

    projects: Mapped[list[Project]] = relationship(back_populates="user", passive_deletes=True)
    contents: Mapped[list[Content]] = relationship(back_populates="user", passive_deletes=True)
    social_accounts: Mapped[list[SocialAccount]] = relationship(back_populates="user", passive_deletes=True)
    social_posts: Mapped[list[SocialPost]] = relationship(back_populates="user", passive_deletes=True)


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(_user_fk("projects"))
    name: Mapped[str]
    description: Mapped[str | None] = mapped_column(sa.Text)
    type: Mapped[str]
    template: Mapped[str | None]
    platform: Mapped[str | None]
    target_audience: Mapped[str | None]
    estimated_duration: Mapped[str | None]
    tags: Mapped[list[str] | None]
    is_public: Mapped[bool | None] = mapped_column(server_default=sa.false())
    status: Mapped[str] = mapped_column(server_default="active")
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata")
    created_at: Mapped[dt.datetime | None] = mapped_column(server_default=NOW)
    updated_at: Mapped[dt.datetime | None] = mapped_column(server_default=NOW)

    user: Mapped[User] = relationship(back_populates="projects")
    contents: Mapped[list[Content]] = relationship(back_populates="project", passive_deletes=True)


class Content(Base):
    """A planned or published piece of content (video, article, ...)."""

    __tablename__ = "content"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(_user_fk("content"))
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("projects.id", name="content_project_id_projects_id_fk", ondelete="CASCADE")
    )
    title: Mapped[str]
    description: Mapped[str | None] = mapped_column(sa.Text)
    script: Mapped[str | None] = mapped_column(sa.Text)
    platform: Mapped[str]
    content_type: Mapped[str]
    status: Mapped[str] = mapped_column(server_default="draft")
    scheduled_at: Mapped[dt.datetime | None]
    published_at: Mapped[dt.datetime | None]
    thumbnail_url: Mapped[str | None]
    video_url: Mapped[str | None]
    tags: Mapped[list[str] | None]
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata")
    ai_generated: Mapped[bool | None] = mapped_column(server_default=sa.false())
    created_at: Mapped[dt.datetime | None] = mapped_column(server_default=NOW)
    updated_at: Mapped[dt.datetime | None] = mapped_column(server_default=NOW)

    user: Mapped[User] = relationship(back_populates="contents")
    project: Mapped[Project | None] = relationship(back_populates="contents")
    metrics: Mapped[list[ContentMetric]] = relationship(back_populates="content", passive_deletes=True)


class SocialAccount(Base):
    __tablename__ = "social_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(_user_fk("social_accounts"))
    platform: Mapped[str]
    account_id: Mapped[str]
    account_name: Mapped[str]
    access_token: Mapped[str | None] = mapped_column(sa.Text)
    refresh_token: Mapped[str | None] = mapped_column(sa.Text)
    token_expiry: Mapped[dt.datetime | None]
    is_active: Mapped[bool | None] = mapped_column(server_default=sa.true())
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata")
    created_at: Mapped[dt.datetime | None] = mapped_column(server_default=NOW)
    updated_at: Mapped[dt.datetime | None] = mapped_column(server_default=NOW)

    user: Mapped[User] = relationship(back_populates="social_accounts")


class SocialPost(Base):
    __tablename__ = "social_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(_user_fk("social_posts"))
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("projects.id", name="social_posts_project_id_projects_id_fk", ondelete="CASCADE")
    )
    title: Mapped[str]
    caption: Mapped[str | None] = mapped_column(sa.Text)
    hashtags: Mapped[list[str] | None]
    emojis: Mapped[list[str] | None]
    content_type: Mapped[str]
    status: Mapped[str] = mapped_column(server_default="draft")
    scheduled_at: Mapped[dt.datetime | None]
    published_at: Mapped[dt.datetime | None]
    thumbnail_url: Mapped[str | None]
    media_urls: Mapped[list[str] | None]
    ai_generated: Mapped[bool | None] = mapped_column(server_default=sa.false())
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata")
    created_at: Mapped[dt.datetime | None] = mapped_column(server_default=NOW)
    updated_at: Mapped[dt.datetime | None] = mapped_column(server_default=NOW)

    user: Mapped[User] = relationship(back_populates="social_posts")


class AiGenerationTask(Base):
    """A queued or finished AI generation request. `user_id` has no foreign key in the migration."""

    __tablename__ = "ai_generation_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str]
    task_type: Mapped[str]
    prompt: Mapped[str] = mapped_column(sa.Text)
    result: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(server_default="pending")
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata")
    created_at: Mapped[dt.datetime | None] = mapped_column(server_default=NOW)
    completed_at: Mapped[dt.datetime | None]


class ContentMetric(Base):
    __tablename__ = "content_metrics"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_id: Mapped[int] = mapped_column(
        sa.ForeignKey("content.id", name="content_metrics_content_id_content_id_fk", ondelete="CASCADE")
    )
    platform: Mapped[str]
    views: Mapped[int | None] = mapped_column(server_default="0")
    likes: Mapped[int | None] = mapped_column(server_default="0")
    comments: Mapped[int | None] = mapped_column(server_default="0")
    shares: Mapped[int | None] = mapped_column(server_default="0")
    engagement_rate: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))
    revenue: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2), server_default="0")
    last_updated: Mapped[dt.datetime | None] = mapped_column(server_default=NOW)

    content: Mapped[Content] = relationship(back_populates="metrics")
