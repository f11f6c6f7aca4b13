"""The tables of heatlite, as SQLAlchemy 2 declarative models.

Table and column names follow Heat's schema where Heat has the thing, so an
operator reading the database recognises it. Only declarations live here;
queries are in the per-table modules beside this one, and the schema that
actually exists is created by the alembic chain in migrations/ (a test
checks that both agree).

Deleted stacks stay in the table (``deleted_at`` set) so they can be listed
with show_deleted. The database itself enforces one live stack per name and
tenant: the unique key (tenant, name, deleted_marker) holds '' for every live
stack and the stack's own id once it is deleted. NULL could not do this job,
as MySQL and PostgreSQL treat NULLs in a unique key as all different.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from heatlite.db import types

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

LIVE = ""
"""``Stack.deleted_marker`` of a stack that is not deleted."""


def utcnow() -> datetime:
    """Now as a naive UTC datetime: what every timestamp column holds."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

    def __repr__(self) -> str:
        key = ", ".join("%s=%r" % (c.key, getattr(self, c.key, None))
                        for c in self.__table__.primary_key.columns)
        return "<%s %s>" % (type(self).__name__, key)


_TABLE_ARGS: dict[str, Any] = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}


class RawTemplate(Base):
    """A template with its files and environment, shared by stack versions."""

    __tablename__ = "raw_template"
    __table_args__ = (_TABLE_ARGS,)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    template: Mapped[Any] = mapped_column(types.Json, nullable=True)
    files: Mapped[Any] = mapped_column(types.Json, nullable=True)
    environment: Mapped[Any] = mapped_column(types.Json, nullable=True)


class Stack(Base):
    """One stack, top level or nested (owner_id names the parent)."""

    __tablename__ = "stack"
    __table_args__ = (
        sa.UniqueConstraint("tenant", "name", "deleted_marker"),
        sa.Index(None, "tenant", "deleted_at"),
        sa.Index(None, "owner_id"),
        sa.Index(None, "prev_raw_template_id"),
        _TABLE_ARGS,
    )

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_uuid)
    name: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    raw_template_id: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("raw_template.id"), nullable=False)
    # While an update or its rollback runs: the template the stack is
    # leaving (Heat's column), so another engine can resume the operation.
    prev_raw_template_id: Mapped[int | None] = mapped_column(
        sa.Integer, sa.ForeignKey("raw_template.id"), nullable=True)
    tenant: Mapped[str] = mapped_column(sa.String(256), nullable=False)
    username: Mapped[str | None] = mapped_column(sa.String(256), nullable=True)
    user_id: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    action: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    status: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    status_reason: Mapped[str | None] = mapped_column(types.LongText, nullable=True)
    timeout: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    disable_rollback: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    owner_id: Mapped[str | None] = mapped_column(sa.String(36), nullable=True)
    nested_depth: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    parent_resource_name: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    stack_user_project_id: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    outputs: Mapped[Any] = mapped_column(types.SecretJson(always=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(types.DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(types.DateTime, nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(types.DateTime, nullable=True)
    deleted_marker: Mapped[str] = mapped_column(
        sa.String(36), nullable=False, default=LIVE, server_default=sa.text("''"))

    tags: Mapped[list[StackTag]] = relationship(
        lazy="selectin", order_by="StackTag.id", cascade="all, delete-orphan",
        passive_deletes=True)


class StackTag(Base):
    __tablename__ = "stack_tag"
    __table_args__ = (sa.Index(None, "stack_id"), _TABLE_ARGS)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    stack_id: Mapped[str] = mapped_column(
        sa.String(36), sa.ForeignKey("stack.id", ondelete="CASCADE"), nullable=False)
    tag: Mapped[str] = mapped_column(sa.String(80), nullable=False)


class Resource(Base):
    """A resource of a stack; during a replacement two rows may share a name."""

    __tablename__ = "resource"
    __table_args__ = (
        sa.UniqueConstraint("uuid"),
        sa.Index(None, "stack_id"),
        sa.Index(None, "current_template_id"),
        _TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(sa.String(36), nullable=False, default=new_uuid)
    stack_id: Mapped[str] = mapped_column(
        sa.String(36), sa.ForeignKey("stack.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    type: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    action: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    status: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    status_reason: Mapped[str | None] = mapped_column(types.LongText, nullable=True)
    physical_resource_id: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    properties_data: Mapped[Any] = mapped_column(types.SecretJson(always=False),
                                                 nullable=True)
    attr_data: Mapped[Any] = mapped_column(types.SecretJson(always=True), nullable=True)
    rsrc_metadata: Mapped[Any] = mapped_column(types.Json, nullable=True)
    data: Mapped[Any] = mapped_column(types.SecretJson(always=True), nullable=True)
    requires: Mapped[Any] = mapped_column(types.Json, nullable=True)
    created_at: Mapped[datetime] = mapped_column(types.DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(types.DateTime, nullable=True)
    # The raw template the row was last created or updated with (Heat's
    # column): its type resolves through that template's environment, and
    # the template is kept while a row refers to it.
    current_template_id: Mapped[int | None] = mapped_column(
        sa.Integer, sa.ForeignKey("raw_template.id"), nullable=True)


class Event(Base):
    """A recorded status transition; ``id`` orders events by insertion."""

    __tablename__ = "event"
    __table_args__ = (
        sa.UniqueConstraint("uuid"),
        sa.Index(None, "stack_id"),
        _TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(sa.String(36), nullable=False, default=new_uuid)
    stack_id: Mapped[str] = mapped_column(
        sa.String(36), sa.ForeignKey("stack.id", ondelete="CASCADE"), nullable=False)
    resource_name: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    physical_resource_id: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    resource_action: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    resource_status: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    resource_status_reason: Mapped[str | None] = mapped_column(types.LongText, nullable=True)
    resource_type: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    resource_properties: Mapped[Any] = mapped_column(types.SecretJson(always=True),
                                                     nullable=True)
    created_at: Mapped[datetime] = mapped_column(types.DateTime, nullable=False, default=utcnow)


class Service(Base):
    """An engine process's heartbeat record."""

    __tablename__ = "service"
    __table_args__ = (_TABLE_ARGS,)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_uuid)
    engine_id: Mapped[str] = mapped_column(sa.String(36), nullable=False)
    host: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    hostname: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    binary: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    topic: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    report_interval: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(types.DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(types.DateTime, nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(types.DateTime, nullable=True)


class StackLock(Base):
    """Which engine owns the stack's current operation (one row per stack)."""

    __tablename__ = "stack_lock"
    __table_args__ = (_TABLE_ARGS,)

    stack_id: Mapped[str] = mapped_column(
        sa.String(36), sa.ForeignKey("stack.id", ondelete="CASCADE"), primary_key=True)
    engine_id: Mapped[str] = mapped_column(sa.String(36), nullable=False)
    created_at: Mapped[datetime] = mapped_column(types.DateTime, nullable=False, default=utcnow)


class SoftwareConfig(Base):
    """A software config: immutable once created; ``config`` holds its body.

    ``config`` is Heat's JSON envelope ``{"config", "inputs", "outputs",
    "options"}`` so the documents are read back without reshaping.
    """

    __tablename__ = "software_config"
    __table_args__ = (sa.Index(None, "tenant"), _TABLE_ARGS)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_uuid)
    name: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    group: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    config: Mapped[Any] = mapped_column(types.Json, nullable=True)
    tenant: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(types.DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(types.DateTime, nullable=True)


class SoftwareDeployment(Base):
    """A config applied to one server; the config row may not go while used."""

    __tablename__ = "software_deployment"
    __table_args__ = (
        sa.Index(None, "created_at"),
        sa.Index(None, "server_id"),
        sa.Index(None, "tenant"),
        _TABLE_ARGS,
    )

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_uuid)
    config_id: Mapped[str] = mapped_column(
        sa.String(36), sa.ForeignKey("software_config.id"), nullable=False)
    server_id: Mapped[str] = mapped_column(sa.String(36), nullable=False)
    input_values: Mapped[Any] = mapped_column(types.SecretJson(always=False),
                                              nullable=True)
    output_values: Mapped[Any] = mapped_column(types.SecretJson(always=False),
                                               nullable=True)
    tenant: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    stack_user_project_id: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    action: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    status: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    status_reason: Mapped[str | None] = mapped_column(types.LongText, nullable=True)
    created_at: Mapped[datetime] = mapped_column(types.DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(types.DateTime, nullable=True)

    config: Mapped[SoftwareConfig] = relationship(lazy="joined", innerjoin=True)


class Snapshot(Base):
    """A stack snapshot: Heat's abandon document of the stack in ``data``.

    Rows go with their stack (the purge of a deleted stack cascades).
    """

    __tablename__ = "snapshot"
    __table_args__ = (sa.Index(None, "stack_id"), sa.Index(None, "tenant"), _TABLE_ARGS)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_uuid)
    stack_id: Mapped[str] = mapped_column(
        sa.String(36), sa.ForeignKey("stack.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    data: Mapped[Any] = mapped_column(types.SecretJson(always=True), nullable=True)
    tenant: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    action: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    status: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    status_reason: Mapped[str | None] = mapped_column(types.LongText, nullable=True)
    created_at: Mapped[datetime] = mapped_column(types.DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(types.DateTime, nullable=True)
