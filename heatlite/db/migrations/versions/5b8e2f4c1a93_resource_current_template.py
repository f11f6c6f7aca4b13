"""Each resource row records the raw template it was last written with.

Revision ID: 5b8e2f4c1a93
Revises: 3c1e5a7b9d20
Create Date: 2026-12-07

Adds resource.current_template_id (nullable, a foreign key to
raw_template.id, indexed: every clean-up of templates asks whether a row
still refers to one). Rows that exist already were written with their
stack's template as far as anyone can tell, so they are given that one.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5b8e2f4c1a93"
down_revision: str | None = "3c1e5a7b9d20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode: SQLite cannot add a foreign key to a table in place.
    with op.batch_alter_table("resource") as batch:
        batch.add_column(sa.Column("current_template_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_resource_current_template_id_raw_template",
                                 "raw_template", ["current_template_id"], ["id"])
        batch.create_index("ix_resource_current_template_id", ["current_template_id"])
    resource = sa.table("resource", sa.column("stack_id", sa.String(36)),
                        sa.column("current_template_id", sa.Integer()))
    stack = sa.table("stack", sa.column("id", sa.String(36)),
                     sa.column("raw_template_id", sa.Integer()))
    op.execute(resource.update().values(current_template_id=(
        sa.select(stack.c.raw_template_id).where(stack.c.id == resource.c.stack_id)
        .scalar_subquery())))


def downgrade() -> None:
    with op.batch_alter_table("resource") as batch:
        batch.drop_index("ix_resource_current_template_id")
        batch.drop_constraint("fk_resource_current_template_id_raw_template",
                              type_="foreignkey")
        batch.drop_column("current_template_id")
