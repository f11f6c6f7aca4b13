"""Alembic environment for heatlite's schema, driven by heatlite.db.migration.

heatlite.db.migration passes an open connection in
``config.attributes["connection"]`` and runs the upgrade in its transaction;
offline mode (``--sql``) renders SQL for the URL in ``sqlalchemy.url``.
"""

from __future__ import annotations

from alembic import context

from heatlite.db import models

config = context.config
target_metadata = models.Base.metadata


def run_migrations_offline() -> None:
    """Render the migration as SQL text, without a database connection."""
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Apply the migration on the connection heatlite.db.migration opened."""
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("heatlite's migrations run through "
                           "heatlite.db.migration.db_sync(conf), which "
                           "provides the connection")
    # Batch mode lets later revisions alter SQLite tables (copy and move).
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
