"""Functional fixtures: one real deployment per way of running heatlite.

``deployment`` is parametrised over
- ``all-sqlite``: heatlite-all on SQLite with the in-process transport;
- ``daemons-mariadb``: heatlite-api (2 workers) + heatlite-engine over
  RabbitMQ, MariaDB;
- ``daemons-postgresql``: the same with PostgreSQL.
Each is started once per test session and stopped (and checked for a clean
exit) at the end. Services that are down are started; one that cannot be
reached fails the tests loudly.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.functional import deployment as deploy
from tests.functional import services

KINDS = ("all-sqlite", "daemons-mariadb", "daemons-postgresql")


def _database(kind: str, request: pytest.FixtureRequest) -> str | None:
    if kind == "all-sqlite":
        return None
    backend = "mysql" if kind.endswith("mariadb") else "postgresql"
    name = "heatlite_fn_%s" % uuid.uuid4().hex[:10]
    url = services.create_database(backend, name)
    request.addfinalizer(lambda: services.drop_database(backend, name))
    return url


def _build(kind: str, tmp_path_factory: pytest.TempPathFactory,
           request: pytest.FixtureRequest, **kwargs: object) -> deploy.Deployment:
    split = kind != "all-sqlite"
    transport = "fake://"
    if split:
        vhost = "heatlite_fn_%s" % uuid.uuid4().hex[:10]
        transport = services.create_vhost(vhost)
        request.addfinalizer(lambda: services.delete_vhost(vhost))
    workdir = tmp_path_factory.mktemp(kind)
    return deploy.Deployment(kind, workdir, _database(kind, request), transport, split,
                             **kwargs)


@pytest.fixture(scope="session", params=KINDS)
def deployment(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[deploy.Deployment]:
    dep = _build(request.param, tmp_path_factory, request)
    dep.start()
    yield dep
    codes = dep.stop()
    assert all(code == 0 for code in codes.values()), (codes, dep.logs()[-6000:])


@pytest.fixture
def stack_name() -> str:
    return "fn-%s" % uuid.uuid4().hex[:10]


@pytest.fixture(scope="session")
def build_deployment(tmp_path_factory: pytest.TempPathFactory,
                     request: pytest.FixtureRequest):
    """Factory for extra, test-specific deployments (stopped at the end)."""
    made: list[deploy.Deployment] = []

    def make(kind: str, **kwargs: object) -> deploy.Deployment:
        dep = _build(kind, tmp_path_factory, request, **kwargs)
        made.append(dep)
        return dep

    yield make
    for dep in made:
        dep.stop()
