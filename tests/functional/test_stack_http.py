"""Stack life cycle over plain HTTP against every real deployment."""

from __future__ import annotations

import time

import requests

from tests.functional.deployment import Deployment

TEMPLATE = {
    "heat_template_version": "2018-08-31",
    "description": "functional: RandomString + Value + outputs",
    "parameters": {
        "length": {"type": "number", "default": 16},
        "suffix": {"type": "string", "default": "one"},
        "secret": {"type": "string", "default": "s3cret", "hidden": True},
    },
    "resources": {
        "rand": {"type": "OS::Heat::RandomString",
                 "properties": {"length": {"get_param": "length"}}},
        "joined": {"type": "OS::Heat::Value",
                   "properties": {"value": {"list_join": [
                       "-", [{"get_attr": ["rand", "value"]}, {"get_param": "suffix"}]]}}},
        "nothing": {"type": "OS::Heat::None", "depends_on": "joined"},
    },
    "outputs": {
        "random": {"description": "the random string",
                   "value": {"get_attr": ["rand", "value"]}},
        "joined": {"value": {"get_attr": ["joined", "value"]}},
    },
}

FAILING = {
    "heat_template_version": "2018-08-31",
    "resources": {
        "ok": {"type": "OS::Heat::RandomString"},
        "boom": {"type": "OS::Heat::TestResource", "depends_on": "ok",
                 "properties": {"fail": True, "value": "boom"}},
    },
}


def wait_for(url: str, wanted: set[str], timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        stack = requests.get(url, timeout=10).json()["stack"]
        if stack["stack_status"] in wanted or time.monotonic() > deadline:
            return stack
        time.sleep(0.05)


def create(dep: Deployment, name: str, template: dict, **extra: object) -> requests.Response:
    body = {"stack_name": name, "template": template, **extra}
    return requests.post(dep.endpoint() + "/stacks", json=body, timeout=30)


def test_versions_document(deployment: Deployment) -> None:
    resp = requests.get(deployment.endpoint_root + "/", timeout=10)
    assert resp.status_code == 300
    assert resp.headers["x-openstack-request-id"].startswith("req-")
    version = resp.json()["versions"][0]
    assert version["id"] == "v1.0" and version["status"] == "CURRENT"
    assert version["links"][0]["href"] == deployment.endpoint_root + "/v1/"


def test_build_info(deployment: Deployment) -> None:
    resp = requests.get(deployment.endpoint() + "/build_info", timeout=10)
    assert resp.status_code == 200
    assert resp.json() == {"api": {"revision": "unknown"},
                           "engine": {"revision": "unknown"}}


def test_stack_life_cycle(deployment: Deployment, stack_name: str) -> None:
    resp = create(deployment, stack_name, TEMPLATE, parameters={"length": 8},
                  tags="a,b", timeout_mins=5)
    assert resp.status_code == 201, resp.text
    stack_id = resp.json()["stack"]["id"]
    url = "%s/stacks/%s/%s" % (deployment.endpoint(), stack_name, stack_id)
    assert resp.headers["Location"] == url
    assert resp.json()["stack"]["links"] == [{"href": url, "rel": "self"}]

    stack = wait_for(url, {"CREATE_COMPLETE", "CREATE_FAILED"})
    assert stack["stack_status"] == "CREATE_COMPLETE", stack
    assert stack["stack_status_reason"] == "Stack CREATE completed successfully"
    assert stack["parameters"]["length"] == "8"
    assert stack["parameters"]["secret"] == "******"
    assert stack["parameters"]["OS::stack_id"] == stack_id
    assert stack["tags"] == ["a", "b"]
    assert stack["timeout_mins"] == 5
    outputs = {o["output_key"]: o for o in stack["outputs"]}
    random_value = outputs["random"]["output_value"]
    assert len(random_value) == 8
    assert outputs["random"]["description"] == "the random string"
    assert outputs["joined"]["output_value"] == random_value + "-one"

    # lookup by name redirects to the canonical URL, keeping sub-paths
    lookup = requests.get("%s/stacks/%s" % (deployment.endpoint(), stack_name),
                          allow_redirects=False, timeout=10)
    assert lookup.status_code == 302 and lookup.headers["Location"] == url
    sub = requests.get("%s/stacks/%s/resources" % (deployment.endpoint(), stack_name),
                       allow_redirects=False, timeout=10)
    assert sub.status_code == 302 and sub.headers["Location"] == url + "/resources"

    listed = requests.get(deployment.endpoint() + "/stacks", timeout=10).json()["stacks"]
    mine = [s for s in listed if s["id"] == stack_id]
    assert mine and mine[0]["stack_status"] == "CREATE_COMPLETE"
    detail = requests.get(deployment.endpoint() + "/stacks/detail",
                          params={"name": stack_name}, timeout=10).json()["stacks"]
    # Heat applies no filter to /stacks/detail: every stack of the project
    # (other tests' too, in a shared deployment) is there, ours among them.
    assert stack_id in [s["id"] for s in detail]

    resources = requests.get(url + "/resources", timeout=10).json()["resources"]
    by_name = {r["resource_name"]: r for r in resources}
    assert set(by_name) == {"rand", "joined", "nothing"}
    assert all(r["resource_status"] == "CREATE_COMPLETE" for r in resources)
    assert by_name["rand"]["required_by"] == ["joined"]
    assert by_name["rand"]["physical_resource_id"].startswith(stack_name + "-rand-")
    rand = requests.get(url + "/resources/rand", timeout=10).json()["resource"]
    assert rand["attributes"]["value"] == random_value

    events = requests.get(url + "/events", timeout=10).json()["events"]
    stack_events = [e for e in events if e["resource_name"] == stack_name]
    assert {e["resource_status"] for e in stack_events} == {
        "CREATE_IN_PROGRESS", "CREATE_COMPLETE"}
    assert len([e for e in events if e["resource_name"] == "rand"]) == 2

    template = requests.get(url + "/template", timeout=10).json()
    assert template == TEMPLATE

    deleted = requests.delete(url, timeout=10)
    assert deleted.status_code == 204
    stack = wait_for(url, {"DELETE_COMPLETE", "DELETE_FAILED"})
    assert stack["stack_status"] == "DELETE_COMPLETE"
    assert stack["stack_status_reason"] == "Stack DELETE completed successfully"
    gone = requests.get("%s/stacks/%s" % (deployment.endpoint(), stack_name),
                        allow_redirects=False, timeout=10)
    assert gone.status_code == 404
    assert gone.json()["error"]["type"] == "EntityNotFound"
    shown = requests.get(deployment.endpoint() + "/stacks",
                         params={"show_deleted": "True", "name": stack_name},
                         timeout=10).json()["stacks"]
    assert [s["stack_status"] for s in shown] == ["DELETE_COMPLETE"]


def test_failing_stack(deployment: Deployment, stack_name: str) -> None:
    resp = create(deployment, stack_name, FAILING)
    assert resp.status_code == 201, resp.text
    url = resp.headers["Location"]
    stack = wait_for(url, {"CREATE_COMPLETE", "CREATE_FAILED"})
    assert stack["stack_status"] == "CREATE_FAILED"
    assert stack["stack_status_reason"] == (
        "Resource CREATE failed: ValueError: resources.boom: Test Resource failed boom")
    assert requests.delete(url, timeout=10).status_code == 204
    assert wait_for(url, {"DELETE_COMPLETE"})["stack_status"] == "DELETE_COMPLETE"


def _error(resp: requests.Response) -> dict:
    body = resp.json()
    assert set(body) == {"code", "title", "explanation", "error"}
    assert body["code"] == resp.status_code
    assert resp.headers["x-openstack-request-id"].startswith("req-")
    return body["error"]


def test_client_errors(deployment: Deployment, stack_name: str) -> None:
    endpoint = deployment.endpoint()
    bad_json = requests.post(endpoint + "/stacks", data='{"stack_name": "x", "template": ',
                             headers={"Content-Type": "application/json"}, timeout=10)
    assert bad_json.status_code == 400
    assert _error(bad_json)["type"] == "HTTPBadRequest"

    no_version = create(deployment, stack_name, {"resources": {}})
    assert no_version.status_code == 400
    assert _error(no_version)["message"] == (
        "The template version is invalid: Template version was not provided")

    unknown_type = create(deployment, stack_name, {
        "heat_template_version": "2018-08-31",
        "resources": {"x": {"type": "OS::Nope::DoesNotExist"}}})
    assert unknown_type.status_code == 400
    assert _error(unknown_type)["message"] == (
        "The Resource Type (OS::Nope::DoesNotExist) could not be found.")

    missing_param = create(deployment, stack_name, {
        "heat_template_version": "2018-08-31",
        "parameters": {"needed": {"type": "string"}}})
    assert missing_param.status_code == 400
    assert _error(missing_param)["type"] == "UserParameterMissing"

    not_a_map = create(deployment, stack_name, "just a string")
    assert not_a_map.status_code == 400

    missing = requests.get(endpoint + "/stacks/no-such-stack", timeout=10)
    assert missing.status_code == 404
    assert _error(missing)["message"] == "The Stack (no-such-stack) could not be found."


def test_duplicate_name_conflicts(deployment: Deployment, stack_name: str) -> None:
    first = create(deployment, stack_name, TEMPLATE)
    assert first.status_code == 201
    second = create(deployment, stack_name, TEMPLATE)
    assert second.status_code == 409
    assert _error(second) == {"type": "StackExists", "traceback": None,
                              "message": "The Stack (%s) already exists." % stack_name}
    url = first.headers["Location"]
    wait_for(url, {"CREATE_COMPLETE", "CREATE_FAILED"})
    assert requests.delete(url, timeout=10).status_code == 204
    wait_for(url, {"DELETE_COMPLETE"})


def test_concurrent_creates(deployment: Deployment, stack_name: str) -> None:
    names = ["%s-%d" % (stack_name, i) for i in range(6)]
    urls = []
    for name in names:
        resp = create(deployment, name, TEMPLATE)
        assert resp.status_code == 201, resp.text
        urls.append(resp.headers["Location"])
    for url in urls:
        assert wait_for(url, {"CREATE_COMPLETE", "CREATE_FAILED"})[
            "stack_status"] == "CREATE_COMPLETE"
    for url in urls:
        assert requests.delete(url, timeout=10).status_code == 204
    for url in urls:
        assert wait_for(url, {"DELETE_COMPLETE"})["stack_status"] == "DELETE_COMPLETE"


def test_request_id_reaches_api_and_engine_logs(deployment: Deployment,
                                                stack_name: str) -> None:
    resp = create(deployment, stack_name, TEMPLATE)
    assert resp.status_code == 201
    request_id = resp.headers["x-openstack-request-id"]
    wait_for(resp.headers["Location"], {"CREATE_COMPLETE", "CREATE_FAILED"})
    api_log = deployment.daemons[-1]
    engine_log = deployment.daemons[0]
    # The API's request line ([heat_api] log_requests) names the request id.
    assert any(request_id in line and '"POST /v1/' in line
               for line in api_log.log_text().splitlines())
    # The engine logs the stack it was asked to create under the caller's id.
    assert request_id in engine_log.log_text()
    assert requests.delete(resp.headers["Location"], timeout=10).status_code == 204
    wait_for(resp.headers["Location"], {"DELETE_COMPLETE"})
