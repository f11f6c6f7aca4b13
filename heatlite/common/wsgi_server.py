"""The eventlet WSGI server behind heatlite-api and heatlite-all.

The listening socket is bound once, before any fork, so every worker
process accepts on the same socket. Each worker serves requests on green
threads from one GreenPool. Stopping kills the accept loop only: eventlet's
server then closes idle keep-alive connections and waits for the requests
still in flight, so nothing a client sent is cut off.
"""

from __future__ import annotations

import errno
import logging
import socket
from collections.abc import Callable
from typing import Any

import eventlet
import eventlet.wsgi
from eventlet import greenthread
from oslo_config import cfg

LOG = logging.getLogger(__name__)

WSGIApp = Callable[..., Any]


class _WSGILog:
    """File-like object eventlet writes its access log lines to."""

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger

    def write(self, message: str) -> None:
        self._logger.info(message.rstrip())


class BindError(Exception):
    """The listening socket could not be had; the message says why, in one line."""


def bind_socket(conf: cfg.ConfigOpts, group: str = "heat_api") -> socket.socket:
    """Bind and listen on ``[group] bind_host:bind_port``.

    SO_REUSEPORT only when ``reuse_port`` asks for it (eventlet sets it by
    default): otherwise a second server would quietly share the port.
    """
    opts = conf[group]
    where = "%s:%s" % (opts.bind_host, opts.bind_port)
    try:
        info = socket.getaddrinfo(opts.bind_host, opts.bind_port,
                                  socket.AF_UNSPEC, socket.SOCK_STREAM)[0]
        sock = eventlet.listen(info[-1], family=info[0], backlog=opts.backlog,
                               reuse_port=opts.reuse_port)
    except OSError as exc:
        raise BindError(_bind_failure(where, exc)) from exc
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    # eventlet sends the status line and headers, then the body, in two
    # writes; with Nagle on, a keep-alive client's delayed ACK holds the
    # body back ~40 ms. Accepted sockets inherit this option on Linux.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if hasattr(socket, "TCP_KEEPIDLE"):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, opts.tcp_keepidle)
    LOG.info("Listening on %s:%s", *sock.getsockname()[:2])
    return sock


def _bind_failure(where: str, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return ("cannot listen on %s: the address is already in use (another "
                "server is listening there; [heat_api] reuse_port = True shares "
                "the port on purpose)" % where)
    return "cannot listen on %s: %s" % (where, exc.strerror or exc)


def listen_or_exit(conf: cfg.ConfigOpts, prog: str) -> socket.socket:
    """bind_socket, or leave the process with one line naming the problem."""
    try:
        return bind_socket(conf)
    except BindError as exc:
        raise SystemExit("%s: %s" % (prog, exc)) from None


class WSGIServer:
    """One worker's server: a green accept loop feeding a GreenPool."""

    def __init__(self, conf: cfg.ConfigOpts, sock: socket.socket,
                 app_factory: Callable[[], WSGIApp], group: str = "heat_api",
                 name: str = "heatlite-api") -> None:
        self._conf = conf
        self._sock = sock
        self._app_factory = app_factory
        self._opts = conf[group]
        self._name = name
        self._pool = eventlet.GreenPool(self._opts.pool_size)
        self._thread: greenthread.GreenThread | None = None

    def start(self) -> None:
        # The app is built here, after any fork, so each worker has its own
        # RPC connections.
        app = self._app_factory()
        eventlet.wsgi.MAX_HEADER_LINE = self._opts.max_header_line
        timeout = self._opts.client_socket_timeout or None
        # A line per request only when asked for (or debugging): eventlet's
        # own errors are logged either way.
        log_requests = self._opts.log_requests or bool(
            "debug" in self._conf and self._conf.debug)
        self._thread = eventlet.spawn(
            eventlet.wsgi.server, self._sock, app,
            custom_pool=self._pool,
            log=_WSGILog(logging.getLogger("eventlet.wsgi.server")),
            keepalive=self._opts.wsgi_keep_alive,
            socket_timeout=timeout,
            debug=False,  # tracebacks go through faultwrap, never raw
            log_output=log_requests,
            # Header names exactly as the app wrote them, as Heat sends them.
            capitalize_response_headers=False,
        )

    def stop(self) -> None:
        if self._thread is not None:
            LOG.info("%s: no longer accepting; finishing %d requests",
                     self._name, self._pool.running())
            self._thread.kill()

    def wait(self) -> None:
        if self._thread is None:
            return
        try:
            self._thread.wait()
        except greenthread.greenlet.GreenletExit:
            pass
        self._pool.waitall()
        LOG.info("%s stopped", self._name)
