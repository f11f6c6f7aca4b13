"""The heatlite.db.services query tests of tests/unit/db, on MariaDB and PostgreSQL."""

from tests.unit.db.test_services import *  # noqa: F401,F403 - same tests, server `db` fixture
