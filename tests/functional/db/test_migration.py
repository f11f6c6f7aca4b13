"""heatlite.db.migration on MariaDB and PostgreSQL: sync, version, no drift,
an upgrade of stored rows."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from heatlite.db import migration, models, session
from tests.functional import services
from tests.unit.db import fixtures
from tests.unit.db.test_migration import (
    upgrade_keeps_rows_and_gives_them_their_stack_s_template,
    upgrade_keeps_stacks_with_their_resources_and_no_prev_template)


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


UPGRADES = [upgrade_keeps_rows_and_gives_them_their_stack_s_template,
            upgrade_keeps_stacks_with_their_resources_and_no_prev_template]


@pytest.mark.parametrize("upgrade", UPGRADES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("backend", ["mysql", "postgresql"])
def test_upgrade_of_stored_rows(backend, upgrade):
    name = "heatlite_test_%s" % uuid.uuid4().hex[:12]
    url = services.create_database(backend, name)
    try:
        upgrade(fixtures.make_conf(connection=url))
    finally:
        services.drop_database(backend, name)
