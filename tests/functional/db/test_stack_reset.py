"""The heatlite.db.stack_reset query tests of tests/unit/db, on MariaDB and PostgreSQL."""

from tests.unit.db.test_stack_reset import *  # noqa: F401,F403 - same tests, server `db` fixture
