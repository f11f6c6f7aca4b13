"""The ``db`` fixture for functional db tests: MariaDB and PostgreSQL.

Each backend gets a throwaway database (heatlite_test_<random>) migrated
once per session and dropped at the end; every test starts from empty
tables. A server that is down is started; one that cannot be reached makes
the tests fail, never skip.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from oslo_config import cfg

from heatlite.db import migration, session
from tests.functional import services
from tests.unit.db import fixtures

BACKENDS = ("mysql", "postgresql")


@pytest.fixture(scope="session", params=BACKENDS)
def server_url(request: pytest.FixtureRequest) -> Iterator[str]:
    backend = request.param
    name = "heatlite_test_%s" % uuid.uuid4().hex[:12]
    url = services.create_database(backend, name)
    try:
        migration.db_sync(fixtures.make_conf(connection=url))
        yield url
    finally:
        session.dispose()
        services.drop_database(backend, name)


@pytest.fixture
def db(server_url: str) -> Iterator[cfg.ConfigOpts]:
    conf = fixtures.make_conf(connection=server_url)
    session.configure(conf)
    try:
        yield conf
    finally:
        fixtures.wipe()
        session.dispose()
