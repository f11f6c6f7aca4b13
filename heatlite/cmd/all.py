"""heatlite-all: API and engine in one process, the embedded default.

With the shipped heat.conf this is SQLite plus the in-process ``fake://``
transport, so nothing else needs to be installed or running. The database
is created or upgraded at start. The API runs in this one process (the
in-process transport cannot cross a fork), whatever ``[heat_api] workers``
says.
"""

from __future__ import annotations

from heatlite.cmd import green  # noqa: F401,I001  (must patch before other imports)

import sys
from collections.abc import Sequence

from oslo_log import log as logging

from heatlite.cmd import engine_server
from heatlite.cmd import setup
from heatlite.common import launcher
from heatlite.common import wsgi
from heatlite.common import wsgi_server
from heatlite.db import migration

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


def main(argv: Sequence[str] | None = None) -> None:
    conf = setup.parse_args(argv, "heatlite-all")
    enabled = conf.heat_all.enabled_services
    services: list[launcher.Service] = []
    if "engine" in enabled:
        migration.db_sync(conf)
        # The API in this process calls the engine directly; the RPC server
        # still listens for other clients of the same transport.
        services.append(engine_server.EngineServer(conf, serve_in_process=True))
    if "api" in enabled:
        wsgi.load_paste_app(conf)
        sock = wsgi_server.bind_socket(conf)
        services.append(wsgi_server.WSGIServer(
            conf, sock, lambda: wsgi.load_paste_app(conf), name="heatlite-all"))
    if conf.heat_api.workers > 1:
        LOG.warning("heatlite-all serves the API from one process; "
                    "[heat_api] workers = %d is ignored", conf.heat_api.workers)
    LOG.info("heatlite-all starting: %s", ", ".join(enabled))
    launcher.run_in_process(AllInOne(services))


if __name__ == "__main__":
    sys.exit(main())
