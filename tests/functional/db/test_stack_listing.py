"""The heatlite.db.stack_listing query tests of tests/unit/db, on MariaDB and PostgreSQL."""

from tests.unit.db.test_stack_listing import *  # noqa: F401,F403 - same tests, server `db` fixture
