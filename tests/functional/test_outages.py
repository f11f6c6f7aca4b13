"""Broker and database outages: only 503s during, recovery without restarts.

heatlite-api + heatlite-engine run over RabbitMQ (a vhost of the test's
own) with MariaDB or PostgreSQL. The broker outage revokes the vhost's
permissions and closes its connections; the database outage cuts a TCP
proxy between the daemons and the server (tests/functional/tcp_proxy.py).
While it lasts, every answer is a 503 in Heat's error body, never a 500;
once it ends, the same processes answer again, and every stack whose POST
returned 201 is listed and reaches a terminal state (a create that ran
through the outage finishes instead of staying IN_PROGRESS).
"""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from tests.functional import deployment as deploy
from tests.functional import services
from tests.functional.tcp_proxy import CuttableProxy

OUTAGE_SECS = 6.0
HEAT_ERROR_KEYS = {"code", "title", "explanation", "error"}
# Short timeouts keep each request during the outage short; the retry
# interval lets the operation's writes poll the database every second.
EXTRA = {"DEFAULT": {"rpc_response_timeout": "5"},
         "database": {"db_retry_interval": "1", "db_max_retry_interval": "2"}}


def _template(wait: float) -> dict[str, Any]:
    return {"heat_template_version": "2018-08-31",
            "resources": {"t": {"type": "OS::Heat::TestResource",
                                "properties": {"action_wait_secs": {"create": wait}}}}}


def _vhost(transport_url: str) -> str:
    return transport_url.rsplit("/", 1)[1]


def _deployment(tmp_path_factory, request, backend: str,
                through: Callable[[str], str] = lambda url: url) -> deploy.Deployment:
    """heatlite-api + heatlite-engine on a vhost and database of their own."""
    name = "heatlite_fn_%s" % uuid.uuid4().hex[:10]
    transport = services.create_vhost(name)
    request.addfinalizer(lambda: services.delete_vhost(name))
    url = services.create_database(backend, name)
    request.addfinalizer(lambda: services.drop_database(backend, name))
    dep = deploy.Deployment("outage-" + backend, tmp_path_factory.mktemp("outage"),
                            through(url), transport, split=True, extra=EXTRA)
    dep.vhost = _vhost(transport)
    request.addfinalizer(dep.stop)
    dep.start()
    return dep


def _post(dep: deploy.Deployment, wait: float = 0) -> tuple[str, requests.Response]:
    name = "fn-%s" % uuid.uuid4().hex[:10]
    return name, requests.post(dep.endpoint() + "/stacks", timeout=30,
                               json={"stack_name": name, "template": _template(wait)})


def _requests_during(dep: deploy.Deployment, secs: float) -> tuple[list[str], list]:
    """GETs and POSTs for ``secs``: (names whose POST got 201, answers)."""
    created, answers = [], []
    deadline = time.monotonic() + secs
    while time.monotonic() < deadline:
        resp = requests.get(dep.endpoint() + "/stacks", timeout=30)
        answers.append(("GET", resp))
        name, resp = _post(dep)
        answers.append(("POST", resp))
        if resp.status_code == 201:
            created.append(name)
    return created, answers


def _assert_only_503(answers: list) -> None:
    statuses = [(method, resp.status_code) for method, resp in answers]
    assert statuses and all(code == 503 for _, code in statuses), statuses
    for _, resp in answers:
        body = resp.json()
        assert set(body) == HEAT_ERROR_KEYS, body
        assert body["code"] == 503 and body["title"] == "Service Unavailable", body
        assert body["error"]["type"] in ("EngineUnavailable", "DatabaseUnavailable"), body


def _wait_serving_again(dep: deploy.Deployment, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        resp = requests.get(dep.endpoint() + "/stacks", timeout=30)
        if resp.status_code == 200:
            return
        assert resp.status_code == 503, (resp.status_code, resp.text)
        assert time.monotonic() < deadline, "still %s after the outage" % resp.text
        time.sleep(0.5)


def _assert_all_listed_and_terminal(dep: deploy.Deployment, created: list[str],
                                    timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        resp = requests.get(dep.endpoint() + "/stacks", timeout=30)
        assert resp.status_code == 200, resp.text
        states = {s["stack_name"]: s["stack_status"] for s in resp.json()["stacks"]}
        assert set(created) <= set(states), (created, states)
        busy = {n: s for n, s in states.items() if s.endswith("IN_PROGRESS")}
        if not busy:
            break
        assert time.monotonic() < deadline, busy
        time.sleep(0.5)
    reasons = {s["stack_name"]: s["stack_status_reason"] for s in resp.json()["stacks"]}
    assert all(states[name] == "CREATE_COMPLETE" for name in created), (states, reasons)


def _assert_no_restart(dep: deploy.Deployment, pids: list[int]) -> None:
    assert [d.proc.pid for d in dep.daemons] == pids
    assert all(d.proc.poll() is None for d in dep.daemons), dep.logs()[-4000:]
    assert "Internal Server Error" not in dep.logs()


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True,
                   timeout=60)


def _outage_run(dep: deploy.Deployment, cut: Callable[[], None],
                restore: Callable[[], None]) -> None:
    """The common course: work before, during and after an outage."""
    pids = [d.proc.pid for d in dep.daemons]
    before, resp = _post(dep)
    assert resp.status_code == 201, resp.text
    # A create whose resource is still working when the outage starts.
    running, resp = _post(dep, wait=OUTAGE_SECS / 2)
    assert resp.status_code == 201, resp.text
    cut()
    try:
        during, answers = _requests_during(dep, OUTAGE_SECS)
    finally:
        restore()
    _assert_only_503(answers)
    _wait_serving_again(dep)
    after, resp = _post(dep)
    assert resp.status_code == 201, resp.text
    _assert_all_listed_and_terminal(dep, [before, running, *during, after])
    _assert_no_restart(dep, pids)


def test_broker_outage(tmp_path_factory, request) -> None:
    dep = _deployment(tmp_path_factory, request, "mysql")

    def cut() -> None:
        _rabbitmqctl("clear_permissions", "-p", dep.vhost, "guest")
        _rabbitmqctl("close_all_connections", "--vhost", dep.vhost, "outage test")

    def restore() -> None:
        _rabbitmqctl("set_permissions", "-p", dep.vhost, "guest", ".*", ".*", ".*")

    _outage_run(dep, cut, restore)


@pytest.fixture
def proxy() -> Iterator[Callable[[int], CuttableProxy]]:
    made: list[CuttableProxy] = []

    def make(port: int) -> CuttableProxy:
        made.append(CuttableProxy(port))
        return made[-1]

    yield make
    for one in made:
        one.close()


@pytest.mark.parametrize("backend, port", [("mysql", services.MARIADB_PORT),
                                           ("postgresql", services.POSTGRESQL_PORT)])
def test_database_outage(tmp_path_factory, request, proxy, backend: str, port: int) -> None:
    db_proxy = proxy(port)
    dep = _deployment(tmp_path_factory, request, backend,
                      through=lambda url: url.replace(":%d/" % port, ":%d/" % db_proxy.port))
    _outage_run(dep, db_proxy.cut, db_proxy.restore)
