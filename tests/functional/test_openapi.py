"""Live answers held to the OpenAPI document served at /openapi.json.

test_live_answers_match_the_document walks a stack's life (and a software
config's and deployment's) on every deployment kind and validates each
request and its answer with openapi-core: success bodies, 302 look-ups,
202/204 answers and Heat's error body on 4xx. test_schemathesis runs the
fuzzer (tools/fuzz/fuzz_api.py, fixed seed, bounded cases) against a
heatlite-all of its own; the larger run is tools/fuzz-api
(doc/source/dev/fuzzing.rst).
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import time

import pytest
import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest
from openapi_core.contrib.requests import RequestsOpenAPIResponse

REPO = pathlib.Path(__file__).resolve().parents[2]
FUZZ = REPO / "tools" / "fuzz" / "fuzz_api.py"
KNOWN = REPO / "tools" / "fuzz" / "known-failures.json"
# Bounded for CI: cases per operation and phase, and a wall-clock cap.
FUZZ_EXAMPLES = 25
FUZZ_TIMEOUT = 900

TEMPLATE = {
    "heat_template_version": "2018-08-31",
    "parameters": {"size": {"type": "number", "default": 6}},
    "resources": {"word": {"type": "OS::Heat::RandomString",
                           "properties": {"length": {"get_param": "size"}}}},
    "outputs": {"word": {"value": {"get_attr": ["word", "value"]}}},
}


class Checked:
    """A requests session whose every exchange is validated against the document."""

    def __init__(self, root: str, tenant: str = "admin") -> None:
        self.api = "%s/v1/%s" % (root, tenant)
        doc = requests.get(root + "/openapi.json", timeout=30)
        assert doc.status_code == 200
        self.openapi = OpenAPI.from_dict(doc.json())
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        self.seen: list[tuple[str, str, int]] = []

    def __call__(self, method: str, path: str, expect: int,
                 body: object = None, **params: str) -> requests.Response:
        resp = self.session.request(method, self.api + path, json=body, params=params,
                                    allow_redirects=False, timeout=60)
        assert resp.status_code == expect, (method, path, resp.status_code, resp.text)
        if expect < 400:
            # A request meant to be refused need not fit the document; its answer must.
            self.openapi.validate_request(RequestsOpenAPIRequest(resp.request))
        self.openapi.validate_response(RequestsOpenAPIRequest(resp.request),
                                       RequestsOpenAPIResponse(resp))
        self.seen.append((method, path, resp.status_code))
        return resp


def _wait(call: Checked, url: str) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        stack = call("GET", url, 200).json()["stack"]
        if not stack["stack_status"].endswith("IN_PROGRESS"):
            return stack
        time.sleep(0.2)
    raise AssertionError("stack still in progress: %s" % url)


def test_live_answers_match_the_document(deployment, stack_name):
    call = Checked(deployment.endpoint_root)
    created = call("POST", "/stacks", 201, {"stack_name": stack_name, "template": TEMPLATE})
    stack_id = created.json()["stack"]["id"]
    url = "/stacks/%s/%s" % (stack_name, stack_id)
    assert _wait(call, url)["stack_status"] == "CREATE_COMPLETE"

    assert call("GET", "/stacks/" + stack_name, 302).headers["Location"].endswith(url)
    call("GET", "/stacks/%s/resources" % stack_name, 302)
    call("GET", "/stacks", 200, limit="1", with_count="true")
    call("GET", "/stacks/detail", 200)
    for sub in ("/template", "/environment", "/files", "/outputs", "/outputs/word",
                "/resources", "/resources/word", "/resources/word/metadata", "/events",
                "/resources/word/events", "/export", "/snapshots"):
        call("GET", url + sub, 200)
    event = call("GET", url + "/resources/word/events", 200).json()["events"][0]
    call("GET", url + "/resources/word/events/" + event["id"], 200)
    snapshot = call("POST", url + "/snapshots", 200, {"name": "s"}).json()
    call("GET", url + "/snapshots/" + snapshot["id"], 200)
    call("PUT", url + "/preview", 200, {"template": TEMPLATE})
    call("PATCH", url + "/resources/word", 200, {"mark_unhealthy": False})
    call("POST", url + "/actions", 200, {"check": None})
    _wait(call, url)
    call("PATCH", url, 202, {"parameters": {"size": 7}})
    _wait(call, url)

    call("GET", "/resource_types", 200)
    call("GET", "/resource_types/OS::Heat::None", 200)
    call("GET", "/resource_types/OS::Heat::None/template", 200, template_type="hot")
    call("GET", "/template_versions", 200)
    call("GET", "/template_versions/heat_template_version.2018-08-31/functions", 200)
    call("POST", "/validate", 200, {"template": TEMPLATE})
    call("POST", "/stacks/preview", 200, {"stack_name": stack_name + "p",
                                          "template": TEMPLATE})
    call("GET", "/build_info", 200)

    # Heat's error body on the way out of every layer.
    call("GET", "/stacks", 400, limit="x")
    call("GET", "/stacks/%s-missing" % stack_name, 404)
    call("GET", url + "/resources/missing", 404)
    call("POST", "/stacks", 409, {"stack_name": stack_name, "template": TEMPLATE})
    call("PUT", url, 501, {"template_url": "http://example.invalid/t.yaml"})
    call("GET", "/services", 200)

    call("DELETE", url + "/snapshots/" + snapshot["id"], 204)
    call("DELETE", url, 204)
    assert len(call.seen) >= 40


def test_software_answers_match_the_document(deployment):
    call = Checked(deployment.endpoint_root)
    config = call("POST", "/software_configs", 200, {
        "name": "c", "group": "script", "config": "echo hi",
        "inputs": [{"name": "a"}], "outputs": [{"name": "b"}], "options": {}}).json()
    config_id = config["software_config"]["id"]
    call("GET", "/software_configs", 200)
    call("GET", "/software_configs/" + config_id, 200)
    server = config_id[:30]  # a server id is at most 36 characters
    made = call("POST", "/software_deployments", 200, {
        "config_id": config_id, "server_id": server, "action": "CREATE",
        "status": "IN_PROGRESS", "input_values": {"a": 1}}).json()
    deployment_id = made["software_deployment"]["id"]
    call("GET", "/software_deployments", 200, server_id=server)
    call("GET", "/software_deployments/" + deployment_id, 200)
    call("PUT", "/software_deployments/" + deployment_id, 200,
         {"status": "COMPLETE", "output_values": {"b": 2}})
    call("GET", "/software_deployments/metadata/" + server, 200)
    call("GET", "/software_deployments/missing-id", 404)
    call("DELETE", "/software_deployments/" + deployment_id, 204)
    call("DELETE", "/software_configs/" + config_id, 204)
    call("GET", "/software_configs/" + config_id, 404)


@pytest.fixture(scope="module")
def fuzz_target(build_deployment):
    dep = build_deployment("all-sqlite")
    dep.start()
    return dep


def test_schemathesis(fuzz_target, tmp_path):
    """Zero 5xx (501 where documented), zero schema breaks, zero hangs; the
    accepted findings of tools/fuzz/known-failures.json are none."""
    assert json.loads(KNOWN.read_text())["entries"] == []
    result = subprocess.run(
        [sys.executable, str(FUZZ), "--url", fuzz_target.endpoint_root, "--seed", "1",
         "--max-examples", str(FUZZ_EXAMPLES), "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=FUZZ_TIMEOUT, cwd=str(tmp_path))
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-4000:]
    # The run really exercised the API (a silent no-op would also exit 0).
    assert "Tested: 64" in result.stdout, result.stdout[-4000:]
    health = requests.get(fuzz_target.endpoint_root + "/healthcheck", timeout=30)
    assert health.status_code == 200
