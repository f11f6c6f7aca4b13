"""The heatlite.db.raw_templates query tests of tests/unit/db, on MariaDB and PostgreSQL."""

from tests.unit.db.test_raw_templates import *  # noqa: F401,F403 - same tests, server `db` fixture
