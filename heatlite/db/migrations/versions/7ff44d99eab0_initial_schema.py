"""Initial schema: every heatlite table.

Revision ID: 7ff44d99eab0
Revises:
Create Date: 2026-11-30

The types are spelled out here rather than imported from heatlite.db, so
this revision keeps creating the same schema whatever the models become.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "7ff44d99eab0"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = ("mysql", "mariadb")
_TABLE = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}


def _text() -> sa.types.TypeEngine:
    return sa.Text().with_variant(mysql.LONGTEXT(), *_MYSQL)


def _datetime() -> sa.types.TypeEngine:
    return sa.DateTime().with_variant(mysql.DATETIME(fsp=6), *_MYSQL)


def _uuid(name: str, **kwargs: object) -> sa.Column:
    return sa.Column(name, sa.String(36), **kwargs)


def _status_columns(prefix: str = "") -> list[sa.Column]:
    return [sa.Column(prefix + "action", sa.String(255), nullable=True),
            sa.Column(prefix + "status", sa.String(255), nullable=True),
            sa.Column(prefix + "status_reason", _text(), nullable=True)]


def upgrade() -> None:
    op.create_table(
        "raw_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template", _text(), nullable=True),
        sa.Column("files", _text(), nullable=True),
        sa.Column("environment", _text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_raw_template"),
        **_TABLE)

    op.create_table(
        "stack",
        _uuid("id", nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("raw_template_id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(256), nullable=False),
        sa.Column("username", sa.String(256), nullable=True),
        sa.Column("user_id", sa.String(64), nullable=True),
        *_status_columns(),
        sa.Column("timeout", sa.Integer(), nullable=True),
        sa.Column("disable_rollback", sa.Boolean(), nullable=False),
        _uuid("owner_id", nullable=True),
        sa.Column("nested_depth", sa.Integer(), nullable=False),
        sa.Column("parent_resource_name", sa.String(255), nullable=True),
        sa.Column("stack_user_project_id", sa.String(64), nullable=True),
        sa.Column("outputs", _text(), nullable=True),
        sa.Column("created_at", _datetime(), nullable=False),
        sa.Column("updated_at", _datetime(), nullable=True),
        sa.Column("deleted_at", _datetime(), nullable=True),
        sa.Column("deleted_marker", sa.String(36), nullable=False,
                  server_default=sa.text("''")),
        sa.PrimaryKeyConstraint("id", name="pk_stack"),
        sa.ForeignKeyConstraint(["raw_template_id"], ["raw_template.id"],
                                name="fk_stack_raw_template_id_raw_template"),
        sa.UniqueConstraint("tenant", "name", "deleted_marker",
                            name="uq_stack_tenant_name_deleted_marker"),
        **_TABLE)
    op.create_index("ix_stack_tenant_deleted_at", "stack", ["tenant", "deleted_at"])
    op.create_index("ix_stack_owner_id", "stack", ["owner_id"])

    op.create_table(
        "stack_tag",
        sa.Column("id", sa.Integer(), nullable=False),
        _uuid("stack_id", nullable=False),
        sa.Column("tag", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stack_tag"),
        sa.ForeignKeyConstraint(["stack_id"], ["stack.id"], ondelete="CASCADE",
                                name="fk_stack_tag_stack_id_stack"),
        **_TABLE)
    op.create_index("ix_stack_tag_stack_id", "stack_tag", ["stack_id"])

    op.create_table(
        "resource",
        sa.Column("id", sa.Integer(), nullable=False),
        _uuid("uuid", nullable=False),
        _uuid("stack_id", nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("type", sa.String(255), nullable=True),
        *_status_columns(),
        sa.Column("physical_resource_id", sa.String(255), nullable=True),
        sa.Column("properties_data", _text(), nullable=True),
        sa.Column("attr_data", _text(), nullable=True),
        sa.Column("rsrc_metadata", _text(), nullable=True),
        sa.Column("data", _text(), nullable=True),
        sa.Column("requires", _text(), nullable=True),
        sa.Column("created_at", _datetime(), nullable=False),
        sa.Column("updated_at", _datetime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_resource"),
        sa.ForeignKeyConstraint(["stack_id"], ["stack.id"], ondelete="CASCADE",
                                name="fk_resource_stack_id_stack"),
        sa.UniqueConstraint("uuid", name="uq_resource_uuid"),
        **_TABLE)
    op.create_index("ix_resource_stack_id", "resource", ["stack_id"])

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        _uuid("uuid", nullable=False),
        _uuid("stack_id", nullable=False),
        sa.Column("resource_name", sa.String(255), nullable=True),
        sa.Column("physical_resource_id", sa.String(255), nullable=True),
        *_status_columns("resource_"),
        sa.Column("resource_type", sa.String(255), nullable=True),
        sa.Column("resource_properties", _text(), nullable=True),
        sa.Column("created_at", _datetime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_event"),
        sa.ForeignKeyConstraint(["stack_id"], ["stack.id"], ondelete="CASCADE",
                                name="fk_event_stack_id_stack"),
        sa.UniqueConstraint("uuid", name="uq_event_uuid"),
        **_TABLE)
    op.create_index("ix_event_stack_id", "event", ["stack_id"])

    op.create_table(
        "service",
        _uuid("id", nullable=False),
        _uuid("engine_id", nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("hostname", sa.String(255), nullable=False),
        sa.Column("binary", sa.String(255), nullable=False),
        sa.Column("topic", sa.String(255), nullable=False),
        sa.Column("report_interval", sa.Integer(), nullable=False),
        sa.Column("created_at", _datetime(), nullable=False),
        sa.Column("updated_at", _datetime(), nullable=True),
        sa.Column("deleted_at", _datetime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_service"),
        **_TABLE)

    op.create_table(
        "stack_lock",
        _uuid("stack_id", nullable=False),
        _uuid("engine_id", nullable=False),
        sa.Column("created_at", _datetime(), nullable=False),
        sa.PrimaryKeyConstraint("stack_id", name="pk_stack_lock"),
        sa.ForeignKeyConstraint(["stack_id"], ["stack.id"], ondelete="CASCADE",
                                name="fk_stack_lock_stack_id_stack"),
        **_TABLE)
