"""Nested stacks and groups as Heat users drive them, on every deployment.

A ResourceGroup of 100 scaled to 150 and back to 50 with removal_policies
(python-heatclient), a chain, an autoscaling group scaled by signals to its
policies, and a three-level provider template tree (``openstack stack``).
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import time

import yaml
from heatclient import client as heat_client

from tests.functional.deployment import Deployment, client_env

BIN = pathlib.Path(sys.executable).parent


def _heat(dep: Deployment):
    return heat_client.Client("1", endpoint=dep.endpoint(), token="functional-token")


def _settled(heat, stack_id: str, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while True:
        stack = heat.stacks.get(stack_id)
        if not stack.stack_status.endswith("IN_PROGRESS") or time.monotonic() > deadline:
            return stack
        time.sleep(0.05)


def _outputs(stack) -> dict:
    return {o["output_key"]: o["output_value"] for o in stack.outputs}


def _group(count: int, removed: list[str]) -> dict:
    return {"heat_template_version": "2018-08-31", "resources": {"g": {
        "type": "OS::Heat::ResourceGroup", "properties": {
            "count": count, "removal_policies": [{"resource_list": removed}],
            "resource_def": {"type": "OS::Heat::Value",
                             "properties": {"value": "m%index%"}}}}},
        "outputs": {"values": {"value": {"get_attr": ["g", "value"]}},
                    "removed": {"value": {"get_attr": ["g", "removed_rsrc_list"]}}}}


def test_resource_group_scaled_up_and_down(deployment: Deployment, stack_name: str):
    heat = _heat(deployment)
    created = heat.stacks.create(stack_name=stack_name, template=_group(100, []))
    stack_id = created["stack"]["id"]
    stack = _settled(heat, stack_id)
    assert stack.stack_status == "CREATE_COMPLETE", stack.stack_status_reason
    assert len(_outputs(stack)["values"]) == 100
    heat.stacks.update(stack_id, template=_group(150, []))
    stack = _settled(heat, stack_id)
    assert stack.stack_status == "UPDATE_COMPLETE", stack.stack_status_reason
    assert len(_outputs(stack)["values"]) == 150
    doomed = [str(i) for i in range(0, 200, 2)]  # every even member goes
    heat.stacks.update(stack_id, template=_group(50, doomed))
    stack = _settled(heat, stack_id)
    assert stack.stack_status == "UPDATE_COMPLETE", stack.stack_status_reason
    values = _outputs(stack)["values"]
    assert len(values) == 50 and all(int(v[1:]) % 2 == 1 for v in values)
    # Names that were never members are not remembered (Heat's rule).
    assert _outputs(stack)["removed"] == [n for n in doomed if int(n) < 150]
    nested = heat.resources.list(stack_id, nested_depth=1)
    assert len(nested) == 51 and sum(1 for r in nested if getattr(
        r, "parent_resource", None) == "g") == 50
    listed = [s.stack_name for s in heat.stacks.list()]
    assert stack_name in listed and not any(n.startswith(stack_name + "-g-") for n in listed)
    assert any(s.stack_name.startswith(stack_name + "-g-")
               for s in heat.stacks.list(show_nested=True))
    heat.stacks.delete(stack_id)
    assert _settled(heat, stack_id).stack_status == "DELETE_COMPLETE"


def test_chain_and_autoscaling_by_signals(deployment: Deployment, stack_name: str):
    heat = _heat(deployment)
    template = {"heat_template_version": "2018-08-31", "resources": {
        "chain": {"type": "OS::Heat::ResourceChain", "properties": {
            "resources": ["OS::Heat::RandomString"] * 3,
            "resource_properties": {"length": 6}}},
        "asg": {"type": "OS::Heat::AutoScalingGroup", "properties": {
            "min_size": 1, "max_size": 5, "resource": {"type": "OS::Heat::RandomString"}}},
        "up": {"type": "OS::Heat::ScalingPolicy", "properties": {
            "auto_scaling_group_id": {"get_resource": "asg"},
            "adjustment_type": "change_in_capacity", "scaling_adjustment": 2}},
        "down": {"type": "OS::Heat::ScalingPolicy", "properties": {
            "auto_scaling_group_id": {"get_resource": "asg"},
            "adjustment_type": "exact_capacity", "scaling_adjustment": 1}}},
        "outputs": {"chain": {"value": {"get_attr": ["chain", "refs"]}},
                    "size": {"value": {"get_attr": ["asg", "current_size"]}}}}
    created = heat.stacks.create(stack_name=stack_name, template=template)
    stack_id = created["stack"]["id"]
    stack = _settled(heat, stack_id)
    assert stack.stack_status == "CREATE_COMPLETE", stack.stack_status_reason
    assert [len(r) for r in _outputs(stack)["chain"]] == [6, 6, 6]
    assert _outputs(stack)["size"] == 1
    heat.resources.signal(stack_id, "up")
    assert _outputs(_settled(heat, stack_id))["size"] == 3
    heat.resources.signal(stack_id, "up")
    assert _outputs(_settled(heat, stack_id))["size"] == 5
    heat.resources.signal(stack_id, "down")
    assert _outputs(_settled(heat, stack_id))["size"] == 1
    events = heat.events.list(stack_id, resource_name="up")
    assert any(e.resource_status_reason == "No signal details provided" for e in events)
    heat.stacks.delete(stack_id)
    assert _settled(heat, stack_id).stack_status == "DELETE_COMPLETE"


LEVEL3 = {"heat_template_version": "2018-08-31",
          "parameters": {"word": {"type": "string"}},
          "resources": {"v": {"type": "OS::Heat::Value",
                              "properties": {"value": {"get_param": "word"}}}},
          "outputs": {"said": {"value": {"get_attr": ["v", "value"]}}}}
LEVEL2 = {"heat_template_version": "2018-08-31",
          "parameters": {"word": {"type": "string"}},
          "resources": {"low": {"type": "My::Level3",
                                "properties": {"word": {"get_param": "word"}}}},
          "outputs": {"said": {"value": {"get_attr": ["low", "said"]}}}}
LEVEL1 = {"heat_template_version": "2018-08-31",
          "resources": {"mid": {"type": "My::Level2", "properties": {"word": "deep"}}},
          "outputs": {"said": {"value": {"get_attr": ["mid", "said"]}}}}


def _openstack(dep: Deployment, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "openstack"), *args], env=client_env(dep),
                          capture_output=True, text=True, timeout=120)


def test_three_level_provider_tree(deployment: Deployment, stack_name: str,
                                   tmp_path: pathlib.Path):
    (tmp_path / "level3.yaml").write_text(yaml.safe_dump(LEVEL3))
    (tmp_path / "level2.yaml").write_text(yaml.safe_dump(LEVEL2))
    (tmp_path / "top.yaml").write_text(yaml.safe_dump(LEVEL1))
    (tmp_path / "env.yaml").write_text(yaml.safe_dump({"resource_registry": {
        "My::Level2": "level2.yaml", "My::Level3": "level3.yaml"}}))
    created = _openstack(deployment, "stack", "create", "--wait", "-t",
                         str(tmp_path / "top.yaml"), "-e", str(tmp_path / "env.yaml"),
                         stack_name, "-f", "json")
    assert created.returncode == 0, created.stderr
    shown = json.loads(_openstack(deployment, "stack", "output", "show", stack_name,
                                  "said", "-f", "json").stdout)
    assert shown["output_value"] == "deep"
    listed = _openstack(deployment, "stack", "resource", "list", "-n", "2", stack_name,
                        "-f", "json")
    assert listed.returncode == 0, listed.stderr
    names = {r["resource_name"] for r in json.loads(listed.stdout)}
    assert names == {"mid", "low", "v"}
    events = _openstack(deployment, "stack", "event", "list", "--nested-depth", "2",
                        stack_name, "-f", "json")
    assert events.returncode == 0, events.stderr
    nested_all = json.loads(_openstack(deployment, "stack", "list", "--nested",
                                       "-f", "json").stdout)
    assert sum(1 for s in nested_all if s["Stack Name"].startswith(stack_name)) == 3
    deleted = _openstack(deployment, "stack", "delete", "--yes", "--wait", stack_name)
    assert deleted.returncode == 0, deleted.stderr


def test_scaling_policy_alarm_url_scales_the_group(deployment: Deployment,
                                                   stack_name: str) -> None:
    """The signed alarm_url works unauthenticated with curl, as printed."""
    heat = _heat(deployment)
    template = {"heat_template_version": "2018-08-31", "resources": {
        "asg": {"type": "OS::Heat::AutoScalingGroup", "properties": {
            "min_size": 1, "max_size": 4, "resource": {"type": "OS::Heat::None"}}},
        "up": {"type": "OS::Heat::ScalingPolicy", "properties": {
            "auto_scaling_group_id": {"get_resource": "asg"},
            "adjustment_type": "change_in_capacity", "scaling_adjustment": 1}}},
        "outputs": {"size": {"value": {"get_attr": ["asg", "current_size"]}},
                    "alarm": {"value": {"get_attr": ["up", "alarm_url"]}}}}
    stack_id = heat.stacks.create(stack_name=stack_name, template=template)["stack"]["id"]
    stack = _settled(heat, stack_id)
    assert stack.stack_status == "CREATE_COMPLETE", stack.stack_status_reason
    alarm_url = _outputs(stack)["alarm"]
    assert alarm_url.startswith(deployment.endpoint_root)
    posted = subprocess.run(["curl", "-sS", "-X", "POST", "-o", "/dev/null", "-w",
                             "%{http_code}", alarm_url], capture_output=True, text=True,
                            timeout=60)
    assert posted.stdout.strip() in {"200", "204"}, posted
    assert _outputs(_settled(heat, stack_id))["size"] == 2
    forged = subprocess.run(["curl", "-sS", "-X", "POST", "-o", "/dev/null", "-w",
                             "%{http_code}", alarm_url[:-4] + "abcd"],
                            capture_output=True, text=True, timeout=60)
    assert forged.stdout.strip() == "403"
    heat.stacks.delete(stack_id)
    assert _settled(heat, stack_id).stack_status == "DELETE_COMPLETE"


BAD_PROVIDER = {"heat_template_version": "2018-08-31",
                "resources": {"r": {"type": "OS::Heat::Value",
                                    "properties": {"value": 1, "nope": 2}}}}
NESTED_PATH = ("Property error: resources.top<bad.yaml>.resources.r.properties: "
               "Unknown Property nope")
# As Heat's API shows an error the engine raised (rebuilt after RPC).
NESTED_PATH_API = ("Property error: : resources.top<bad.yaml>.resources.r.properties: : "
                   "Unknown Property nope")


def test_nested_templates_are_validated_with_the_parent(deployment: Deployment,
                                                        stack_name: str) -> None:
    """create, preview and POST /validate answer 400 with the nested path."""
    heat = _heat(deployment)
    template = {"heat_template_version": "2018-08-31",
                "resources": {"top": {"type": "bad.yaml"}}}
    files = {"bad.yaml": json.dumps(BAD_PROVIDER)}
    _refused(lambda: heat.stacks.validate(template=template, files=files), NESTED_PATH)
    _refused(lambda: heat.stacks.create(stack_name=stack_name, template=template,
                                        files=files), NESTED_PATH_API)
    _refused(lambda: heat.stacks.preview(stack_name=stack_name, template=template,
                                         files=files), NESTED_PATH_API)
    assert stack_name not in [s.stack_name for s in heat.stacks.list()]


def _refused(call, message: str) -> None:
    from heatclient import exc as heat_exc
    try:
        call()
    except heat_exc.HTTPBadRequest as err:
        assert message in str(err), str(err)
    else:
        raise AssertionError("a bad nested template was accepted")


def _leaf(length) -> str:
    return json.dumps({"heat_template_version": "2018-08-31",
                       "resources": {"x": {"type": "OS::Heat::RandomString",
                                           "properties": {"length": length}}}})


def test_updates_validate_the_new_tree_first(deployment: Deployment,
                                             stack_name: str) -> None:
    """PUT, PATCH and the update preview refuse a bad nested value; nothing changes."""
    heat = _heat(deployment)
    template = {"heat_template_version": "2018-08-31",
                "resources": {"n": {"type": "leaf.yaml"}}}
    stack_id = heat.stacks.create(stack_name=stack_name, template=template,
                                  files={"leaf.yaml": _leaf(8)})["stack"]["id"]
    assert _settled(heat, stack_id).stack_status == "CREATE_COMPLETE"
    bad = {"leaf.yaml": _leaf("notanumber")}
    message = ("ValueError: : resources.n<leaf.yaml>.resources.x: : "
               "Value 'notanumber' is not an integer")
    _refused(lambda: heat.stacks.update(stack_id, template=template, files=bad), message)
    _refused(lambda: heat.stacks.update(stack_id, existing=True, files=bad), message)
    _refused(lambda: heat.stacks.preview_update(stack_id, template=template, files=bad),
             message)
    stack = heat.stacks.get(stack_id)
    assert (stack.stack_status, stack.updated_time) == ("CREATE_COMPLETE", None)
    heat.stacks.delete(stack_id)
    assert _settled(heat, stack_id).stack_status == "DELETE_COMPLETE"


def test_suspend_resume_check_reach_nested_stacks(deployment: Deployment,
                                                  stack_name: str) -> None:
    heat = _heat(deployment)
    template = {"heat_template_version": "2018-08-31", "resources": {
        "g": {"type": "OS::Heat::ResourceGroup", "properties": {
            "count": 3, "resource_def": {"type": "OS::Heat::TestResource"}}}}}
    stack_id = heat.stacks.create(stack_name=stack_name, template=template)["stack"]["id"]
    assert _settled(heat, stack_id).stack_status == "CREATE_COMPLETE"
    child = next(s for s in heat.stacks.list(show_nested=True)
                 if s.stack_name.startswith(stack_name + "-g-"))
    for action, call in (("SUSPEND", heat.actions.suspend), ("RESUME", heat.actions.resume),
                         ("CHECK", heat.actions.check)):
        call(stack_id)
        stack = _settled(heat, stack_id)
        assert stack.stack_status == action + "_COMPLETE", stack.stack_status_reason
        assert heat.stacks.get(child.id).stack_status == action + "_COMPLETE"
        members = heat.resources.list(child.id)
        assert {m.resource_status for m in members} == {action + "_COMPLETE"}
    # Events listed with nested_depth carry Heat's root_stack link.
    events = heat.events.list(stack_id, nested_depth=1)
    links = [{link["rel"]: link["href"] for link in e.links} for e in events]
    assert all(ls.get("root_stack", "").endswith("/stacks/%s/%s" % (stack_name, stack_id))
               for ls in links), links[:3]
    assert any(ls["stack"].endswith(child.id) for ls in links)
    assert all("root_stack" not in {link["rel"] for link in e.links}
               for e in heat.events.list(stack_id))
    heat.stacks.delete(stack_id)
    assert _settled(heat, stack_id).stack_status == "DELETE_COMPLETE"


def test_rolling_update_must_fit_the_timeout(deployment: Deployment,
                                             stack_name: str) -> None:
    heat = _heat(deployment)
    template = _group(3, [])
    template["resources"]["g"]["update_policy"] = {
        "rolling_update": {"max_batch_size": 1, "pause_time": 60}}
    stack_id = heat.stacks.create(stack_name=stack_name, template=template,
                                  timeout_mins=1)["stack"]["id"]
    assert _settled(heat, stack_id).stack_status == "CREATE_COMPLETE"
    template["resources"]["g"]["properties"]["resource_def"]["properties"]["value"] = "n"
    heat.stacks.update(stack_id, template=template, timeout_mins=1)
    stack = _settled(heat, stack_id)
    assert stack.stack_status == "UPDATE_FAILED"
    assert stack.stack_status_reason == (
        "ValueError: resources.g: The current update policy will result in stack update "
        "timeout.")
    heat.stacks.delete(stack_id)
    assert _settled(heat, stack_id).stack_status == "DELETE_COMPLETE"


SCALED = {"heat_template_version": "2018-08-31", "resources": {
    "asg": {"type": "OS::Heat::AutoScalingGroup", "properties": {
        "min_size": 1, "max_size": 4, "resource": {"type": "OS::Heat::None"}}},
    "up": {"type": "OS::Heat::ScalingPolicy", "properties": {
        "auto_scaling_group_id": {"get_resource": "asg"},
        "adjustment_type": "change_in_capacity", "scaling_adjustment": 2}}},
    "outputs": {"size": {"value": {"get_attr": ["asg", "current_size"]}}}}


def test_scaling_in_a_provider_template_updates_the_root(deployment: Deployment,
                                                         stack_name: str) -> None:
    heat = _heat(deployment)
    template = {"heat_template_version": "2018-08-31",
                "resources": {"inner": {"type": "scaled.yaml"},
                              "server": {"type": "OS::Heat::DeployedServer",
                                         "metadata": {"role": "web"}}},
                "outputs": {"size": {"value": {"get_attr": ["inner", "size"]}}}}
    files = {"scaled.yaml": json.dumps(SCALED)}
    stack_id = heat.stacks.create(stack_name=stack_name, template=template,
                                  files=files)["stack"]["id"]
    stack = _settled(heat, stack_id)
    assert stack.stack_status == "CREATE_COMPLETE", stack.stack_status_reason
    assert _outputs(stack)["size"] == 1
    inner = heat.resources.get(stack_id, "inner").physical_resource_id
    heat.resources.signal(inner, "up")
    assert _outputs(_settled(heat, stack_id))["size"] == 3

    # A deployment to the DeployedServer, then a stack update that changes
    # the server's metadata: the deployment and os-collect-config stay.
    server_id = heat.resources.get(stack_id, "server").physical_resource_id
    config = heat.software_configs.create(name="c", group="script", config="#!/bin/sh")
    heat.software_deployments.create(server_id=server_id, config_id=config.id,
                                     action="INIT", status="COMPLETE")
    before = heat.resources.metadata(stack_id, "server")
    assert len(before["deployments"]) == 1 and before["os-collect-config"]
    template["resources"]["server"]["metadata"] = {"role": "db"}
    heat.stacks.update(stack_id, template=template, files=files)
    stack = _settled(heat, stack_id)
    assert stack.stack_status == "UPDATE_COMPLETE", stack.stack_status_reason
    after = heat.resources.metadata(stack_id, "server")
    assert after == dict(before, role="db")
    heat.stacks.delete(stack_id)
    assert _settled(heat, stack_id).stack_status == "DELETE_COMPLETE"
