"""heatlite.common.wsgi_server: the listening socket's options."""

from __future__ import annotations

import socket

from heatlite.common import config
from heatlite.common import wsgi_server
from tests.unit.db import fixtures


def test_bind_socket_turns_off_nagle(monkeypatch) -> None:
    conf = fixtures.make_conf()
    config.register_opts(conf)
    made = []

    def listen(addr, family, backlog):  # stands in for eventlet.listen: no bind
        sock = socket.socket(family, socket.SOCK_STREAM)
        made.append((addr, backlog, sock))
        return sock

    monkeypatch.setattr(wsgi_server.eventlet, "listen", listen)
    monkeypatch.setattr(socket.socket, "getsockname", lambda self: ("127.0.0.1", 8004))
    sock = wsgi_server.bind_socket(conf)
    try:
        assert made and made[0][2] is sock
        # Without TCP_NODELAY a keep-alive client waits ~40 ms for each body.
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) != 0
    finally:
        sock.close()
