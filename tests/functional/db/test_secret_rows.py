"""The heatlite.db.secret_rows tests of tests/unit/db, on MariaDB and PostgreSQL."""

from tests.unit.db.test_secret_rows import *  # noqa: F401,F403 - same tests, server `db` fixture
