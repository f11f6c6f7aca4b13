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


BEFORE_ROW_TEMPLATES = "3c1e5a7b9d20"
BEFORE_PREV_TEMPLATE = "5b8e2f4c1a93"


def _upgrade_one_stack(conf, version: str, query: str,
                       row_template: bool = False) -> tuple[list, int]:
    """Store stack "s" (with its raw template) and resource "r" at
    ``version``, upgrade to head: (``query``'s rows, the template's id).
    ``row_template`` gives the resource row the stack's template."""
    migration.db_sync(conf, version=version)
    engine = session.create_engine(conf)
    meta = sa.MetaData()
    try:
        with engine.begin() as conn:
            raw, stack, resource = (sa.Table(name, meta, autoload_with=conn)
                                    for name in ("raw_template", "stack", "resource"))
            template_id = conn.execute(raw.insert().values(template="{}")) \
                .inserted_primary_key[0]
            conn.execute(stack.insert().values(
                id="s", name="s", raw_template_id=template_id, tenant="t",
                disable_rollback=True, nested_depth=0, created_at=fixtures.T0))
            values = {"current_template_id": template_id} if row_template else {}
            conn.execute(resource.insert().values(uuid="u", stack_id="s", name="r",
                                                  created_at=fixtures.T0, **values))
        migration.db_sync(conf)
        with engine.connect() as conn:
            found = conn.execute(sa.text(query)).all()
    finally:
        engine.dispose()
    return [tuple(row) for row in found], template_id


def upgrade_keeps_rows_and_gives_them_their_stack_s_template(conf) -> None:
    """Rows stored before resource.current_template_id get their stack's
    template on upgrade (shared with the MariaDB/PostgreSQL test)."""
    found, template_id = _upgrade_one_stack(
        conf, BEFORE_ROW_TEMPLATES, "SELECT name, current_template_id FROM resource")
    assert found == [("r", template_id)]


def test_upgrade_gives_existing_rows_their_stack_s_template(conf):
    upgrade_keeps_rows_and_gives_them_their_stack_s_template(conf)


def upgrade_keeps_stacks_with_their_resources_and_no_prev_template(conf) -> None:
    """Adding stack.prev_raw_template_id keeps every stack's resources (a
    copy of the stack table would cascade-delete them on SQLite) and leaves
    the column empty (shared with the MariaDB/PostgreSQL test)."""
    found, template_id = _upgrade_one_stack(
        conf, BEFORE_PREV_TEMPLATE,
        "SELECT s.id, s.prev_raw_template_id, r.name, r.current_template_id "
        "FROM stack s JOIN resource r ON r.stack_id = s.id", row_template=True)
    assert found == [("s", None, "r", template_id)]


def test_upgrade_keeps_stacks_with_their_resources(conf):
    upgrade_keeps_stacks_with_their_resources_and_no_prev_template(conf)
