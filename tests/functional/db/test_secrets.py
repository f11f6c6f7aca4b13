"""The heatlite.db.secrets tests of tests/unit/db, on MariaDB and PostgreSQL."""

from tests.unit.db.test_secrets import *  # noqa: F401,F403 - same tests, server `db` fixture
