"""The heatlite.db.new_stacks query tests of tests/unit/db, on MariaDB and PostgreSQL."""

from tests.unit.db.test_new_stacks import *  # noqa: F401,F403 - same tests, server `db` fixture
