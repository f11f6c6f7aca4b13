"""heatlite-wsgi-api: the API as a WSGI application for uwsgi, gunicorn or mod_wsgi.

The command is an ordinary console script, so it exists in every install,
editable ones included (pbr's ``wsgi_scripts`` are written only when a
wheel is built). Its entry point is ``application`` itself, which the
generated script imports into its own namespace: a WSGI server given the
script file (``uwsgi --wsgi-file $(which heatlite-wsgi-api)``, mod_wsgi's
``WSGIScriptAlias``) finds ``application`` there, and one given a module
path uses ``heatlite.cmd.wsgi_api:application``.

Run as a command, it serves the API with the standard library's
single-threaded server, for a quick look only (``--host``, ``--port``,
``--config-file``).

HEATLITE_CONFIG_FILE names the heat.conf to use; otherwise the usual
places are searched. The paste app is built on the first request.
"""

from __future__ import annotations

from heatlite.cmd import quiet  # noqa: F401,I001  (before any library import)

import argparse
import os
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from wsgiref import simple_server

from heatlite.cmd import setup
from heatlite.common import policy
from heatlite.common import wsgi

CONFIG_ENV = "HEATLITE_CONFIG_FILE"


def init_application() -> Any:
    """The paste app, configured from HEATLITE_CONFIG_FILE or the usual places."""
    config_file = os.environ.get(CONFIG_ENV)
    argv = ["--config-file", config_file] if config_file else []
    conf = setup.parse_args(argv, "heatlite-wsgi-api")
    policy.defer_extension_checks()  # before the policy defaults are parsed
    return wsgi.load_paste_app(conf)


def _serve(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="heatlite-wsgi-api",
        description="Serve the API with wsgiref (one request at a time; for a "
                    "quick look: production servers load this script or "
                    "heatlite.cmd.wsgi_api:application).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--config-file", help="heat.conf to use (default: "
                        "$%s, then the usual places)" % CONFIG_ENV)
    args = parser.parse_args(argv)
    if args.config_file:
        os.environ[CONFIG_ENV] = args.config_file
    app = init_application()
    try:
        server = simple_server.make_server(args.host, args.port, app)
    except OSError as exc:
        print("heatlite-wsgi-api: cannot listen on %s:%d: %s"
              % (args.host, args.port, exc.strerror), file=sys.stderr)
        return 1
    print("heatlite-wsgi-api: serving on http://%s:%d/" % (args.host, server.server_port),
          flush=True)
    with server:
        server.serve_forever()
    return 0


class _Application:
    """The WSGI callable, and the console script's main when called bare."""

    def __init__(self) -> None:
        self._app: Any = None
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        # Built once, on first use: importing the script must not read
        # configuration (a server may import it before it forks workers).
        with self._lock:
            if self._app is None:
                self._app = init_application()
        return self._app

    def __call__(self, environ: dict[str, Any] | None = None,
                 start_response: Callable[..., Any] | None = None) -> Iterable[bytes] | int:
        if environ is None:
            return _serve(sys.argv[1:])
        return self._loaded()(environ, start_response)


application = _Application()
