"""Real heatlite deployments for functional tests: config files and daemons.

A Deployment writes a heat.conf (plus the shipped api-paste.ini) into a
temporary directory and starts real processes from the virtualenv:
``heatlite-all`` on SQLite, or ``heatlite-api`` + ``heatlite-engine`` over
RabbitMQ with MariaDB or PostgreSQL. Each deployment gets its own RabbitMQ
exchange and database, so deployments never see each other's messages.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid

import requests

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
PASTE_INI = REPO / "etc" / "heatlite" / "api-paste.ini"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Daemon:
    """One heatlite process with its log file."""

    def __init__(self, name: str, args: list[str], log_path: pathlib.Path) -> None:
        self.name = name
        self.log_path = log_path
        self._log = open(log_path, "ab")
        self.proc = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT,
                                     cwd=str(log_path.parent))

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> int:
        """SIGKILL, as a crash: nothing of the process runs any more."""
        self.proc.kill()
        self.proc.wait()
        self._log.close()
        return self.proc.returncode

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, then wait; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        return self.proc.returncode


class Deployment:
    """Config plus daemons for one way of running heatlite."""

    def __init__(self, name: str, workdir: pathlib.Path, database_url: str | None,
                 transport_url: str, split: bool, flavor: str = "noauth",
                 extra: dict[str, dict[str, str]] | None = None) -> None:
        self.name = name
        self.workdir = workdir
        self.port = free_port()
        self.split = split
        self.database_url = database_url
        self.daemons: list[Daemon] = []
        self.exchange = "heatlite-test-%s" % uuid.uuid4().hex[:8]
        sections: dict[str, dict[str, str]] = {
            "DEFAULT": {"transport_url": transport_url, "debug": "False",
                        "state_path": str(workdir / "state"),
                        "control_exchange": self.exchange,
                        "rpc_response_timeout": "20",
                        "periodic_interval": "5"},
            "paste_deploy": {"flavor": flavor, "api_paste_config": "api-paste.ini"},
            "heat_api": {"bind_host": "127.0.0.1", "bind_port": str(self.port),
                         "workers": "2" if split else "1",
                         # Request lines in the log (off by default), which
                         # the request id tests read.
                         "log_requests": "true"},
            "oslo_messaging_rabbit": {"heartbeat_timeout_threshold": "0"},
        }
        if database_url:
            sections["database"] = {"connection": database_url}
        for group, values in (extra or {}).items():
            sections.setdefault(group, {}).update(values)
        self.config = workdir / "heat.conf"
        self.config.write_text("".join(
            "[%s]\n%s\n" % (group, "".join("%s = %s\n" % kv for kv in values.items()))
            for group, values in sections.items()))
        shutil.copy(PASTE_INI, workdir / "api-paste.ini")

    @property
    def endpoint_root(self) -> str:
        return "http://127.0.0.1:%d" % self.port

    def endpoint(self, tenant: str = "admin") -> str:
        return "%s/v1/%s" % (self.endpoint_root, tenant)

    def run(self, command: str, *args: str, check: bool = True,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(BIN / command), "--config-file", str(self.config),
                               *args], capture_output=True, text=True,
                              timeout=timeout, check=check)

    def start_daemon(self, command: str) -> Daemon:
        daemon = Daemon(command, [str(BIN / command), "--config-file", str(self.config)],
                        self.workdir / ("%s.log" % command))
        self.daemons.append(daemon)
        return daemon

    def start_engine(self, host: str, **options: str) -> Daemon:
        """A heatlite-engine whose RPC server name is ``host`` (plus [DEFAULT]
        ``options``), once it listens."""
        extra = self.workdir / ("%s.conf" % host)
        extra.write_text("[DEFAULT]\nhost = %s\n%s" % (
            host, "".join("%s = %s\n" % kv for kv in options.items())))
        daemon = Daemon(host, [str(BIN / "heatlite-engine"), "--config-file", str(self.config),
                               "--config-file", str(extra)], self.workdir / ("%s.log" % host))
        self.daemons.append(daemon)
        self.wait_for_log(daemon, "listening on topic engine")
        return daemon

    def start(self) -> None:
        if self.split:
            self.run("heatlite-manage", "db_sync")
            engine = self.start_daemon("heatlite-engine")
            # A call published before the engine has bound its queue to this
            # deployment's exchange would be dropped by the broker.
            self.wait_for_log(engine, "listening on topic engine")
            self.start_daemon("heatlite-api")
        else:
            self.start_daemon("heatlite-all")
        self.wait_until_serving()

    def wait_for_log(self, daemon: Daemon, text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in daemon.log_text():
            if daemon.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("%s never logged %r:\n%s" % (
                    daemon.name, text, daemon.log_text()[-4000:]))
            time.sleep(0.1)

    def wait_until_serving(self, timeout: float = 60.0) -> None:
        wait_until_serving(self.endpoint_root, self.daemons, timeout)

    def logs(self) -> str:
        return "\n".join(d.log_text() for d in self.daemons)

    def stop(self) -> dict[str, int]:
        """Stop API first, then engine; the exit status of each daemon."""
        return {d.name: d.stop() for d in reversed(self.daemons)}


def wait_until_serving(endpoint_root: str, daemons: list[Daemon],
                       timeout: float = 60.0) -> None:
    """Until ``endpoint_root`` answers; a daemon that exits first fails it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for daemon in daemons:
            if daemon.proc.poll() is not None:
                raise RuntimeError("%s exited with %s:\n%s" % (
                    daemon.name, daemon.proc.returncode, daemon.log_text()[-4000:]))
        try:
            if requests.get(endpoint_root + "/", timeout=2).status_code == 300:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass  # not listening yet, or bound but still starting its engine
        time.sleep(0.1)
    raise RuntimeError("%s did not start serving within %ss"
                       % (", ".join(d.name for d in daemons), timeout))


def client_env(deployment: Deployment, tenant: str = "admin") -> dict[str, str]:
    """Environment for the openstack CLI with token_endpoint auth."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update(OS_AUTH_TYPE="token_endpoint", OS_ENDPOINT=deployment.endpoint(tenant),
               OS_TOKEN="functional-test-token")
    return env
