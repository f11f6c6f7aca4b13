"""Each stack names the template an update or rollback of it is leaving.

Revision ID: 9a4d6c2e8f17
Revises: 5b8e2f4c1a93
Create Date: 2026-12-14

Adds stack.prev_raw_template_id (Heat's column: nullable, a foreign key to
raw_template.id, indexed, as every clean-up of templates asks whether a
stack still refers to one). It is set while an update or its rollback
runs, so an engine that takes a dead engine's stack over knows both ends
of the operation. Existing stacks run no operation of a live engine
through a migration, so it starts empty.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9a4d6c2e8f17"
down_revision: str | None = "5b8e2f4c1a93"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_FK = "fk_stack_prev_raw_template_id_raw_template"


def upgrade() -> None:
    # Not batch mode: on SQLite it copies the stack table and drops the old
    # one, and the drop cascades to every resource and event of the stack.
    # SQLite adds a column with its (named) foreign key in place instead.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE stack ADD COLUMN prev_raw_template_id INTEGER "
                   "CONSTRAINT %s REFERENCES raw_template (id)" % _FK)
    else:
        op.add_column("stack", sa.Column("prev_raw_template_id", sa.Integer(),
                                         nullable=True))
        op.create_foreign_key(_FK, "stack", "raw_template", ["prev_raw_template_id"], ["id"])
    op.create_index("ix_stack_prev_raw_template_id", "stack", ["prev_raw_template_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops no column with a foreign key, and the copy batch mode
        # makes would cascade-delete every stack's resources (see upgrade).
        raise NotImplementedError("stack.prev_raw_template_id cannot be removed on SQLite")
    op.drop_index("ix_stack_prev_raw_template_id", "stack")
    op.drop_constraint(_FK, "stack", type_="foreignkey")
    op.drop_column("stack", "prev_raw_template_id")
