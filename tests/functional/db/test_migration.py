"""heatlite.db.migration on MariaDB and PostgreSQL: sync, version, no drift."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from heatlite.db import migration, models, session
from tests.unit.db import fixtures


def test_synced_database_is_at_head_and_resync_is_a_no_op(server_url):
    conf = fixtures.make_conf(connection=server_url)
    assert migration.db_version(conf) == migration.head_revision()
    migration.db_sync(conf)
    assert migration.db_version(conf) == migration.head_revision()


def test_models_match_the_migrated_schema(server_url):
    engine = session.create_engine(fixtures.make_conf(connection=server_url))
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, models.Base.metadata) == []
    finally:
        engine.dispose()
