"""Create or upgrade the schema (``heatlite-manage db_sync``) and report it.

Alembic is driven from here with a Config built in code, so no alembic.ini
is needed anywhere: the migration scripts are found beside this module,
inside the installed package. Only upgrades exist; like Heat, heatlite
does not ship downgrades.
"""

from __future__ import annotations

import os

from alembic import command as alembic_command
from alembic import config as alembic_config
from alembic import migration as alembic_migration
from alembic import script as alembic_script
from oslo_config import cfg
from oslo_log import log as logging

from heatlite.db import session

LOG = logging.getLogger(__name__)

MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")

NO_VERSION = "None"
"""What db_version reports for a database without heatlite's schema.

``heat-manage db_version`` prints Python's None in that case; the string
keeps the return type a str while printing the same.
"""


def alembic_config_for(url: str | None = None) -> alembic_config.Config:
    """An alembic Config pointing at heatlite's migration scripts."""
    config = alembic_config.Config()
    config.set_main_option("script_location", MIGRATIONS_DIR)
    if url:
        # ConfigParser interpolates '%', which URL-quoted passwords contain.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str:
    """The newest revision id this code knows."""
    heads = alembic_script.ScriptDirectory.from_config(alembic_config_for()).get_heads()
    if len(heads) != 1:
        raise RuntimeError("heatlite migrations must have one head, found %s" % heads)
    return heads[0]


def db_sync(conf: cfg.ConfigOpts, version: str | None = None) -> None:
    """Upgrade the database to ``version`` (default: the newest revision).

    Safe on an empty database and on one that is already up to date.
    """
    if version is not None and version.isdigit():
        raise ValueError("%s looks like an sqlalchemy-migrate version; heatlite "
                         "revisions are alembic ids such as %s"
                         % (version, head_revision()))
    engine = session.create_engine(conf)
    try:
        config = alembic_config_for(engine.url.render_as_string(hide_password=False))
        # A writer transaction: on SQLite, concurrent db_sync runs queue.
        with engine.execution_options(**session.WRITER_EXECUTION_OPTIONS).begin() as conn:
            config.attributes["connection"] = conn
            LOG.debug("Upgrading the database to %s", version or "head")
            alembic_command.upgrade(config, version or "head")
    finally:
        engine.dispose()


def db_version(conf: cfg.ConfigOpts) -> str:
    """The database's current revision id, or ``NO_VERSION`` when unversioned."""
    engine = session.create_engine(conf)
    try:
        with engine.connect() as conn:
            current = alembic_migration.MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
    return current if current is not None else NO_VERSION
