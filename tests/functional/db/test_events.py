"""The heatlite.db.events query tests of tests/unit/db, on MariaDB and PostgreSQL."""

from tests.unit.db.test_events import *  # noqa: F401,F403 - same tests, server `db` fixture
