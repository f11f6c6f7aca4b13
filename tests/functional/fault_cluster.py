"""A deployment to break on purpose: several engines, one API, one database.

``cluster(backend, engines, workdir)`` starts heatlite-api and ``engines``
heatlite-engine daemons (hosts ``engine-1`` ...) over a RabbitMQ vhost of
their own with a throwaway MariaDB or PostgreSQL database, or, for
``sqlite``, one heatlite-all; the fault plugin directory is on
``plugin_dirs`` in both. The Cluster finds which engine owns a stack (its
lock row), kills or stops it, and restarts heatlite-all. Everything is
removed at the end, whatever happened. Used by tests/functional/
test_takeover.py and tools/fault-matrix alike.
"""

from __future__ import annotations

import contextlib
import datetime
import pathlib
import signal
import time
import uuid
from collections.abc import Iterator
from typing import Any

import requests

from tests.functional import services
from tests.functional.deployment import Daemon, Deployment
from tests.functional.fault_db import Probe, utcnow

PLUGIN_DIR = pathlib.Path(__file__).parent / "plugins"
BACKENDS = ("mariadb", "postgresql", "sqlite")
_SQL_BACKEND = {"mariadb": "mysql", "postgresql": "postgresql"}
# How long the API and the owner's lock row may take to appear.
_START_WAIT = 60.0


class Cluster:
    """A running deployment, its database probe and the daemons to break."""

    def __init__(self, backend: str, engines: int, dep: Deployment, probe: Probe) -> None:
        self.backend = backend
        self.engine_count = engines
        self.dep = dep
        self.probe = probe
        self.dead: list[Daemon] = []

    # -- requests -----------------------------------------------------------

    def create(self, name: str, template: dict[str, Any]) -> str:
        resp = requests.post(self.dep.endpoint() + "/stacks", timeout=60,
                             json={"stack_name": name, "template": template})
        assert resp.status_code == 201, resp.text
        return resp.json()["stack"]["id"]

    def update(self, name: str, stack_id: str, template: dict[str, Any]) -> None:
        resp = requests.put("%s/stacks/%s/%s" % (self.dep.endpoint(), name, stack_id),
                            timeout=60, json={"template": template})
        assert resp.status_code == 202, resp.text

    def delete(self, name: str, stack_id: str) -> None:
        resp = requests.delete("%s/stacks/%s/%s" % (self.dep.endpoint(), name, stack_id),
                               timeout=60)
        assert resp.status_code == 204, resp.text

    # -- daemons --------------------------------------------------------------

    def engines(self) -> list[Daemon]:
        """The engine processes alive now (heatlite-all counts as one)."""
        return [d for d in self.dep.daemons if d.name != "heatlite-api"]

    def owner(self, stack_id: str) -> tuple[Daemon, str]:
        """The engine daemon holding ``stack_id``'s lock, and its engine id."""
        deadline = time.monotonic() + _START_WAIT
        while True:
            engine_id = self.probe.lock_holder(stack_id)
            host = engine_id and self.probe.host_of(engine_id)
            if host:
                break
            assert time.monotonic() < deadline, "no engine ever locked %s" % stack_id
            time.sleep(0.02)
        if not self.dep.split:
            return self.engines()[0], engine_id
        daemon = next(d for d in self.engines() if d.name == host)
        return daemon, engine_id

    def kill(self, daemon: Daemon) -> datetime.datetime:
        """kill -9; the time of the kill (naive UTC, as rows are stamped)."""
        at = utcnow()
        daemon.kill()
        self.dep.daemons.remove(daemon)
        self.dead.append(daemon)
        return at

    def terminate(self, daemon: Daemon) -> datetime.datetime:
        """SIGTERM (a graceful stop); the time it was sent."""
        at = utcnow()
        daemon.proc.send_signal(signal.SIGTERM)
        return at

    def reap(self, daemon: Daemon, timeout: float) -> int:
        """Wait for a daemon told to stop; its exit status."""
        code = daemon.stop(timeout)
        self.dep.daemons.remove(daemon)
        self.dead.append(daemon)
        return code

    def restart_all(self) -> Daemon:
        """Start heatlite-all again on the same state directory."""
        daemon = self.dep.start_daemon("heatlite-all")
        self.dep.wait_until_serving()
        return daemon

    def stop(self) -> dict[str, int]:
        """Stop the daemons still running (API first); their exit statuses."""
        return self.dep.stop()

    def logs(self) -> str:
        return "\n".join(d.log_text() for d in self.dead + self.dep.daemons)


def _deployment(backend: str, workdir: pathlib.Path,
                cleanup: contextlib.ExitStack, extra: dict[str, dict[str, str]]
                ) -> tuple[Deployment, str]:
    name = "heatlite_fault_%s" % uuid.uuid4().hex[:10]
    if backend == "sqlite":
        dep = Deployment("fault-sqlite", workdir, None, "fake://", False, extra=extra)
        return dep, "sqlite:///%s" % (workdir / "state" / "heatlite.sqlite")
    sql = _SQL_BACKEND[backend]
    url = services.create_database(sql, name)
    cleanup.callback(services.drop_database, sql, name)
    transport = services.create_vhost(name)
    cleanup.callback(services.delete_vhost, name)
    return Deployment("fault-" + backend, workdir, url, transport, True, extra=extra), url


@contextlib.contextmanager
def cluster(backend: str, engines: int, workdir: pathlib.Path,
            extra: dict[str, dict[str, str]] | None = None) -> Iterator[Cluster]:
    """A started deployment; daemons stopped and database and vhost removed
    on the way out. ``extra`` adds heat.conf options (group -> values)."""
    if backend not in BACKENDS:
        raise ValueError("backend is one of %s, not %r" % (BACKENDS, backend))
    conf: dict[str, dict[str, str]] = {"DEFAULT": {"plugin_dirs": str(PLUGIN_DIR)}}
    for group, values in (extra or {}).items():
        conf.setdefault(group, {}).update(values)
    with contextlib.ExitStack() as cleanup:
        dep, url = _deployment(backend, workdir, cleanup, conf)
        cleanup.callback(dep.stop)
        if dep.split:
            dep.run("heatlite-manage", "db_sync")
            for number in range(1, engines + 1):
                dep.start_engine("engine-%d" % number)
            dep.start_daemon("heatlite-api")
            dep.wait_until_serving()
        else:
            dep.start()
        probe = Probe(url)
        cleanup.callback(probe.close)
        yield Cluster(backend, engines, dep, probe)
