"""The API reference's samples are what heatlite answers (doc/source/api/samples/).

One walk through the v1 API on a heatlite-all of its own records each
operation's request and answer (tests/functional/api_samples.py) and
compares them with the committed samples; ``tools/api-samples`` writes
them anew after a deliberate change of the API. The answers that grow
with every plugin or template function (resource types, functions) or
name the revision (build_info) are compared by their shape only (SHAPES).
A unit test (tests/unit/api/openapi/test_samples.py) holds every
operation of the OpenAPI document to having a sample.
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
    # Abandon is off by default (as in Heat); its sample needs it on.
    dep = deploy.Deployment("all-sqlite", tmp_path_factory.mktemp("samples"), None,
                            "fake://", False,
                            extra={"DEFAULT": {"enable_stack_abandon": "true"}})
    dep.start()
    yield dep
    assert all(code == 0 for code in dep.stop().values()), dep.logs()[-4000:]

# Resource types and template functions every heatlite has: a plugin added
# or removed elsewhere does not change the compared part of those lists.
CORE_TYPES = {"OS::Heat::None", "OS::Heat::RandomString", "OS::Heat::Stack",
              "OS::Heat::Value", "OS::Heat::WaitConditionHandle"}
CORE_FUNCTIONS = {"get_attr", "get_file", "get_param", "get_resource", "list_join"}


def _type_shape(doc: dict) -> dict:
    return {key: sorted(CORE_TYPES & set(names)) for key, names in doc.items()}


def _function_shape(doc: dict) -> dict:
    return {key: {"keys": sorted({k for f in funcs for k in f}),
                  "core": sorted(CORE_FUNCTIONS & {f["functions"] for f in funcs})}
            for key, funcs in doc.items()}


def _build_info_shape(doc: dict) -> dict:
    return {part: sorted(fields) for part, fields in doc.items()}


def _settled(call: api_samples.Recorder, url: str, key: str = "stack",
             field: str = "stack_status") -> None:
    """Until the stack (or snapshot) at ``url`` is no longer in progress."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        doc = call(None, "GET", url, 200).json()[key]
        if not doc[field].endswith("IN_PROGRESS"):
            return
        time.sleep(0.1)
    raise AssertionError("still in progress: %s" % url)


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


def _walk_lookups(call: api_samples.Recorder, url: str) -> None:
    """A stack named without its id: each answer is a 302 to the full URL."""
    for operation, method, sub in (
            ("find_stack", "GET", ""), ("find_stack_post", "POST", ""),
            ("find_stack_put", "PUT", ""), ("find_stack_patch", "PATCH", ""),
            ("find_stack_delete", "DELETE", ""),
            ("find_stack_resources", "GET", "/resources"),
            ("find_stack_resources_post", "POST", "/resources"),
            ("find_stack_events", "GET", "/events"),
            ("find_stack_events_post", "POST", "/events"),
            ("find_stack_template", "GET", "/template"),
            ("find_stack_template_post", "POST", "/template"),
            ("find_stack_actions", "GET", "/actions"),
            ("find_stack_actions_post", "POST", "/actions"),
            ("find_stack_environment", "GET", "/environment"),
            ("find_stack_files", "GET", "/files")):
        resp = call(operation, method, "/stacks/demo" + sub, 302)
        assert resp.headers["Location"] == call.api + url + sub


def _walk_put_update(call: api_samples.Recorder, url: str) -> None:
    """The whole-stack update (PUT): a new template, parameters reset."""
    update = {"template": TEMPLATE, "parameters": {"greeting": "howdy"},
              "timeout_mins": 10}
    call("preview_update_stack", "PUT", url + "/preview", 200, update)
    call("update_stack", "PUT", url, 202, update)
    _settled(call, url)


def _walk_snapshots(call: api_samples.Recorder, url: str) -> None:
    snapshot = call("snapshot_stack", "POST", url + "/snapshots", 200,
                    {"name": "before-upgrade"}).json()
    snap_url = url + "/snapshots/" + snapshot["id"]
    _settled(call, snap_url, "snapshot", "status")
    _settled(call, url)
    call("show_snapshot", "GET", snap_url, 200)
    call("restore_snapshot", "POST", snap_url + "/restore", 202)
    _settled(call, url)
    call("delete_snapshot", "DELETE", snap_url, 204)


def _walk_signal(call: api_samples.Recorder) -> str:
    """A second stack, whose wait-condition handle takes a signal.

    Its handle keeps a random token and id, so this is the stack deleted at
    the end, and the demo stack the one abandoned."""
    template = {"heat_template_version": "2018-08-31",
                "resources": {"handle": {"type": "OS::Heat::WaitConditionHandle"}}}
    made = call(None, "POST", "/stacks", 201, {"stack_name": "signals", "template": template})
    url = "/stacks/signals/" + made.json()["stack"]["id"]
    _settled(call, url)
    call("signal_resource", "POST", url + "/resources/handle/signal", 200,
         {"status": "SUCCESS", "reason": "configured", "data": "done", "id": "1"})
    return url


def _walk_templates(call: api_samples.Recorder) -> None:
    call("validate_template", "POST", "/validate", 200, {"template": TEMPLATE})
    call("preview_stack", "POST", "/stacks/preview", 200,
         {"stack_name": "preview", "template": TEMPLATE})
    call("list_template_versions", "GET", "/template_versions", 200)
    call("resource_schema", "GET", "/resource_types/OS::Heat::Value", 200)
    call("generate_template", "GET", "/resource_types/OS::Heat::Value/template", 200,
         template_type="hot")
    call("list_resource_types", "GET", "/resource_types", 200, shape=_type_shape)
    call("list_template_functions", "GET",
         "/template_versions/heat_template_version.2018-08-31/functions", 200,
         shape=_function_shape)
    call("build_info", "GET", "/build_info", 200, shape=_build_info_shape)


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
    call("delete_software_deployment", "DELETE", "/software_deployments/" + deployment_id,
         204)
    call("delete_software_config", "DELETE", "/software_configs/" + config_id, 204)


def test_samples_are_what_heatlite_answers(heatlite_all):
    call = api_samples.Recorder(heatlite_all.endpoint_root)
    url = _walk_stack(call)
    _walk_lookups(call, url)
    _walk_put_update(call, url)
    _walk_snapshots(call, url)
    _walk_templates(call)
    _walk_software(call)
    signals_url = _walk_signal(call)
    call("list_services", "GET", "/services", 200)
    call("abandon_stack", "DELETE", url + "/abandon", 200)
    call("delete_stack", "DELETE", signals_url, 204)
    if os.environ.get(WRITE_ENV):
        call.write(SAMPLES)  # tools/api-samples: a deliberate refresh
    stale = call.stale(SAMPLES)
    assert not stale, ("samples differ from heatlite's answers (run tools/api-samples "
                       "after a deliberate API change): %s" % stale)
