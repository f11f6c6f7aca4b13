"""Hostile input over real HTTP: a 4xx in Heat's error body, never a 500.

Run against every deployment, so the column limits of MariaDB and
PostgreSQL (integers, 255-character names) answer as SQLite does, and a
deployment posted by another project never reaches a server's metadata.
"""

from __future__ import annotations

import json
import time
import uuid

import pytest
import requests

from tests.functional.deployment import Deployment

TEMPLATE = {"heat_template_version": "2018-08-31",
            "resources": {"r": {"type": "OS::Heat::None"}}}
JSON = {"Content-Type": "application/json"}


def _post(url: str, body: object = None, raw: str | None = None,
          method: str = "POST", headers: dict[str, str] | None = None) -> requests.Response:
    data = raw if raw is not None else json.dumps(body)
    return requests.request(method, url, data=data.encode("utf-8"),
                            headers={**JSON, **(headers or {})}, timeout=30)


def _is_heat_400(resp: requests.Response, kind: str | None = None) -> dict:
    assert resp.status_code == 400, (resp.status_code, resp.text[:2000])
    error = resp.json()
    assert set(error) == {"code", "title", "explanation", "error"}
    assert error["code"] == 400 and error["title"] == "Bad Request"
    if kind:
        assert error["error"]["type"] == kind
    return error["error"]


def _stack(dep: Deployment, template: dict, **extra: object) -> requests.Response:
    body = {"stack_name": "hi-%s" % uuid.uuid4().hex[:10], "template": template, **extra}
    return _post(dep.endpoint() + "/stacks", body)


@pytest.mark.parametrize("extra", [
    {"environment": 5}, {"environment": {"parameters": [1]}}, {"files": [1]},
    {"files": "x"}, {"files": {"a.yaml": 1}}, {"timeout_mins": 1e23},
    {"timeout_mins": 2**31}, {"timeout_mins": 2**64},
])
def test_wrong_shapes_and_huge_numbers_on_create_and_validate(deployment: Deployment,
                                                              extra: dict) -> None:
    _is_heat_400(_stack(deployment, TEMPLATE, **extra))
    if "timeout_mins" not in extra:
        _is_heat_400(_post(deployment.endpoint() + "/validate",
                           {"template": TEMPLATE, **extra}))


def test_wrong_shapes_on_patch(deployment: Deployment) -> None:
    resp = _stack(deployment, TEMPLATE)
    assert resp.status_code == 201, resp.text
    url = resp.headers["Location"]
    for body in ({"environment": 5}, {"files": [1]}, {"files": "x"},
                 {"environment": {"parameters": [1]}}, {"timeout_mins": 2**31}):
        _is_heat_400(_post(url, body, method="PATCH"))


@pytest.mark.parametrize("query", ["limit=%ff", "name=%ff%fe", "sort_keys=%C3%28",
                                   "limit=99999999999999999999999"])
def test_query_strings(deployment: Deployment, query: str) -> None:
    _is_heat_400(requests.get(deployment.endpoint() + "/stacks?" + query, timeout=30))


def test_lone_surrogates_deep_nesting_and_non_numbers(deployment: Deployment) -> None:
    base = deployment.endpoint()
    tmpl = json.dumps(TEMPLATE)
    _is_heat_400(_post(base + "/stacks", raw='{"stack_name": "x\\ud800", "template": %s}'
                       % tmpl))
    _is_heat_400(_post(base + "/software_configs", raw='{"name": "\\udc80", "config": "a"}'))
    deep = '{"stack_name": "d", "template": ' + '{"a":' * 600 + "1" + "}" * 600 + "}"
    _is_heat_400(_post(base + "/stacks", raw=deep))
    deeper = '{"stack_name": "d", "template": ' + "[" * 100000 + "]" * 100000 + "}"
    _is_heat_400(_post(base + "/stacks", raw=deeper))
    _is_heat_400(_post(base + "/stacks", raw='{"stack_name": "n", "template": %s, '
                       '"parameters": {"x": NaN}}' % tmpl))


@pytest.mark.parametrize("constraint", [
    {"length": {"min": "x"}}, {"range": {"max": [1]}}, {"modulo": {"step": "a", "offset": 1}},
])
def test_constraint_bounds_that_are_no_numbers(deployment: Deployment,
                                               constraint: dict) -> None:
    template = {"heat_template_version": "2018-08-31",
                "parameters": {"p": {"type": "number" if "length" not in constraint
                                     else "string", "default": 1,
                                     "constraints": [constraint]}}}
    error = _is_heat_400(_stack(deployment, template), "InvalidSchemaError")
    assert "must be a number" in error["message"]


@pytest.mark.parametrize("type_name", ["file:///etc/hostname", "http://127.0.0.1:9/x.yaml"])
def test_template_types_are_never_read_or_fetched(deployment: Deployment,
                                                  type_name: str) -> None:
    template = {"heat_template_version": "2018-08-31",
                "resources": {"r": {"type": type_name}}}
    error = _is_heat_400(_stack(deployment, template), "StackValidationFailed")
    assert error["message"] == ('Could not fetch remote template "%s": it is not in the '
                                'files map' % type_name)


def test_names_longer_than_their_columns(deployment: Deployment) -> None:
    """MariaDB and PostgreSQL would refuse them: 400 on every backend."""
    template = {"heat_template_version": "2018-08-31",
                "resources": {"r" * 256: {"type": "OS::Heat::None"}}}
    _is_heat_400(_stack(deployment, template), "StackValidationFailed")
    ok = {"heat_template_version": "2018-08-31",
          "resources": {"r" * 255: {"type": "OS::Heat::None"}}}
    resp = _stack(deployment, ok)
    assert resp.status_code == 201, resp.text
    base = deployment.endpoint()
    _is_heat_400(_post(base + "/software_configs", {"name": "n" * 256, "config": "x"}))
    _is_heat_400(_post(base + "/software_deployments",
                       {"config_id": str(2**64), "server_id": "s" * 37}))
    _is_heat_400(_post(base + "/software_deployments", {"config_id": 2**64, "server_id": "s"}))


def _server(dep: Deployment, project: str) -> tuple[str, str]:
    """A stack of ``project`` holding a DeployedServer; (stack URL, server id)."""
    headers = {"X-Auth-Project": project}
    template = {"heat_template_version": "2018-08-31",
                "resources": {"server": {"type": "OS::Heat::DeployedServer"}}}
    body = {"stack_name": "srv-%s" % uuid.uuid4().hex[:8], "template": template}
    resp = _post(dep.endpoint(project) + "/stacks", body, headers=headers)
    assert resp.status_code == 201, resp.text
    url = resp.headers["Location"]
    deadline = time.monotonic() + 30
    while True:
        stack = requests.get(url, headers=headers, timeout=10).json()["stack"]
        if stack["stack_status"] != "CREATE_IN_PROGRESS" or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert stack["stack_status"] == "CREATE_COMPLETE", stack
    resource = requests.get(url + "/resources/server", headers=headers,
                            timeout=10).json()["resource"]
    return url, resource["physical_resource_id"]


def test_a_deployment_to_another_projects_server_never_reaches_it(
        deployment: Deployment) -> None:
    project_a, project_b = "hi-a-%s" % uuid.uuid4().hex[:6], "hi-b-%s" % uuid.uuid4().hex[:6]
    url_a, server = _server(deployment, project_a)
    headers_b = {"X-Auth-Project": project_b}
    resp = _post(deployment.endpoint(project_b) + "/software_configs",
                 {"name": "b-config", "config": "injected"}, headers=headers_b)
    assert resp.status_code == 200, resp.text
    config_b = resp.json()["software_config"]["id"]
    resp = _post(deployment.endpoint(project_b) + "/software_deployments",
                 {"config_id": config_b, "server_id": server}, headers=headers_b)
    assert resp.status_code == 200, resp.text
    metadata = requests.get(url_a + "/resources/server/metadata",
                            headers={"X-Auth-Project": project_a}, timeout=10).json()
    assert "injected" not in json.dumps(metadata)
    assert metadata["metadata"].get("deployments", []) == []
