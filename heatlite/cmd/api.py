"""heatlite-api: the Heat v1 REST API daemon (eventlet WSGI)."""

from __future__ import annotations

from heatlite.cmd import green  # noqa: F401,I001  (must patch before other imports)

import os
import sys
from collections.abc import Sequence

from oslo_log import log as logging

from heatlite.cmd import setup
from heatlite.common import launcher
from heatlite.common import messaging
from heatlite.common import policy
from heatlite.common import wsgi
from heatlite.common import wsgi_server

LOG = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> None:
    conf = setup.parse_args(argv, "heatlite-api")
    policy.defer_extension_checks()  # before the policy defaults are parsed
    wsgi.load_paste_app(conf)  # fail fast, before binding, on a bad pipeline
    sock = wsgi_server.listen_or_exit(conf, "heatlite-api")

    def make_server() -> wsgi_server.WSGIServer:
        return wsgi_server.WSGIServer(conf, sock, lambda: wsgi.load_paste_app(conf))

    workers = conf.heat_api.workers or os.cpu_count() or 1
    # With "Listening on", all a clean start says at INFO.
    LOG.info("%d worker(s); engine reached over transport %s", workers,
             messaging.display_url(conf.transport_url))
    if workers > 1:
        launcher.run_workers(make_server, workers, conf.graceful_shutdown_timeout)
    else:
        launcher.run_in_process(make_server(), conf.graceful_shutdown_timeout)


if __name__ == "__main__":
    sys.exit(main())
