"""heatlite.common.systemd: sd_notify datagrams to a socket in a temp dir."""

from __future__ import annotations

import socket

import pytest

from heatlite.common import systemd


@pytest.fixture
def listener(tmp_path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = str(tmp_path / "notify")
    sock.bind(path)
    sock.settimeout(5)
    yield sock, path
    sock.close()


def test_ready_reaches_the_notify_socket(listener):
    sock, path = listener
    assert systemd.notify(systemd.READY, {"NOTIFY_SOCKET": path}) is True
    assert sock.recv(64) == b"READY=1"


def test_abstract_socket_name(listener):
    name = "heatlite-test-%d" % id(listener)
    abstract = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    abstract.bind("\0" + name)
    abstract.settimeout(5)
    try:
        assert systemd.notify(systemd.STOPPING, {"NOTIFY_SOCKET": "@" + name})
        assert abstract.recv(64) == b"STOPPING=1"
    finally:
        abstract.close()


def test_without_systemd_nothing_is_sent():
    assert systemd.notify(systemd.READY, {}) is False


def test_a_missing_socket_is_logged_not_raised(tmp_path, caplog):
    assert systemd.notify(systemd.READY, {"NOTIFY_SOCKET": str(tmp_path / "gone")}) is False
    assert "Could not tell systemd READY=1" in caplog.text
