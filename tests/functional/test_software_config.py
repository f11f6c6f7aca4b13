"""Software configs and deployments against every real deployment: plain
HTTP, python-heatclient's managers and the ``openstack software ...`` CLI.

The HTTP walk is the one Heat's own API tests (heat-tempest-plugin's
softwareconfig.yaml) make, plus the error answers.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import uuid

import requests
from heatclient import client as heat_client
from heatclient import exc as heat_exc

from tests.functional.deployment import Deployment, client_env

BIN = pathlib.Path(sys.executable).parent


def _unique(prefix: str) -> str:
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def test_config_and_deployment_over_http(deployment: Deployment) -> None:
    base = deployment.endpoint()
    name = _unique("http-config")
    server = _unique("server")
    resp = requests.post(base + "/software_configs", timeout=10, json={
        "name": name, "group": "script", "config": "#!/bin/sh -x\necho hello",
        "inputs": [{"name": "foo", "default": "bar"}],
        "outputs": [{"name": "result", "error_output": False}]})
    assert resp.status_code == 200, resp.text
    config = resp.json()["software_config"]
    assert config["group"] == "script"
    assert config["inputs"] == [{"name": "foo", "type": "String", "default": "bar"}]

    shown = requests.get(base + "/software_configs/" + config["id"], timeout=10)
    assert shown.status_code == 200 and shown.json() == {"software_config": config}

    resp = requests.post(base + "/software_deployments", timeout=10, json={
        "action": "ACTION0", "config_id": config["id"], "server_id": server})
    assert resp.status_code == 200, resp.text
    sd = resp.json()["software_deployment"]
    assert (sd["action"], sd["server_id"], sd["config_id"]) == ("ACTION0", server,
                                                               config["id"])
    sd_url = base + "/software_deployments/" + sd["id"]
    assert requests.get(sd_url, timeout=10).json()["software_deployment"]["action"] == \
        "ACTION0"

    metadata = requests.get(base + "/software_deployments/metadata/" + server, timeout=10)
    assert metadata.status_code == 200
    assert [m["id"] for m in metadata.json()["metadata"]] == [config["id"]]
    assert metadata.json()["metadata"][0]["group"] == "script"

    resp = requests.put(sd_url, timeout=10, json={
        "action": "ACTION1", "status": "COMPLETE", "status_reason": "completed",
        "output_values": {"deploy_stdout": "hello\n", "deploy_stderr": "",
                          "deploy_status_code": 0}})
    assert resp.status_code == 200, resp.text
    updated = resp.json()["software_deployment"]
    assert (updated["action"], updated["status"], updated["status_reason"]) == (
        "ACTION1", "COMPLETE", "completed")
    assert updated["output_values"]["deploy_stdout"] == "hello\n"
    assert "updated_time" in updated

    listed = requests.get(base + "/software_configs", timeout=10).json()["software_configs"]
    assert config["id"] in [c["id"] for c in listed]
    deployments = requests.get(base + "/software_deployments", params={"server_id": server},
                               timeout=10).json()["software_deployments"]
    assert [d["id"] for d in deployments] == [sd["id"]]

    in_use = requests.delete(base + "/software_configs/" + config["id"], timeout=10)
    assert in_use.status_code == 409
    assert in_use.json()["error"]["type"] == "InvalidRestrictedAction"

    assert requests.delete(sd_url, timeout=10).status_code == 204
    assert requests.get(sd_url, timeout=10).status_code == 404
    assert requests.delete(base + "/software_configs/" + config["id"],
                           timeout=10).status_code == 204
    missing = requests.get(base + "/software_configs/" + config["id"], timeout=10)
    assert missing.status_code == 404
    # The engine's text does not cross RPC (see exception.NotFound).
    assert missing.json()["error"] == {"type": "NotFound", "traceback": None,
                                       "message": "Not found"}


def test_bad_requests_are_heats_4xx(deployment: Deployment) -> None:
    base = deployment.endpoint()
    resp = requests.post(base + "/software_configs", timeout=10,
                         json={"name": "x", "inputs": "not a list"})
    assert resp.status_code == 400
    assert resp.json()["error"]["message"] == "Software Config I/O Schema must be in a list"
    resp = requests.post(base + "/software_deployments", timeout=10,
                         json={"config_id": str(uuid.uuid4()), "server_id": "s"})
    # Heat 27 looks the config up in the caller's project: 404.
    assert resp.status_code == 404
    assert resp.json()["error"]["type"] == "NotFound"
    resp = requests.put(base + "/software_deployments/" + str(uuid.uuid4()), timeout=10,
                        json={"status": "COMPLETE"})
    assert resp.status_code == 404


def test_heatclient_managers(deployment: Deployment) -> None:
    heat = heat_client.Client("1", endpoint=deployment.endpoint(), token="functional-token")
    server = _unique("server")
    config = heat.software_configs.create(name=_unique("lib"), group="script",
                                          config="echo lib", inputs=[{"name": "who"}])
    assert heat.software_configs.get(config.id).config == "echo lib"
    assert config.id in [c.id for c in heat.software_configs.list(limit=100)]

    sd = heat.software_deployments.create(config_id=config.id, server_id=server,
                                          action="CREATE", status="IN_PROGRESS",
                                          status_reason="Deploy data available",
                                          input_values={"who": "world"})
    assert heat.software_deployments.get(sd.id).status == "IN_PROGRESS"
    assert [d.id for d in heat.software_deployments.list(server_id=server)] == [sd.id]
    metadata = heat.software_deployments.metadata(server_id=server)
    assert [m["id"] for m in metadata] == [config.id]

    heat.software_deployments.update(sd.id, status="COMPLETE", status_reason="done",
                                     output_values={"deploy_status_code": 0})
    done = heat.software_deployments.get(sd.id)
    assert (done.status, done.status_reason) == ("COMPLETE", "done")

    heat.software_deployments.delete(sd.id)
    heat.software_configs.delete(config.id)
    try:
        heat.software_configs.get(config.id)
    except heat_exc.HTTPNotFound:
        pass
    else:
        raise AssertionError("deleted config still shown")


def _openstack(dep: Deployment, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "openstack"), *args], env=client_env(dep),
                          capture_output=True, text=True, timeout=120)


def _json(result: subprocess.CompletedProcess[str]) -> object:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_openstack_software_cli(deployment: Deployment) -> None:
    # ``openstack software config create`` first validates a template with an
    # OS::Heat::SoftwareConfig resource (POST /validate); until that resource
    # type exists the config is made through the library the CLI uses.
    heat = heat_client.Client("1", endpoint=deployment.endpoint(), token="functional-token")
    name = _unique("cli-config")
    server = _unique("server")
    config_id = heat.software_configs.create(
        name=name, group="script", config="#!/bin/sh\necho $who\n",
        inputs=[{"name": "who", "default": "nobody"}], outputs=[{"name": "result"}]).id
    shown = _json(_openstack(deployment, "software", "config", "show", config_id,
                             "-f", "json"))
    assert isinstance(shown, dict) and shown["name"] == name
    assert shown["inputs"] == [{"name": "who", "type": "String", "default": "nobody"}]
    listed = _json(_openstack(deployment, "software", "config", "list", "-f", "json"))
    assert isinstance(listed, list) and config_id in [c["id"] for c in listed]

    sd = _json(_openstack(deployment, "software", "deployment", "create", "--config",
                          config_id, "--server", server, "--signal-transport", "NO_SIGNAL",
                          "--input-value", "who=cli", "-f", "json", _unique("cli-sd")))
    assert isinstance(sd, dict) and sd["status"] == "IN_PROGRESS"
    assert sd["server_id"] == server
    derived_id = sd["config_id"]
    assert derived_id != config_id

    metadata = _openstack(deployment, "software", "deployment", "metadata", "show", server)
    assert metadata.returncode == 0, metadata.stderr
    [derived] = json.loads(metadata.stdout)
    assert derived["id"] == derived_id
    inputs = {i["name"]: i.get("value") for i in derived["inputs"]}
    assert inputs["who"] == "cli"
    assert inputs["deploy_server_id"] == server
    assert inputs["deploy_signal_transport"] == "NO_SIGNAL"

    deployments = _json(_openstack(deployment, "software", "deployment", "list",
                                   "--server", server, "-f", "json"))
    assert isinstance(deployments, list) and [d["id"] for d in deployments] == [sd["id"]]
    shown_sd = _json(_openstack(deployment, "software", "deployment", "show", sd["id"],
                                "-f", "json"))
    assert isinstance(shown_sd, dict) and shown_sd["config_id"] == derived_id

    deleted = _openstack(deployment, "software", "deployment", "delete", sd["id"])
    assert deleted.returncode == 0, deleted.stderr
    # The CLI deletes the derived config with the deployment.
    gone = _openstack(deployment, "software", "config", "show", derived_id)
    assert gone.returncode != 0
    deleted = _openstack(deployment, "software", "config", "delete", config_id)
    assert deleted.returncode == 0, deleted.stderr
