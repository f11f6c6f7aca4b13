"""What Heat users do with waits and software deployments, against real daemons:
a wait condition signalled by curl with the handle's printed curl_cli, and a
config deployed to an OS::Heat::DeployedServer by the reference agent
(tools/agent/heatlite_agent.py) polling its signed metadata URL.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import time

import requests

from tests.functional.deployment import Deployment

AGENT = pathlib.Path(__file__).resolve().parents[2] / "tools" / "agent" / "heatlite_agent.py"

WAIT_TEMPLATE = {
    "heat_template_version": "2018-08-31",
    "resources": {
        "handle": {"type": "OS::Heat::WaitConditionHandle"},
        "wait": {"type": "OS::Heat::WaitCondition",
                 "properties": {"handle": {"get_resource": "handle"}, "timeout": 120}},
        "after": {"type": "OS::Heat::Value", "depends_on": "wait",
                  "properties": {"value": {"get_attr": ["wait", "data"]}}},
    },
    "outputs": {"data": {"value": {"get_attr": ["wait", "data"]}}},
}

DEPLOY_TEMPLATE = {
    "heat_template_version": "2018-08-31",
    "resources": {
        "server": {"type": "OS::Heat::DeployedServer",
                   "properties": {"software_config_transport": "POLL_TEMP_URL"}},
        "config": {"type": "OS::Heat::SoftwareConfig", "properties": {
            "group": "script",
            "inputs": [{"name": "greeting"}],
            "outputs": [{"name": "result"}],
            "config": "#!/bin/sh\necho \"$greeting from $deploy_resource_name\"\n"
                      "printf 'done-%s' \"$greeting\" > \"$heat_outputs_path.result\"\n"}},
        "deploy": {"type": "OS::Heat::SoftwareDeployment", "properties": {
            "server": {"get_resource": "server"}, "config": {"get_resource": "config"},
            "input_values": {"greeting": "hello"}, "signal_transport": "CFN_SIGNAL"}},
    },
    "outputs": {"result": {"value": {"get_attr": ["deploy", "result"]}},
                "stdout": {"value": {"get_attr": ["deploy", "deploy_stdout"]}},
                "code": {"value": {"get_attr": ["deploy", "deploy_status_code"]}}},
}


def create(dep: Deployment, name: str, template: dict) -> str:
    resp = requests.post(dep.endpoint() + "/stacks", timeout=20, json={
        "stack_name": name, "template": template, "timeout_mins": 5})
    assert resp.status_code == 201, resp.text
    return "%s/stacks/%s/%s" % (dep.endpoint(), name, resp.json()["stack"]["id"])


def wait_stack(url: str, timeout: float = 90.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stack = requests.get(url, timeout=10).json()["stack"]
        if not stack["stack_status"].endswith("IN_PROGRESS"):
            return stack
        time.sleep(0.2)
    raise AssertionError("stack still in progress: %s" % url)


def wait_resource(url: str, name: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        resp = requests.get("%s/resources/%s" % (url, name), timeout=10)
        if resp.status_code == 200:
            res = resp.json()["resource"]
            if res["resource_status"] == "CREATE_COMPLETE":
                return res
        time.sleep(0.1)
    raise AssertionError("resource %s never completed" % name)


def outputs(stack: dict) -> dict:
    return {o["output_key"]: o.get("output_value") for o in stack["outputs"]}


def test_wait_condition_signalled_by_printed_curl(deployment: Deployment,
                                                  stack_name: str) -> None:
    url = create(deployment, stack_name, WAIT_TEMPLATE)
    handle = wait_resource(url, "handle")
    curl_cli = handle["attributes"]["curl_cli"]
    endpoint = handle["attributes"]["endpoint"]
    assert curl_cli.startswith("curl -i -X POST -H 'X-Auth-Token: ")
    assert endpoint.startswith(deployment.endpoint_root + "/v1/signal/admin/stacks/")

    forged = subprocess.run(
        "curl -s -X POST -H 'X-Auth-Token: forged' -H 'Content-Type: application/json' "
        "%s --data-binary '{}'" % endpoint, shell=True, capture_output=True, text=True,
        timeout=30, check=True)
    error = json.loads(forged.stdout)
    assert error["code"] == 403 and error["error"]["type"] == "HeatSignatureError"
    assert requests.get(url, timeout=10).json()["stack"]["stack_status"] == \
        "CREATE_IN_PROGRESS"

    command = curl_cli + " --data-binary '{\"status\": \"SUCCESS\", \"data\": \"from curl\"}'"
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=30,
                          check=True)
    assert done.stdout.startswith("HTTP/1.1 200"), done.stdout

    stack = wait_stack(url)
    assert stack["stack_status"] == "CREATE_COMPLETE", stack["stack_status_reason"]
    assert json.loads(outputs(stack)["data"]) == {"1": "from curl"}
    events = requests.get(url + "/resources/handle/events", timeout=10).json()["events"]
    assert "Signal: status:SUCCESS reason:Signal 1 received" in [
        e["resource_status_reason"] for e in events]


def test_software_deployment_through_the_reference_agent(deployment: Deployment,
                                                         stack_name: str,
                                                         tmp_path: pathlib.Path) -> None:
    url = create(deployment, stack_name, DEPLOY_TEMPLATE)
    server = wait_resource(url, "server")
    occ = server["attributes"]["os_collect_config"]
    assert occ["collectors"] == ["request", "local"]
    metadata_url = occ["request"]["metadata_url"]

    agent = subprocess.run(
        [sys.executable, str(AGENT), "--metadata-url", metadata_url, "--state-dir",
         str(tmp_path), "--interval", "0.2", "--max-iterations", "300", "--until-idle"],
        capture_output=True, text=True, timeout=120, check=True)
    assert "applied" in agent.stdout, (agent.stdout, agent.stderr)

    stack = wait_stack(url)
    assert stack["stack_status"] == "CREATE_COMPLETE", stack["stack_status_reason"]
    out = outputs(stack)
    assert out["result"] == "done-hello"
    assert out["stdout"] == "hello from deploy\n"
    assert out["code"] == 0
    deployments = requests.get(metadata_url, timeout=10).json()["deployments"]
    assert [d["group"] for d in deployments] == ["script"]


# -- a deployment group updated one deployment at a time ---------------------------------

GROUP_SERVERS = {"a": "s1", "b": "s2", "c": "s3"}


def group_template(greeting: str) -> dict:
    resources: dict = {name: {"type": "OS::Heat::DeployedServer",
                              "properties": {"software_config_transport": "POLL_TEMP_URL"}}
                       for name in GROUP_SERVERS.values()}
    resources["config"] = DEPLOY_TEMPLATE["resources"]["config"]
    resources["group"] = {
        "type": "OS::Heat::SoftwareDeploymentGroup",
        "update_policy": {"rolling_update": {"max_batch_size": 1}},
        "properties": {
            "config": {"get_resource": "config"},
            "servers": {k: {"get_resource": v} for k, v in GROUP_SERVERS.items()},
            "input_values": {"greeting": greeting}, "signal_transport": "CFN_SIGNAL"}}
    return {"heat_template_version": "2018-08-31", "resources": resources,
            "outputs": {"results": {"value": {"get_attr": ["group", "result"]}},
                        "stdouts": {"value": {"get_attr": ["group", "deploy_stdouts"]}},
                        "codes": {"value": {"get_attr": ["group", "deploy_status_codes"]}},
                        "stdout_a": {"value": {"get_attr": [
                            "group", "deploy_stdouts", "a"]}}}}


def run_agents(url: str, metadata_urls: dict[str, str], tmp_path: pathlib.Path,
               timeout: float = 120.0) -> dict:
    """Poll every server's deployments once per round, as its agent would,
    until the stack's operation ends."""
    deadline = time.monotonic() + timeout
    for server in metadata_urls:
        (tmp_path / server).mkdir(exist_ok=True)
    while time.monotonic() < deadline:
        for server, metadata_url in metadata_urls.items():
            subprocess.run(
                [sys.executable, str(AGENT), "--metadata-url", metadata_url, "--state-dir",
                 str(tmp_path / server), "--once"],
                capture_output=True, text=True, timeout=60, check=True)
        stack = requests.get(url, timeout=10).json()["stack"]
        if not stack["stack_status"].endswith("IN_PROGRESS"):
            return stack
    raise AssertionError("stack still in progress: %s" % url)


def test_deployment_group_rolling_update_in_batches(deployment: Deployment,
                                                     stack_name: str,
                                                     tmp_path: pathlib.Path) -> None:
    url = create(deployment, stack_name, group_template("hello"))
    metadata_urls = {
        server: wait_resource(url, server)["attributes"]["os_collect_config"]["request"][
            "metadata_url"] for server in GROUP_SERVERS.values()}
    stack = run_agents(url, metadata_urls, tmp_path)
    assert stack["stack_status"] == "CREATE_COMPLETE", stack["stack_status_reason"]
    out = outputs(stack)
    assert out["results"] == {"a": "done-hello", "b": "done-hello", "c": "done-hello"}
    assert out["stdouts"] == {name: "hello from %s\n" % name for name in GROUP_SERVERS}

    created = {e["id"] for e in requests.get(url + "/events", timeout=10, params={
        "nested_depth": 1}).json()["events"]}
    resp = requests.put(url, timeout=10, json={"template": group_template("bye"),
                                               "timeout_mins": 5})
    assert resp.status_code == 202, resp.text
    stack = run_agents(url, metadata_urls, tmp_path)
    assert stack["stack_status"] == "UPDATE_COMPLETE", stack["stack_status_reason"]

    events = requests.get(url + "/events", timeout=10, params={
        "nested_depth": 1, "sort_dir": "asc", "resource_action": "UPDATE"}).json()["events"]
    members = [(e["resource_name"], e["resource_status"]) for e in events
               if e["id"] not in created and e["resource_name"] in GROUP_SERVERS]
    # One deployment per batch, the last server of the map first.
    assert members == [("c", "UPDATE_IN_PROGRESS"), ("c", "UPDATE_COMPLETE"),
                       ("b", "UPDATE_IN_PROGRESS"), ("b", "UPDATE_COMPLETE"),
                       ("a", "UPDATE_IN_PROGRESS"), ("a", "UPDATE_COMPLETE")]

    out = outputs(stack)
    assert out["results"] == {"a": "done-bye", "b": "done-bye", "c": "done-bye"}
    assert out["stdouts"] == {name: "bye from %s\n" % name for name in GROUP_SERVERS}
    assert out["codes"] == {"a": 0, "b": 0, "c": 0}
    assert out["stdout_a"] == "bye from a\n"
    group = requests.get(url + "/resources/group", timeout=10).json()["resource"]
    assert group["resource_status"] == "UPDATE_COMPLETE"
    assert group["attributes"]["deploy_status_codes"] == {"a": 0, "b": 0, "c": 0}
