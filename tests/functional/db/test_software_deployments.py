"""The heatlite.db.software_deployments query tests of tests/unit/db, on MariaDB and PostgreSQL."""

from tests.unit.db.test_software_deployments import *  # noqa: F401,F403 - same tests, server `db` fixture
