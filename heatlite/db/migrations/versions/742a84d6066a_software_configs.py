"""Software configs and deployments: the software_config and
software_deployment tables.

Revision ID: 742a84d6066a
Revises: 7ff44d99eab0
Create Date: 2026-12-01

Types are spelled out here (not imported from heatlite.db) so this
revision keeps creating the same schema whatever the models become.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "742a84d6066a"
down_revision: str | None = "7ff44d99eab0"
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
        "software_config",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(255), nullable=True),
        sa.Column("group", sa.String(255), nullable=True),
        sa.Column("config", _text(), nullable=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("created_at", _datetime(), nullable=False),
        sa.Column("updated_at", _datetime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_software_config"),
        **_TABLE)
    op.create_index("ix_software_config_tenant", "software_config", ["tenant"])

    op.create_table(
        "software_deployment",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("config_id", sa.String(36), nullable=False),
        sa.Column("server_id", sa.String(36), nullable=False),
        sa.Column("input_values", _text(), nullable=True),
        sa.Column("output_values", _text(), nullable=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("stack_user_project_id", sa.String(64), nullable=True),
        sa.Column("action", sa.String(255), nullable=True),
        sa.Column("status", sa.String(255), nullable=True),
        sa.Column("status_reason", _text(), nullable=True),
        sa.Column("created_at", _datetime(), nullable=False),
        sa.Column("updated_at", _datetime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_software_deployment"),
        sa.ForeignKeyConstraint(["config_id"], ["software_config.id"],
                                name="fk_software_deployment_config_id_software_config"),
        **_TABLE)
    op.create_index("ix_software_deployment_created_at", "software_deployment",
                    ["created_at"])
    op.create_index("ix_software_deployment_server_id", "software_deployment",
                    ["server_id"])
    op.create_index("ix_software_deployment_tenant", "software_deployment", ["tenant"])


def downgrade() -> None:
    op.drop_table("software_deployment")
    op.drop_table("software_config")
