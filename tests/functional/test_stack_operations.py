"""Every stack operation through python-heatclient and the ``openstack stack``
CLI, against the real deployments: update (PUT, PATCH, preview), rollback,
cancel, suspend/resume/check, hooks, outputs, events with filters and
pagination, export, mark-unhealthy.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import time

from heatclient import client as heat_client
from heatclient import exc as heat_exc

from tests.functional.deployment import Deployment, client_env

BIN = pathlib.Path(sys.executable).parent

TEMPLATE = {
    "heat_template_version": "2018-08-31",
    "parameters": {"length": {"type": "number", "default": 8},
                   "suffix": {"type": "string", "default": "one"}},
    "resources": {
        "rand": {"type": "OS::Heat::RandomString",
                 "properties": {"length": {"get_param": "length"}}},
        "test": {"type": "OS::Heat::TestResource",
                 "properties": {"value": {"list_join": ["-", [
                     {"get_attr": ["rand", "value"]}, {"get_param": "suffix"}]]}}},
    },
    "outputs": {"joined": {"description": "joined", "value": {"get_attr": ["test", "output"]}}},
}


def _heat(dep: Deployment):
    return heat_client.Client("1", endpoint=dep.endpoint(), token="functional-token")


def _wait(heat, stack_id: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while True:
        stack = heat.stacks.get(stack_id)
        if not stack.stack_status.endswith("IN_PROGRESS") or time.monotonic() > deadline:
            return stack
        time.sleep(0.05)


def _create(heat, name: str, template=TEMPLATE, **kwargs):
    stack_id = heat.stacks.create(stack_name=name, template=template, **kwargs)["stack"]["id"]
    return _wait(heat, stack_id)


def test_update_patch_preview_and_events(deployment: Deployment, stack_name: str) -> None:
    heat = _heat(deployment)
    stack = _create(heat, stack_name)
    assert stack.stack_status == "CREATE_COMPLETE"
    preview = heat.stacks.preview_update(stack.id, template=TEMPLATE,
                                         parameters={"length": 12, "suffix": "two"})
    changes = preview["resource_changes"]
    assert [r["resource_name"] for r in changes["replaced"]] == ["rand"]
    assert [r["resource_name"] for r in changes["updated"]] == ["test"]

    heat.stacks.update(stack.id, template=TEMPLATE, parameters={"length": 12, "suffix": "two"})
    stack = _wait(heat, stack.id)
    assert stack.stack_status == "UPDATE_COMPLETE", stack.stack_status_reason
    assert stack.stack_status_reason == "Stack UPDATE completed successfully"
    joined = heat.stacks.output_show(stack.id, "joined")["output"]["output_value"]
    assert len(joined) == 12 + len("-two")

    heat.stacks.update(stack.id, existing=True, parameters={"suffix": "three"})
    stack = _wait(heat, stack.id)
    assert stack.parameters["length"] == "12" and stack.parameters["suffix"] == "three"
    assert [o["output_key"] for o in heat.stacks.output_list(stack.id)["outputs"]] == [
        "joined"]

    events = heat.events.list(stack.id, filters={"resource_name": "rand"}, sort_dir="asc")
    reasons = [e.resource_status_reason for e in events]
    assert "The Resource rand requires replacement." in reasons
    page = heat.events.list(stack.id, limit=2)
    assert len(page) == 2
    nxt = heat.events.list(stack.id, limit=2, marker=page[-1].id)
    assert nxt and nxt[0].id not in {e.id for e in page}
    env = heat.stacks.environment(stack.id)
    assert env["parameters"] == {"length": 12, "suffix": "three"}
    exported = heat.stacks.export(stack.id)
    assert set(exported["resources"]) == {"rand", "test"}
    heat.stacks.delete(stack.id)


def test_rollback_cancel_and_preemption(deployment: Deployment, stack_name: str) -> None:
    heat = _heat(deployment)
    one = {"heat_template_version": "2018-08-31",
           "resources": {"t": {"type": "OS::Heat::TestResource"}}}
    stack = _create(heat, stack_name, template=one, disable_rollback=False)
    failing = {"heat_template_version": "2018-08-31", "resources": {"t": {
        "type": "OS::Heat::TestResource", "properties": {"value": "x", "fail": True}}}}
    heat.stacks.update(stack.id, template=failing)
    stack = _wait(heat, stack.id)
    assert stack.stack_status == "ROLLBACK_COMPLETE", stack.stack_status_reason
    # A second update while one runs takes over (Heat's convergence): it
    # starts at once and runs when the resource in progress has finished.
    slowish = {"heat_template_version": "2018-08-31", "resources": {"t": {
        "type": "OS::Heat::TestResource", "properties": {"value": "y", "wait_secs": 2}}}}
    heat.stacks.update(stack.id, template=slowish)
    heat.stacks.update(stack.id, template=one)
    stack = _wait(heat, stack.id)
    assert stack.stack_status == "UPDATE_COMPLETE", stack.stack_status_reason
    slow = {"heat_template_version": "2018-08-31", "resources": {"t": {
        "type": "OS::Heat::TestResource", "properties": {"value": "y", "wait_secs": -1}}}}
    heat.stacks.update(stack.id, template=slow)
    heat.actions.cancel_update(stack.id)
    stack = _wait(heat, stack.id)
    assert stack.stack_status == "ROLLBACK_COMPLETE"
    heat.stacks.delete(stack.id)


def _openstack(dep: Deployment, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "openstack"), *args], env=client_env(dep),
                          capture_output=True, text=True, timeout=120, check=False)


def test_cli_actions_hooks_and_outputs(deployment: Deployment, stack_name: str,
                                       tmp_path: pathlib.Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(json.dumps(TEMPLATE))
    env = tmp_path / "env.yaml"
    env.write_text(json.dumps({"resource_registry": {"resources": {
        "rand": {"hooks": "pre-create"}}}}))
    created = _openstack(deployment, "stack", "create", "-t", str(template), "-e", str(env),
                         stack_name, "-f", "json")
    assert created.returncode == 0, created.stderr
    heat = _heat(deployment)
    for _ in range(400):
        events = heat.events.list(stack_name, resource_name="rand")
        if any("paused until Hook pre-create" in e.resource_status_reason for e in events):
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the hook never paused rand")
    hook = _openstack(deployment, "stack", "hook", "clear", "--pre-create", stack_name,
                      "rand")
    assert hook.returncode == 0, hook.stderr
    stack = _wait(heat, heat.stacks.get(stack_name).id)
    assert stack.stack_status == "CREATE_COMPLETE", stack.stack_status_reason

    for action, final in (("suspend", "SUSPEND_COMPLETE"), ("resume", "RESUME_COMPLETE"),
                          ("check", "CHECK_COMPLETE")):
        done = _openstack(deployment, "stack", action, "--wait", stack_name)
        assert done.returncode == 0, done.stderr
        assert heat.stacks.get(stack_name).stack_status == final
    shown = _openstack(deployment, "stack", "output", "show", stack_name, "joined",
                       "-f", "json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["output_value"].endswith("-one")
    marked = _openstack(deployment, "stack", "resource", "mark", "unhealthy", stack_name,
                        "test", "because")
    assert marked.returncode == 0, marked.stderr
    res = heat.resources.get(stack_name, "test")
    assert (res.resource_status, res.resource_status_reason) == ("CHECK_FAILED", "because")
    _openstack(deployment, "stack", "delete", "--yes", "--wait", stack_name)


def test_snapshot_restore_and_delete(deployment: Deployment, stack_name: str) -> None:
    heat = _heat(deployment)
    stack = _create(heat, stack_name)
    before = heat.stacks.output_show(stack.id, "joined")["output"]["output_value"]
    snap = heat.stacks.snapshot(stack.id, "first")
    assert (snap["action"], snap["status"], snap["name"]) == ("CREATE", "IN_PROGRESS",
                                                              "first")
    stack = _wait(heat, stack.id)
    assert stack.stack_status == "SNAPSHOT_COMPLETE", stack.stack_status_reason
    shown = heat.stacks.snapshot_show(stack.id, snap["id"])["snapshot"]
    assert (shown["status"], shown["status_reason"]) == (
        "COMPLETE", "Stack SNAPSHOT completed successfully")
    assert set(shown["data"]["resources"]) == {"rand", "test"}
    heat.stacks.update(stack.id, template=TEMPLATE, parameters={"length": 20})
    assert _wait(heat, stack.id).stack_status == "UPDATE_COMPLETE"
    heat.stacks.restore(stack.id, snap["id"])
    stack = _wait(heat, stack.id)
    assert stack.stack_status == "RESTORE_COMPLETE", stack.stack_status_reason
    after = heat.stacks.output_show(stack.id, "joined")["output"]["output_value"]
    assert len(after) == len(before)
    out = _openstack(deployment, "stack", "snapshot", "list", stack.id, "-f", "json")
    assert out.returncode == 0, out.stderr
    assert [s["id"] for s in json.loads(out.stdout)] == [snap["id"]]
    heat.stacks.snapshot_delete(stack.id, snap["id"])
    assert heat.stacks.snapshot_list(stack.id)["snapshots"] == []
    try:
        heat.stacks.snapshot_show(stack.id, snap["id"])
    except heat_exc.HTTPNotFound:
        pass
    else:
        raise AssertionError("a deleted snapshot must be 404")
    heat.stacks.delete(stack.id)


def test_abandon_then_adopt(build_deployment, stack_name: str) -> None:
    dep = build_deployment("all-sqlite", extra={"DEFAULT": {
        "enable_stack_abandon": "true", "enable_stack_adopt": "true"}})
    dep.start()
    heat = _heat(dep)
    stack = _create(heat, stack_name)
    value = heat.stacks.output_show(stack.id, "joined")["output"]["output_value"]
    doc = heat.stacks.abandon(stack.id)
    adopted = heat.stacks.create(stack_name=stack_name + "-a",
                                 adopt_stack_data=json.dumps(doc))["stack"]["id"]
    stack = _wait(heat, adopted)
    assert stack.stack_status == "ADOPT_COMPLETE", stack.stack_status_reason
    assert heat.stacks.output_show(adopted, "joined")["output"]["output_value"] == value
    rsrc = heat.resources.get(adopted, "rand")
    assert rsrc.physical_resource_id == doc["resources"]["rand"]["resource_id"]
