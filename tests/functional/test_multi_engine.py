"""Two heatlite-engine daemons over RabbitMQ sharing one MariaDB database.

Engine A starts alone, so the update and the create this test starts run
in A. Then engine B starts, and the cancel and the delete are sent to B
directly (its own ``host`` as the RPC server: an API call could land on
either engine). B runs no operation of those stacks, so it must reach A
through A's listener, as Heat's engines do.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from oslo_config import cfg
from oslo_messaging import conffixture

from heatlite.common import config, messaging
from heatlite.common.context import RequestContext
from tests.functional.deployment import Deployment


@pytest.fixture(params=["daemons-mariadb"])
def rpc_conf(build_deployment, request: pytest.FixtureRequest
             ) -> Iterator[tuple[Deployment, cfg.ConfigOpts]]:
    dep: Deployment = build_deployment(request.param)
    conf = cfg.ConfigOpts()
    config.register_opts(conf)
    conffixture.ConfFixture(conf)
    messaging.set_defaults(conf)
    conf(["--config-file", str(dep.config)], project="heatlite", default_config_files=[])
    yield dep, conf
    messaging.cleanup()


def _call(conf: cfg.ConfigOpts, host: str, method: str, **kwargs: Any) -> Any:
    client = messaging.get_rpc_client(conf, "engine", "1.0")
    ctxt = RequestContext(project_id="admin", user_id="admin", username="admin",
                          roles=["admin"], is_admin=True)
    return client.prepare(server=host, version="1.2", timeout=60).call(ctxt, method, **kwargs)


def _stack(dep: Deployment, name: str) -> dict[str, Any]:
    resp = requests.get("%s/stacks/%s" % (dep.endpoint(), name), timeout=10)
    assert resp.status_code == 200, resp.text
    return resp.json()["stack"]


def _wait(dep: Deployment, name: str, stack_id: str, timeout: float = 60) -> dict[str, Any]:
    url = "%s/stacks/%s/%s" % (dep.endpoint(), name, stack_id)
    deadline = time.monotonic() + timeout
    while True:
        stack = requests.get(url, timeout=10).json()["stack"]
        if not stack["stack_status"].endswith("IN_PROGRESS"):
            return stack
        assert time.monotonic() < deadline, stack
        time.sleep(0.1)


def _template(**props: Any) -> dict[str, Any]:
    return {"heat_template_version": "2018-08-31",
            "resources": {"t": {"type": "OS::Heat::TestResource", "properties": props}}}


def test_cancel_and_delete_reach_the_engine_running_the_stack(rpc_conf,
                                                              stack_name: str) -> None:
    dep, conf = rpc_conf
    dep.run("heatlite-manage", "db_sync")
    engine_a = dep.start_engine("engine-a")
    dep.start_daemon("heatlite-api")
    dep.wait_until_serving()

    updating, creating = stack_name + "-upd", stack_name + "-crt"
    resp = requests.post(dep.endpoint() + "/stacks", timeout=10, json={
        "stack_name": updating, "template": _template(value="one")})
    assert resp.status_code == 201, resp.text
    upd_id = resp.json()["stack"]["id"]
    assert _wait(dep, updating, upd_id)["stack_status"] == "CREATE_COMPLETE"
    resp = requests.put("%s/stacks/%s/%s" % (dep.endpoint(), updating, upd_id), timeout=10,
                        json={"template": _template(value="two",
                                                    action_wait_secs={"update": -1})})
    assert resp.status_code == 202, resp.text
    resp = requests.post(dep.endpoint() + "/stacks", timeout=10, json={
        "stack_name": creating, "template": _template(action_wait_secs={"create": -1})})
    assert resp.status_code == 201, resp.text
    crt_id = resp.json()["stack"]["id"]
    assert _stack(dep, updating)["stack_status"] == "UPDATE_IN_PROGRESS"
    assert _stack(dep, creating)["stack_status"] == "CREATE_IN_PROGRESS"

    engine_b = dep.start_engine("engine-b")
    _call(conf, "engine-b", "stack_cancel_update", cancel_with_rollback=True,
          stack_identity={"tenant": "admin", "stack_name": updating, "stack_id": upd_id,
                          "path": ""})
    stack = _wait(dep, updating, upd_id)
    assert stack["stack_status"] == "ROLLBACK_COMPLETE", stack["stack_status_reason"]
    assert "Sent cancel_with_rollback for stack %s" % updating in engine_b.log_text()

    _call(conf, "engine-b", "delete_stack",
          stack_identity={"tenant": "admin", "stack_name": creating, "stack_id": crt_id,
                          "path": ""})
    stack = _wait(dep, creating, crt_id)
    assert stack["stack_status"] == "DELETE_COMPLETE", stack["stack_status_reason"]
    assert "stopped its operation on stack %s" % creating in engine_b.log_text()
    events = requests.get("%s/stacks/%s/%s/events" % (dep.endpoint(), creating, crt_id),
                          timeout=10).json()["events"]
    assert "Resource CREATE failed: Operation cancelled" in [
        e["resource_status_reason"] for e in events]

    codes = dep.stop()
    assert codes == {"heatlite-api": 0, "engine-b": 0, "engine-a": 0}, (
        codes, engine_a.log_text()[-3000:])
