"""A daemon started as a Type=notify unit says READY=1, then STOPPING=1 on SIGTERM.

systemd is played by a datagram socket in the test's temp dir, named in
NOTIFY_SOCKET, as systemd names its own.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess

import pytest
import requests

from tests.functional import deployment as deploy


def _config(tmp_path, port: int, workers: int):
    shutil.copy(deploy.PASTE_INI, tmp_path / "api-paste.ini")
    config = tmp_path / "heat.conf"
    config.write_text(
        "[DEFAULT]\nstate_path = %s\ntransport_url = fake://\n"
        "[paste_deploy]\napi_paste_config = api-paste.ini\n"
        "[heat_api]\nbind_host = 127.0.0.1\nbind_port = %d\nworkers = %d\n"
        % (tmp_path / "state", port, workers))
    return config


# heatlite-api with two workers: the parent speaks for its forked workers
# (the versions document needs no engine).
@pytest.mark.parametrize("command,workers", [("heatlite-all", 1), ("heatlite-api", 2)])
def test_daemon_notifies_ready_and_stopping(tmp_path, command, workers):
    port = deploy.free_port()
    config = _config(tmp_path, port, workers)
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify"))
    notify.settimeout(90)
    env = dict(os.environ, NOTIFY_SOCKET=str(tmp_path / "notify"))
    log = open(tmp_path / "all.log", "wb")
    proc = subprocess.Popen([str(deploy.BIN / command), "--config-file", str(config)],
                            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        assert notify.recv(64) == b"READY=1"
        # Ready means serving: the first request after READY is answered.
        assert requests.get("http://127.0.0.1:%d/" % port, timeout=10).status_code == 300
        proc.send_signal(signal.SIGTERM)
        assert notify.recv(64) == b"STOPPING=1"
        assert proc.wait(60) == 0, (tmp_path / "all.log").read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()
        notify.close()
