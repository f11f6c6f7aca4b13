"""The ``db`` fixture for unit tests: a migrated SQLite file in a temp dir.

tests/functional/db/conftest.py defines a ``db`` fixture of the same name
over MariaDB and PostgreSQL, so the query tests run unchanged there.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from oslo_config import cfg

from tests.unit.db import fixtures


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return fixtures.migrated_sqlite_url(tmp_path_factory.mktemp("heatlite-db"))


@pytest.fixture
def db(sqlite_url: str) -> Iterator[cfg.ConfigOpts]:
    with fixtures.configured(sqlite_url) as conf:
        yield conf
