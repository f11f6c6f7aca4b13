"""The heatlite.db.purge query tests of tests/unit/db, on MariaDB and PostgreSQL."""

from tests.unit.db.test_purge import *  # noqa: F401,F403 - same tests, server `db` fixture
