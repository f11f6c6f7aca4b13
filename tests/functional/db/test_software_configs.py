"""The heatlite.db.software_configs query tests of tests/unit/db, on MariaDB and PostgreSQL."""

from tests.unit.db.test_software_configs import *  # noqa: F401,F403 - same tests, server `db` fixture
