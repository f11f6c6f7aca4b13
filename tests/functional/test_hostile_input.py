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


# -- what the fuzzing found (doc/source/dev/fuzzing.rst) ------------------------------------

def _created(dep: Deployment, template: dict = TEMPLATE) -> str:
    resp = _stack(dep, template)
    assert resp.status_code == 201, resp.text
    return resp.headers["Location"]


@pytest.mark.parametrize("content_type", ["multipart/form-data",
                                          "application/x-www-form-urlencoded"])
def test_form_bodies_are_400(deployment: Deployment, content_type: str) -> None:
    base = deployment.endpoint()
    for path in ("/validate", "/stacks", "/software_configs"):
        _is_heat_400(_post(base + path, {"template": TEMPLATE, "stack_name": "f"},
                           headers={"Content-Type": content_type}), "HTTPBadRequest")


def test_lookup_subpaths_allow_what_they_route(deployment: Deployment) -> None:
    for sub, allow in (("actions", "GET,POST"), ("resources", "GET,POST"),
                       ("files", "GET")):
        resp = requests.options(deployment.endpoint() + "/stacks/x/" + sub, timeout=30)
        assert (resp.status_code, resp.headers["Allow"]) == (204, allow)


def test_wrong_shapes_found_by_fuzzing(deployment: Deployment) -> None:
    base = deployment.endpoint()
    url = _created(deployment, {"heat_template_version": "2018-08-31",
                                "parameters": {"p": {"type": "string", "default": "a"}}})
    for path in ("", "/preview"):
        error = _is_heat_400(_post(url + path, {"clear_parameters": [{}]}, method="PATCH"))
        assert "clear_parameters must be a list of parameter names" in error["message"]
    for name in ({}, False, 1):
        _is_heat_400(_post(url + "/snapshots", {"name": name}))
    error = _is_heat_400(_post(base + "/software_configs",
                               {"name": "o", "config": "x", "options": [None, None]}))
    assert '"options" should be a map' in error["message"]
    for path in ("/stacks", "/stacks/preview", "/validate"):
        _is_heat_400(_post(base + path, {"stack_name": "e", "template": TEMPLATE,
                                         "environment": [1]}))
    files = {"a.yaml": "event_sinks: [x]", "b.yaml": "event_sinks: {a: b}"}
    error = _is_heat_400(_post(base + "/validate", {
        "template": TEMPLATE, "files": files, "environment_files": ["a.yaml", "b.yaml"]}))
    assert 'The environment section "event_sinks" must be a list' in error["message"]


@pytest.mark.parametrize("query", ["limit=305167772787863715840", "limit=x"])
def test_software_config_list_integers(deployment: Deployment, query: str) -> None:
    _is_heat_400(requests.get(deployment.endpoint() + "/software_configs?" + query,
                              timeout=30))


HOT = "heat_template_version: 2018-08-31\n"


@pytest.mark.parametrize("text", [
    '{"heat_template_version": "2018-08-31", "description": "\\ud800"}',
    '{"heat_template_version": "2018-08-31", "description": NaN}',
    HOT + 'description: "\\ud800"\n',
    HOT + "description: !!binary 7aCA\n",
    HOT + "outputs: {o: {value: .nan}}\n",
])
def test_template_text_no_database_can_store_is_400(deployment: Deployment,
                                                   text: str) -> None:
    """As the root template, and as a nested one named in files."""
    error = _is_heat_400(_stack(deployment, text))  # type: ignore[arg-type]
    assert "Template not in valid format" in error["message"]
    nested = {"heat_template_version": "2018-08-31",
              "resources": {"n": {"type": "nested.yaml"}}}
    _is_heat_400(_stack(deployment, nested, files={"nested.yaml": text}))


def test_yaml_keys_that_are_no_strings_are_stored_as_text(deployment: Deployment) -> None:
    text = HOT + "resources:\n  1.5: {type: OS::Heat::None}\noutputs:\n  7: {value: 1}\n"
    url = _created(deployment, text)  # type: ignore[arg-type]
    resources = requests.get(url + "/resources", timeout=30).json()["resources"]
    assert [r["resource_name"] for r in resources] == ["1.5"]


@pytest.mark.parametrize("headers", [{"X-Auth-Project": "p" * 65},
                                     {"X-Auth-User": "u" * 65}])
def test_identity_longer_than_its_columns_is_400(deployment: Deployment,
                                                 headers: dict[str, str]) -> None:
    base = deployment.endpoint(headers.get("X-Auth-Project", "admin"))
    _is_heat_400(_post(base + "/software_configs", {"config": "x"}, headers=headers))
    _is_heat_400(_post(base + "/stacks", {"stack_name": "i", "template": TEMPLATE},
                       headers=headers))
    fits = {key: value[:64] for key, value in headers.items()}
    base = deployment.endpoint(fits.get("X-Auth-Project", "admin"))
    resp = _post(base + "/software_configs", {"config": "x"}, headers=fits)
    assert resp.status_code == 200, resp.text


def test_nul_characters_are_400_everywhere(deployment: Deployment) -> None:
    """PostgreSQL stores and compares no NUL: refused in bodies, template text,
    queries and paths on every backend (they were 500s there)."""
    base = deployment.endpoint()
    url = _created(deployment)
    for path in ("/stacks?name=a%00b", "/software_configs?marker=%00",
                 "/software_deployments?server_id=a%00", "/stacks/a%00b",
                 "/software_configs/a%00b", "/software_deployments/metadata/a%00b",
                 url[len(base):] + "/resources/a%00b"):
        error = _is_heat_400(requests.get(base + path, timeout=30), "HTTPBadRequest")
        assert "NUL character" in error["message"]
    for path, raw in (("/software_configs", '{"name": "a\\u0000", "config": "x"}'),
                      ("/stacks", '{"stack_name": "n", "template": {"heat_template_version":'
                                  ' "2018-08-31", "description": "\\u0000"}}')):
        _is_heat_400(_post(base + path, raw=raw), "HTTPBadRequest")
    _is_heat_400(_stack(deployment, HOT + 'description: "\\0"\n'))  # type: ignore[arg-type]


def test_four_byte_characters_are_stored(deployment: Deployment) -> None:
    """MariaDB keeps them too (utf8mb4), in names, values and look-ups."""
    face = "\U0001F600"
    resp = _post(deployment.endpoint() + "/software_configs",
                 {"name": face, "config": face, "options": {face: face}})
    assert resp.status_code == 200, resp.text
    assert resp.json()["software_config"]["name"] == face
    resp = requests.get(deployment.endpoint() + "/stacks/" + face, timeout=30)
    assert resp.status_code == 404
