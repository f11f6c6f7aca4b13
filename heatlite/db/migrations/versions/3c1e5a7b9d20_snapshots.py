"""Stack snapshots: the snapshot table.

Revision ID: 3c1e5a7b9d20
Revises: 742a84d6066a
Create Date: 2026-12-02

Types are spelled out here (not imported from heatlite.db) so this
revision keeps creating the same schema whatever the models become.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "3c1e5a7b9d20"
down_revision: str | None = "742a84d6066a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = ("mysql", "mariadb")
_TABLE = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}


def _text() -> sa.types.TypeEngine:
    return sa.Text().with_variant(mysql.LONGTEXT(), *_MYSQL)


def _datetime() -> sa.types.TypeEngine:
    return sa.DateTime().with_variant(mysql.DATETIME(fsp=6), *_MYSQL)


def upgrade() -> None:
    op.create_table(
        "snapshot",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("stack_id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(255), nullable=True),
        sa.Column("data", _text(), nullable=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("action", sa.String(255), nullable=True),
        sa.Column("status", sa.String(255), nullable=True),
        sa.Column("status_reason", _text(), nullable=True),
        sa.Column("created_at", _datetime(), nullable=False),
        sa.Column("updated_at", _datetime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_snapshot"),
        sa.ForeignKeyConstraint(["stack_id"], ["stack.id"], ondelete="CASCADE",
                                name="fk_snapshot_stack_id_stack"),
        **_TABLE)
    op.create_index("ix_snapshot_stack_id", "snapshot", ["stack_id"])
    op.create_index("ix_snapshot_tenant", "snapshot", ["tenant"])


def downgrade() -> None:
    op.drop_table("snapshot")
