"""The heatlite.db.stack_tree query tests of tests/unit/db, on MariaDB and PostgreSQL."""

from tests.unit.db.test_stack_tree import *  # noqa: F401,F403 - same tests, server `db` fixture
