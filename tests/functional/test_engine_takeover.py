"""A dead or stopping engine's stack is taken over by the surviving one.

Two heatlite-engine daemons over RabbitMQ share one MariaDB database.
Engine A starts alone, so the create runs in A; then B starts, and A is
killed (SIGKILL) or stopped (SIGTERM) while its resource still waits.
B's sweep finds A's lock (a stale beat and an unanswered ping, or a
retired row) and takes the stack over: B runs the waiting resource again
(TestResource is safe to re-drive), the stack ends CREATE_COMPLETE and
its lock is free. tests/functional/test_takeover.py runs the larger fault
matrix (groups, updates, deletes, both databases).
"""

from __future__ import annotations

import configparser
import signal
import time
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from tests.functional.deployment import Daemon, Deployment

# Short enough for a test; the default is 60 s.
GRACE = "6"
# The resource's wait: longer than GRACE less a heartbeat (so a stopping
# engine leaves it running), short enough for the re-driven one to end.
WAIT_SECS = 15


@pytest.fixture
def dep(build_deployment) -> Deployment:
    dep: Deployment = build_deployment("daemons-mariadb")
    dep.run("heatlite-manage", "db_sync")
    return dep


def _stack(dep: Deployment, name: str, stack_id: str) -> dict[str, Any]:
    resp = requests.get("%s/stacks/%s/%s" % (dep.endpoint(), name, stack_id), timeout=10)
    assert resp.status_code == 200, resp.text
    return resp.json()["stack"]


def _poll(what: str, fetch, done, timeout: float = 90.0) -> Any:
    """Poll ``fetch()`` until ``done(value)``; the daemons work meanwhile."""
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if done(value):
            return value
        assert time.monotonic() < deadline, "%s: %s" % (what, value)
        time.sleep(0.2)


def _services(dep: Deployment) -> dict[str, dict[str, Any]]:
    resp = requests.get(dep.endpoint() + "/services", timeout=10)
    assert resp.status_code == 200, resp.text
    return {doc["host"]: doc for doc in resp.json()["services"]}


def _lock_holder(dep: Deployment, stack_id: str) -> str | None:
    parser = configparser.ConfigParser()
    parser.read(dep.config)
    url = parser.get("database", "connection", fallback="sqlite:///%s" % (
        dep.workdir / "state" / "heatlite.sqlite"))
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT engine_id FROM stack_lock WHERE stack_id = :s"),
                                {"s": stack_id}).scalar()
    finally:
        engine.dispose()


def _start_waiting_create(dep: Deployment, name: str) -> str:
    """Create a stack whose resource waits; its id once the resource runs."""
    resp = requests.post(dep.endpoint() + "/stacks", timeout=10, json={
        "stack_name": name, "template": {
            "heat_template_version": "2018-08-31",
            "resources": {"w": {"type": "OS::Heat::TestResource",
                                "properties": {"action_wait_secs": {"create": WAIT_SECS}}}}}})
    assert resp.status_code == 201, resp.text
    stack_id = resp.json()["stack"]["id"]
    url = "%s/stacks/%s/%s/resources/w" % (dep.endpoint(), name, stack_id)
    _poll("resource in progress", lambda: requests.get(url, timeout=10).json(),
          lambda doc: doc.get("resource", {}).get("resource_status") == "CREATE_IN_PROGRESS")
    return stack_id


def _create_in_a(dep: Deployment, name: str) -> tuple[Daemon, Daemon, str, str]:
    """Engine A runs a create whose resource waits; then B starts.
    Returns A, B, the stack id and A's engine id."""
    engine_a = dep.start_engine("engine-a", graceful_shutdown_timeout=GRACE)
    dep.start_daemon("heatlite-api")
    dep.wait_until_serving()
    stack_id = _start_waiting_create(dep, name)
    engine_b = dep.start_engine("engine-b", graceful_shutdown_timeout=GRACE)
    a_id = _services(dep)["engine-a"]["engine_id"]
    assert _lock_holder(dep, stack_id) == a_id
    return engine_a, engine_b, stack_id, a_id


def _taken_over(dep: Deployment, engine_b: Daemon, name: str, stack_id: str,
                a_id: str, b_host: str = "engine-b") -> float:
    """Wait for the stack to leave IN_PROGRESS; check B took it from A and
    finished the create."""
    started = time.monotonic()
    stack = _poll("stack still in progress", lambda: _stack(dep, name, stack_id),
                  lambda s: not s["stack_status"].endswith("IN_PROGRESS"))
    took = time.monotonic() - started
    assert stack["stack_status"] == "CREATE_COMPLETE", stack["stack_status_reason"]
    assert _lock_holder(dep, stack_id) is None
    b_id = _services(dep)[b_host]["engine_id"]
    assert ("Engine %s is dead: engine %s takes over stack %s" % (a_id, b_id, stack_id)
            in engine_b.log_text())
    return took


def _clean_up(dep: Deployment, name: str, stack_id: str) -> None:
    resp = requests.delete("%s/stacks/%s/%s" % (dep.endpoint(), name, stack_id), timeout=30)
    assert resp.status_code == 204, resp.text
    stack = _poll("delete", lambda: _stack(dep, name, stack_id),
                  lambda s: not s["stack_status"].endswith("IN_PROGRESS"))
    assert stack["stack_status"] == "DELETE_COMPLETE", stack["stack_status_reason"]


def test_a_killed_engines_stack_is_taken_over(dep: Deployment, stack_name: str) -> None:
    engine_a, engine_b, stack_id, a_id = _create_in_a(dep, stack_name)
    engine_a.proc.send_signal(signal.SIGKILL)
    engine_a.proc.wait()
    took = _taken_over(dep, engine_b, stack_name, stack_id, a_id)
    # Detection bound with the defaults: 3 x 2 s stale beat + 2 s ping + 2 s sweep.
    print("takeover after SIGKILL: %.1f s" % took)
    services = _services(dep)
    assert (services["engine-a"]["status"], services["engine-b"]["status"]) == ("down", "up")
    _clean_up(dep, stack_name, stack_id)
    codes = dep.stop()
    assert codes == {"heatlite-api": 0, "engine-b": 0, "engine-a": -signal.SIGKILL}, codes


def test_a_stopped_engine_hands_its_stack_over(dep: Deployment, stack_name: str) -> None:
    engine_a, engine_b, stack_id, a_id = _create_in_a(dep, stack_name)
    # SIGTERM: A hands the create off, waits at most its grace, retires its
    # row and exits by itself, though its resource still waits.
    assert engine_a.stop(timeout=60) == 0, engine_a.log_text()[-3000:]
    assert "Stack %s did not reach a resource boundary in time" % stack_id in (
        engine_a.log_text())
    took = _taken_over(dep, engine_b, stack_name, stack_id, a_id)
    print("takeover after SIGTERM: %.1f s" % took)
    assert "engine-a" not in _services(dep)  # retired: dead at once, no ping
    _clean_up(dep, stack_name, stack_id)
    codes = dep.stop()
    assert codes == {"heatlite-api": 0, "engine-b": 0, "engine-a": 0}, codes


def test_a_restarted_heatlite_all_takes_its_previous_lifes_stack(
        build_deployment, stack_name: str) -> None:
    """Killed and started again at once: the previous life's row still beats
    fresh, but with in-process messaging it cannot answer; the new process
    retires it and takes the stack over at start-up."""
    dep: Deployment = build_deployment("all-sqlite")
    dep.start()
    stack_id = _start_waiting_create(dep, stack_name)
    (host, first), = _services(dep).items()
    killed = dep.daemons.pop()
    killed.proc.send_signal(signal.SIGKILL)
    killed.proc.wait()
    again = dep.start_daemon("heatlite-all")
    dep.wait_until_serving()
    _taken_over(dep, again, stack_name, stack_id, first["engine_id"], b_host=host)
    assert ("Engine %s of this host does not answer: retiring its row" % first["engine_id"]
            in again.log_text())
    _clean_up(dep, stack_name, stack_id)
    assert dep.stop() == {"heatlite-all": 0}
