"""What a start prints, and a start on a port already in use.

heatlite-all runs on the shipped heat.conf (plus a file moving its state and
port into this test's directory): at the default log level a clean start
says where it listens, which database and which transport, and nothing
else. A second server on the same port fails at once with one line.
"""

from __future__ import annotations

import pathlib
import re
import subprocess

import pytest

from tests.functional import deployment as deploy

SHIPPED = deploy.REPO / "etc" / "heatlite"


@pytest.fixture
def shipped_conf(tmp_path: pathlib.Path) -> tuple[list[str], int]:
    """--config-file arguments: the shipped heat.conf, then local overrides."""
    for name in ("heat.conf", "api-paste.ini"):
        (tmp_path / name).write_bytes((SHIPPED / name).read_bytes())
    port = deploy.free_port()
    (tmp_path / "local.conf").write_text(
        "[DEFAULT]\nstate_path = %s\n[heat_api]\nbind_port = %d\n" % (tmp_path / "state", port))
    return ["--config-file", str(tmp_path / "heat.conf"),
            "--config-file", str(tmp_path / "local.conf")], port


def _start_all(tmp_path: pathlib.Path, args: list[str], port: int) -> deploy.Daemon:
    daemon = deploy.Daemon("heatlite-all", [str(deploy.BIN / "heatlite-all"), *args],
                           tmp_path / "heatlite-all.log")
    deploy.wait_until_serving("http://127.0.0.1:%d" % port, [daemon])
    return daemon


def _messages(log: str) -> list[str]:
    """The log's lines without oslo.log's date, pid and level prefix."""
    prefix = re.compile(r"^\S+ \S+ \d+ INFO (\S+) \[-\] ")
    return [prefix.sub(r"\1: ", line) for line in log.splitlines()]


def test_a_clean_start_says_where_what_database_and_transport(tmp_path, shipped_conf):
    args, port = shipped_conf
    daemon = _start_all(tmp_path, args, port)
    started = _messages(daemon.log_text())
    assert daemon.stop() == 0
    database = "sqlite:///%s" % (tmp_path / "state" / "heatlite.sqlite")
    assert len(started) == 2, started
    assert started[0] == "heatlite.common.wsgi_server: Listening on 127.0.0.1:%d" % port
    assert re.fullmatch(
        r"heatlite\.cmd\.engine_server: Engine [0-9a-f-]{36} listening on topic engine "
        r"as \S+; transport fake://, database %s" % re.escape(database), started[1])


def test_a_start_on_a_port_in_use_fails_with_one_line(tmp_path, shipped_conf):
    args, port = shipped_conf
    first = _start_all(tmp_path, args, port)
    try:
        for command in ("heatlite-all", "heatlite-api"):
            second = subprocess.run([str(deploy.BIN / command), *args], capture_output=True,
                                    text=True, timeout=120)
            assert second.returncode != 0
            assert (second.stdout + second.stderr).splitlines() == [
                "%s: cannot listen on 127.0.0.1:%d: the address is already in use "
                "(another server is listening there; [heat_api] reuse_port = True "
                "shares the port on purpose)" % (command, port)]
    finally:
        assert first.stop() == 0


@pytest.mark.parametrize("kind", ["daemons-mariadb", "daemons-postgresql"])
def test_the_two_daemons_start_as_quietly(build_deployment, kind):
    # Request lines off, as by default (the shared deployments turn them on).
    dep = build_deployment(kind, extra={"heat_api": {"log_requests": "false"}})
    dep.start()
    logs = {daemon.name: _messages(daemon.log_text()) for daemon in dep.daemons}
    assert set(dep.stop().values()) == {0}
    engine, api = logs["heatlite-engine"], logs["heatlite-api"]
    assert len(engine) == 1, engine
    assert re.fullmatch(r"heatlite\.cmd\.engine_server: Engine [0-9a-f-]{36} listening on "
                        r"topic engine as \S+; transport rabbit://guest:\*\*\*@127\.0\.0\.1:"
                        r"5672/\S+, database (mysql\+pymysql|postgresql\+psycopg2)://\S+",
                        engine[0])
    assert api == [
        "heatlite.common.wsgi_server: Listening on 127.0.0.1:%d" % dep.port,
        "heatlite.cmd.api: 2 worker(s); engine reached over transport "
        "rabbit://guest:***@127.0.0.1:5672/%s" % engine[0].rsplit("5672/", 1)[1].split(",")[0]]
