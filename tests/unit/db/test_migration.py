"""heatlite.db.migration: db_sync, db_version, and models == migrations."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from heatlite.db import migration, models, session
from tests.unit.db import fixtures


@pytest.fixture
def conf(tmp_path):
    return fixtures.make_conf(state_path=str(tmp_path / "state"))


def test_version_of_an_empty_database_prints_like_heat(conf):
    assert migration.db_version(conf) == "None"


def test_sync_creates_every_table_and_is_repeatable(conf):
    migration.db_sync(conf)
    head = migration.head_revision()
    assert migration.db_version(conf) == head
    migration.db_sync(conf)
    assert migration.db_version(conf) == head
    engine = session.create_engine(conf)
    try:
        tables = set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert set(models.Base.metadata.tables) | {"alembic_version"} == tables


def test_sync_to_an_explicit_revision(conf):
    migration.db_sync(conf, version=migration.head_revision())
    assert migration.db_version(conf) == migration.head_revision()


def test_sqlalchemy_migrate_versions_are_refused(conf):
    with pytest.raises(ValueError, match="alembic"):
        migration.db_sync(conf, version="86")


def test_models_match_the_migrated_schema(conf):
    migration.db_sync(conf)
    engine = session.create_engine(conf)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={
                "compare_type": True, "compare_server_default": True})
            assert compare_metadata(context, models.Base.metadata) == []
    finally:
        engine.dispose()


def test_migrations_are_found_beside_the_package():
    assert migration.MIGRATIONS_DIR.endswith("heatlite/db/migrations")
    config = migration.alembic_config_for()
    assert config.get_main_option("script_location") == migration.MIGRATIONS_DIR
