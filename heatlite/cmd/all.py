"""heatlite-all: API and engine in one process, the embedded default.

With the shipped heat.conf this is SQLite plus the in-process ``fake://``
transport, so nothing else needs to be installed or running. The database
is created or upgraded at start. The API runs in this one process (the
in-process transport cannot cross a fork), whatever ``[heat_api] workers``
says.

The schema upgrade runs in a forked child: alembic (with mako) is ~10 MiB
the service never needs once the database is current, and memory given to
Python modules is not handed back when they are dropped.
"""

from __future__ import annotations

from heatlite.cmd import green  # noqa: I001  (must patch before other imports)

import os
import sys
from collections.abc import Sequence

from oslo_config import cfg
from oslo_log import log as logging

from heatlite.cmd import engine_server
from heatlite.cmd import setup
from heatlite.common import launcher
from heatlite.common import policy
from heatlite.common import wsgi
from heatlite.common import wsgi_server

LOG = logging.getLogger(__name__)


class AllInOne:
    """The enabled services of ``[heat_all] enabled_services``, started in order."""

    def __init__(self, services: list[launcher.Service]) -> None:
        self._services = services

    def start(self) -> None:
        for service in self._services:
            service.start()

    def stop(self) -> None:
        # API first: stop taking requests before the engine goes away.
        for service in reversed(self._services):
            service.stop()

    def wait(self) -> None:
        for service in self._services:
            service.wait()


def _db_sync_in_child(conf: cfg.ConfigOpts) -> None:
    """Create or upgrade the database from a forked child process.

    The migration module (and with it alembic) is imported in the child
    only: the import is deferred here for memory, not to dodge a cycle.
    """
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            from heatlite.db import migration  # noqa: PLC0415  (deferred for memory)
            from heatlite.db import reachability  # noqa: PLC0415

            try:
                reachability.check(conf)
            except reachability.Unreachable as exc:
                LOG.error("%s", exc)  # a configuration to fix: no traceback
                os._exit(code)
            migration.db_sync(conf)
            code = 0
        except BaseException:
            LOG.exception("Database upgrade failed")
        finally:
            os._exit(code)
    _, wait_status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(wait_status) != 0:
        raise SystemExit("heatlite-all: the database upgrade failed (see the log)")


def main(argv: Sequence[str] | None = None) -> None:
    conf = setup.parse_args(argv, "heatlite-all")
    enabled = conf.heat_all.enabled_services
    services: list[launcher.Service] = []
    sock = None
    if "api" in enabled:
        policy.defer_extension_checks()  # before the policy defaults are parsed
        wsgi.load_paste_app(conf)
        # Before the schema upgrade: a port in use fails the start at once.
        sock = wsgi_server.listen_or_exit(conf, "heatlite-all")
    if "engine" in enabled:
        green.patch_db_driver(conf.database.connection)
        _db_sync_in_child(conf)
        # The API in this process calls the engine directly; the RPC server
        # still listens for other clients of the same transport.
        services.append(engine_server.EngineServer(conf, serve_in_process=True))
    if sock is not None:
        services.append(wsgi_server.WSGIServer(
            conf, sock, lambda: wsgi.load_paste_app(conf), name="heatlite-all"))
    if conf.heat_api.workers > 1:
        LOG.warning("heatlite-all serves the API from one process; "
                    "[heat_api] workers = %d is ignored", conf.heat_api.workers)
    LOG.debug("heatlite-all starting: %s", ", ".join(enabled))
    launcher.run_in_process(AllInOne(services), conf.graceful_shutdown_timeout)


if __name__ == "__main__":
    sys.exit(main())
