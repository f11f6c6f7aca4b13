"""The API reference's samples are what heatlite answers (doc/source/api/samples/).

One walk through the v1 API on a heatlite-all of its own records each
operation's request and answer (tests/functional/api_samples.py) and
compares them with the committed samples; ``tools/api-samples`` writes
them anew after a deliberate change of the API. The lists that grow
with every plugin or template function (resource types, functions) and
build_info (it names the revision) have no sample.
"""

from __future__ import annotations

import os
import time

import pytest

from tests.functional import api_samples
from tests.functional import deployment as deploy

SAMPLES = deploy.REPO / "doc" / "source" / "api" / "samples"
WRITE_ENV = "HEATLITE_WRITE_API_SAMPLES"

TEMPLATE = {
    "heat_template_version": "2018-08-31",
    "description": "A demo stack.",
    "parameters": {"greeting": {"type": "string", "default": "hello"}},
    "resources": {"message": {"type": "OS::Heat::Value",
                              "properties": {"value": {"get_param": "greeting"}}}},
    "outputs": {"message": {"description": "The greeting.",
                            "value": {"get_attr": ["message", "value"]}}},
}


@pytest.fixture(scope="module")
def heatlite_all(tmp_path_factory):
    dep = deploy.Deployment("all-sqlite", tmp_path_factory.mktemp("samples"), None,
                            "fake://", False)
    dep.start()
    yield dep
    assert all(code == 0 for code in dep.stop().values()), dep.logs()[-4000:]


def _settled(call: api_samples.Recorder, url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        stack = call(None, "GET", url, 200).json()["stack"]
        if not stack["stack_status"].endswith("IN_PROGRESS"):
            return
        time.sleep(0.1)
    raise AssertionError("stack still in progress: %s" % url)


def _walk_stack(call: api_samples.Recorder) -> str:
    create = {"stack_name": "demo", "template": TEMPLATE, "parameters": {"greeting": "hi"},
              "timeout_mins": 10, "tags": "web,prod"}
    stack_id = call("create_stack", "POST", "/stacks", 201, create).json()["stack"]["id"]
    url = "/stacks/demo/" + stack_id
    _settled(call, url)
    call("show_stack", "GET", url, 200)
    call("list_stacks", "GET", "/stacks", 200)
    call("list_stacks_detail", "GET", "/stacks/detail", 200)
    for operation, sub in (("get_stack_template", "/template"),
                           ("get_stack_environment", "/environment"),
                           ("get_stack_files", "/files"), ("list_outputs", "/outputs"),
                           ("show_output", "/outputs/message"),
                           ("list_resources", "/resources"),
                           ("show_resource", "/resources/message"),
                           ("show_resource_metadata", "/resources/message/metadata"),
                           ("list_stack_events", "/events"),
                           ("list_resource_events", "/resources/message/events"),
                           ("list_snapshots", "/snapshots"), ("export_stack", "/export")):
        call(operation, "GET", url + sub, 200)
    event = call(None, "GET", url + "/resources/message/events", 200).json()["events"][0]
    call("show_event", "GET", url + "/resources/message/events/" + event["id"], 200)
    call("preview_update_stack_patch", "PATCH", url + "/preview", 200,
         {"parameters": {"greeting": "hey"}})
    call("update_stack_patch", "PATCH", url, 202, {"parameters": {"greeting": "hey"}})
    _settled(call, url)
    call("stack_action", "POST", url + "/actions", 200, {"check": None})
    _settled(call, url)
    call("mark_resource_unhealthy", "PATCH", url + "/resources/message", 200,
         {"mark_unhealthy": True, "resource_status_reason": "disk full"})
    return url


def _walk_templates(call: api_samples.Recorder) -> None:
    call("validate_template", "POST", "/validate", 200, {"template": TEMPLATE})
    call("preview_stack", "POST", "/stacks/preview", 200,
         {"stack_name": "preview", "template": TEMPLATE})
    call("list_template_versions", "GET", "/template_versions", 200)
    call("resource_schema", "GET", "/resource_types/OS::Heat::Value", 200)
    call("generate_template", "GET", "/resource_types/OS::Heat::Value/template", 200,
         template_type="hot")


def _walk_software(call: api_samples.Recorder) -> None:
    config = {"name": "hello", "group": "script", "config": "#!/bin/sh\necho $greeting\n",
              "inputs": [{"name": "greeting", "default": "hi"}],
              "outputs": [{"name": "result"}], "options": {}}
    config_id = call("create_software_config", "POST", "/software_configs", 200,
                     config).json()["software_config"]["id"]
    call("list_software_configs", "GET", "/software_configs", 200)
    call("show_software_config", "GET", "/software_configs/" + config_id, 200)
    server = "9b7a3e4c-0d2f-4c53-8a1e-5f6b7c8d9e0f"
    made = {"config_id": config_id, "server_id": server, "action": "CREATE",
            "status": "IN_PROGRESS", "input_values": {"greeting": "hey"}}
    deployment_id = call("create_software_deployment", "POST", "/software_deployments",
                         200, made).json()["software_deployment"]["id"]
    call("list_software_deployments", "GET", "/software_deployments", 200, server_id=server)
    call("show_software_deployment", "GET", "/software_deployments/" + deployment_id, 200)
    call("update_software_deployment", "PUT", "/software_deployments/" + deployment_id, 200,
         {"status": "COMPLETE", "output_values": {"result": "hey"}})
    call("software_deployment_metadata", "GET", "/software_deployments/metadata/" + server,
         200)
    call(None, "DELETE", "/software_deployments/" + deployment_id, 204)
    call(None, "DELETE", "/software_configs/" + config_id, 204)


def test_samples_are_what_heatlite_answers(heatlite_all, tmp_path):
    call = api_samples.Recorder(heatlite_all.endpoint_root)
    url = _walk_stack(call)
    _walk_templates(call)
    _walk_software(call)
    call("list_services", "GET", "/services", 200)
    call(None, "DELETE", url, 204)
    if os.environ.get(WRITE_ENV):
        call.write(SAMPLES)  # tools/api-samples: a deliberate refresh
    call.write(tmp_path)
    fresh = {p.name: p.read_text() for p in tmp_path.iterdir()}
    committed = {p.name: p.read_text() for p in SAMPLES.glob("*.json")}
    stale = sorted(name for name in fresh.keys() | committed.keys()
                   if fresh.get(name) != committed.get(name))
    assert not stale, ("samples differ from heatlite's answers (run tools/api-samples "
                       "after a deliberate API change): %s" % stale)
