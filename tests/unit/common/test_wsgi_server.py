"""heatlite.common.wsgi_server: the listening socket's options."""

from __future__ import annotations

import socket

import eventlet
import pytest

from heatlite.common import config
from heatlite.common import wsgi_server
from tests.unit.db import fixtures


def test_bind_socket_turns_off_nagle(monkeypatch) -> None:
    conf = fixtures.make_conf()
    config.register_opts(conf)
    made = []

    def listen(addr, family, backlog, reuse_port):  # stands in for eventlet.listen
        sock = socket.socket(family, socket.SOCK_STREAM)
        made.append((addr, backlog, sock, reuse_port))
        return sock

    monkeypatch.setattr(wsgi_server.eventlet, "listen", listen)
    monkeypatch.setattr(socket.socket, "getsockname", lambda self: ("127.0.0.1", 8004))
    sock = wsgi_server.bind_socket(conf)
    try:
        assert made and made[0][2] is sock
        assert made[0][3] is False  # no silent port sharing unless asked for
        # Without TCP_NODELAY a keep-alive client waits ~40 ms for each body.
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) != 0
    finally:
        sock.close()


def _hello(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"hi"]


def _serve_one_request(conf) -> bytes:
    conf.set_override("bind_port", 0, group="heat_api")
    conf.set_override("bind_host", "127.0.0.1", group="heat_api")
    sock = wsgi_server.bind_socket(conf)
    server = wsgi_server.WSGIServer(conf, sock, lambda: _hello, name="test")
    server.start()
    try:
        client = eventlet.connect(sock.getsockname()[:2])
        client.sendall(b"GET /ping HTTP/1.0\r\nHost: x\r\n\r\n")
        answer = b""
        while chunk := client.recv(4096):
            answer += chunk
        client.close()
        eventlet.sleep(0)
        return answer
    finally:
        server.stop()
        sock.close()


def _request_lines(caplog):
    return [r.getMessage() for r in caplog.records
            if r.name == "eventlet.wsgi.server" and "GET /ping" in r.getMessage()]


def test_request_lines_only_when_asked_for(caplog) -> None:
    caplog.set_level("DEBUG")
    conf = fixtures.make_conf()
    config.register_opts(conf)
    assert _serve_one_request(conf).endswith(b"hi")
    assert _request_lines(caplog) == []
    conf.set_override("log_requests", True, group="heat_api")
    assert _serve_one_request(conf).endswith(b"hi")
    (line,) = _request_lines(caplog)
    assert '"GET /ping HTTP/1.0" 200 ' in line


def _conf_on(port: int, reuse_port: bool = False):
    conf = fixtures.make_conf()
    config.register_opts(conf)
    conf.set_override("bind_host", "127.0.0.1", group="heat_api")
    conf.set_override("bind_port", port, group="heat_api")
    conf.set_override("reuse_port", reuse_port, group="heat_api")
    return conf


def test_a_port_in_use_is_refused_with_one_line() -> None:
    first = wsgi_server.bind_socket(_conf_on(0))
    port = first.getsockname()[1]
    try:
        with pytest.raises(SystemExit) as caught:
            wsgi_server.listen_or_exit(_conf_on(port), "heatlite-api")
        message = str(caught.value.code)
        assert message == ("heatlite-api: cannot listen on 127.0.0.1:%d: the address is "
                           "already in use (another server is listening there; "
                           "[heat_api] reuse_port = True shares the port on purpose)" % port)
    finally:
        first.close()


def test_reuse_port_shares_the_port_when_both_ask_for_it() -> None:
    first = wsgi_server.bind_socket(_conf_on(0, reuse_port=True))
    port = first.getsockname()[1]
    try:
        second = wsgi_server.bind_socket(_conf_on(port, reuse_port=True))
        assert second.getsockname()[1] == port
        second.close()
    finally:
        first.close()


def test_an_unresolvable_host_is_one_line() -> None:
    conf = _conf_on(0)
    conf.set_override("bind_host", "no-such-host.invalid", group="heat_api")
    with pytest.raises(wsgi_server.BindError, match="cannot listen on no-such-host.invalid:0"):
        wsgi_server.bind_socket(conf)
