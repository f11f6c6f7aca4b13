"""The clients Heat users already have, against every real deployment.

python-heatclient as a library, the ``openstack stack`` CLI (token_endpoint
auth) and the legacy ``heat`` CLI with --os-no-client-auth.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import time

import yaml
from heatclient import client as heat_client
from heatclient import exc as heat_exc

from tests.functional.deployment import Deployment, client_env

BIN = pathlib.Path(sys.executable).parent

TEMPLATE_YAML = """\
heat_template_version: 2018-08-31
description: functional client test
parameters:
  key:
    type: string
    default: unset
resources:
  rand:
    type: OS::Heat::RandomString
    properties:
      length: 10
  val:
    type: OS::Heat::Value
    properties:
      value: {get_param: key}
outputs:
  key:
    value: {get_attr: [val, value]}
  rand:
    value: {get_attr: [rand, value]}
"""


def _heat(dep: Deployment):
    return heat_client.Client("1", endpoint=dep.endpoint(), token="functional-token")


def _wait(heat, stack_id: str, wanted: set[str], timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while True:
        stack = heat.stacks.get(stack_id)
        if stack.stack_status in wanted or time.monotonic() > deadline:
            return stack
        time.sleep(0.05)


def _wait_gone(heat, stack_id: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status = heat.stacks.get(stack_id).stack_status
        except heat_exc.HTTPNotFound:
            return "gone"
        if status == "DELETE_COMPLETE":
            return status
        time.sleep(0.05)
    return "timeout"


def test_heatclient_library(deployment: Deployment, stack_name: str) -> None:
    heat = _heat(deployment)
    created = heat.stacks.create(stack_name=stack_name, template=TEMPLATE_YAML,
                                 parameters={"key": "from-client"})
    stack_id = created["stack"]["id"]
    stack = _wait(heat, stack_id, {"CREATE_COMPLETE", "CREATE_FAILED"})
    assert stack.stack_status == "CREATE_COMPLETE"
    outputs = {o["output_key"]: o["output_value"] for o in stack.outputs}
    assert outputs["key"] == "from-client" and len(outputs["rand"]) == 10

    assert stack_name in [s.stack_name for s in heat.stacks.list()]
    by_name = heat.stacks.get(stack_name)  # follows the 302 lookup
    assert by_name.id == stack_id
    resources = {r.resource_name: r for r in heat.resources.list(stack_id)}
    assert set(resources) == {"rand", "val"}
    assert heat.resources.get(stack_id, "val").attributes["value"] == "from-client"
    events = list(heat.events.list(stack_id))
    assert any(e.resource_name == "rand" and e.resource_status == "CREATE_COMPLETE"
               for e in events)
    assert heat.stacks.template(stack_id)["description"] == "functional client test"

    heat.stacks.delete(stack_id)
    assert _wait_gone(heat, stack_id) in {"gone", "DELETE_COMPLETE"}


def _openstack(dep: Deployment, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "openstack"), *args], env=client_env(dep),
                          capture_output=True, text=True, timeout=120)


def test_openstack_cli(deployment: Deployment, stack_name: str,
                       tmp_path: pathlib.Path) -> None:
    template = tmp_path / "stack.yaml"
    template.write_text(TEMPLATE_YAML)
    created = _openstack(deployment, "stack", "create", "-t", str(template),
                         "--parameter", "key=from-osc", "--wait", "-f", "json",
                         stack_name)
    assert created.returncode == 0, created.stderr
    # --wait prints the event log first, then the stack as JSON.
    document = created.stdout[created.stdout.index("\n{") + 1:]
    assert json.loads(document)["stack_status"] == "CREATE_COMPLETE"

    listed = _openstack(deployment, "stack", "list", "-f", "json")
    assert listed.returncode == 0, listed.stderr
    assert stack_name in [s["Stack Name"] for s in json.loads(listed.stdout)]

    shown = _openstack(deployment, "stack", "show", stack_name, "-f", "json")
    assert shown.returncode == 0, shown.stderr
    outputs = json.loads(shown.stdout)["outputs"]
    assert {"output_key": "key", "output_value": "from-osc",
            "description": "No description given"} in outputs

    output = _openstack(deployment, "stack", "resource", "list", stack_name, "-f", "json")
    assert output.returncode == 0, output.stderr
    assert {r["resource_name"] for r in json.loads(output.stdout)} == {"rand", "val"}

    deleted = _openstack(deployment, "stack", "delete", "--yes", "--wait", stack_name)
    assert deleted.returncode == 0, deleted.stderr
    missing = _openstack(deployment, "stack", "show", stack_name)
    assert missing.returncode != 0
    assert "not found" in missing.stderr.lower()


def _legacy_heat(dep: Deployment, *args: str) -> subprocess.CompletedProcess[str]:
    base = [str(BIN / "heat"), "--os-no-client-auth", "--heat-url", dep.endpoint(),
            "--os-auth-token", "x"]
    return subprocess.run(base + list(args), env=client_env(dep), capture_output=True,
                          text=True, timeout=120)


def test_legacy_heat_cli(deployment: Deployment, stack_name: str,
                         tmp_path: pathlib.Path) -> None:
    template = tmp_path / "template.yaml"
    template.write_text(TEMPLATE_YAML)
    created = _legacy_heat(deployment, "stack-create", stack_name, "-f", str(template),
                           "-P", "key=value")
    assert created.returncode == 0, created.stderr
    assert stack_name in created.stdout
    heat = _heat(deployment)
    stack = _wait(heat, stack_name, {"CREATE_COMPLETE", "CREATE_FAILED"})
    assert stack.stack_status == "CREATE_COMPLETE"

    listed = _legacy_heat(deployment, "stack-list")
    assert listed.returncode == 0 and stack_name in listed.stdout
    shown = _legacy_heat(deployment, "stack-show", stack_name)
    assert shown.returncode == 0 and "CREATE_COMPLETE" in shown.stdout
    template_out = _legacy_heat(deployment, "template-show", stack_name)
    assert yaml.safe_load(template_out.stdout)["description"] == "functional client test"

    deleted = _legacy_heat(deployment, "stack-delete", "-y", stack_name)
    assert deleted.returncode == 0, deleted.stderr
    assert _wait_gone(heat, stack.id) in {"gone", "DELETE_COMPLETE"}
