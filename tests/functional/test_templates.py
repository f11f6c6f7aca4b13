"""The template language and template API over HTTP, against every real deployment.

What users do: validate templates (HOT and CFN), list versions, functions
and resource types, preview a stack, and create stacks that use
conditions, environments with a resource_registry, environment files and
get_file; then read the outputs back.
"""

from __future__ import annotations

import time

import requests

from tests.functional.deployment import Deployment

CONDITIONAL = {
    "heat_template_version": "2021-04-16",
    "parameters": {"env": {"type": "string", "default": "test",
                           "constraints": [{"allowed_values": ["test", "prod"]}]},
                   "ports": {"type": "comma_delimited_list", "default": "80,443"}},
    "conditions": {"is_prod": {"equals": [{"get_param": "env"}, "prod"]}},
    "resources": {
        "always": {"type": "My::Value", "properties": {"value": {"get_file": "motd.txt"}}},
        "prod_only": {"type": "OS::Heat::RandomString", "condition": "is_prod"},
        "rules": {"type": "OS::Heat::Value", "properties": {"value": {"repeat": {
            "for_each": {"%p%": {"get_param": "ports"}},
            "template": {"port": "%p%", "tier": {"if": ["is_prod", "gold", "bronze"]}}}}}},
    },
    "outputs": {
        "motd": {"value": {"get_attr": ["always", "value"]}},
        "rules": {"value": {"get_attr": ["rules", "value"]}},
        "prod": {"value": {"get_attr": ["prod_only", "value"]}, "condition": "is_prod"},
        "digest": {"value": {"digest": ["sha256", {"get_param": "env"}]}},
        "url": {"value": {"make_url": {"scheme": "http", "host": "h", "port": 80,
                                       "path": "/x"}}},
    },
}
ENV_FILE = "resource_registry:\n  My::Value: OS::Heat::Value\nparameters:\n  env: prod\n"


def wait_done(url: str, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        stack = requests.get(url, timeout=10).json()["stack"]
        if not stack["stack_status"].endswith("IN_PROGRESS") or time.monotonic() > deadline:
            return stack
        time.sleep(0.05)


def test_template_versions_functions_and_types(deployment: Deployment) -> None:
    base = deployment.endpoint()
    versions = requests.get(base + "/template_versions", timeout=10).json()
    names = [v["version"] for v in versions["template_versions"]]
    assert names[0] == "AWSTemplateFormatVersion.2010-09-09"
    assert "heat_template_version.2021-04-16" in names
    funcs = requests.get(base + "/template_versions/heat_template_version.2016-10-14/"
                                "functions?with_condition_func=true", timeout=10).json()
    assert {"if", "equals", "yaql"} <= {f["functions"] for f in funcs["template_functions"]}
    types = requests.get(base + "/resource_types?name=OS::Heat::", timeout=10).json()
    assert "OS::Heat::RandomString" in types["resource_types"]
    schema = requests.get(base + "/resource_types/OS::Heat::RandomString", timeout=10).json()
    assert schema["attributes"]["value"]["type"] == "string"
    missing = requests.get(base + "/resource_types/OS::Nope", timeout=10)
    assert missing.status_code == 404
    hot = requests.get(base + "/resource_types/OS::Heat::Value/template?template_type=hot",
                       timeout=10).json()
    assert hot["resources"]["Value"]["type"] == "OS::Heat::Value"


def test_validate_hot_and_cfn(deployment: Deployment) -> None:
    base = deployment.endpoint()
    ok = requests.post(base + "/validate", json={
        "template": CONDITIONAL, "files": {"motd.txt": "hi", "env.yaml": ENV_FILE},
        "environment_files": ["env.yaml"]}, timeout=10)
    assert ok.status_code == 200, ok.text
    assert ok.json()["Parameters"]["env"]["AllowedValues"] == ["test", "prod"]
    assert ok.json()["Parameters"]["env"]["Value"] == "prod"
    cfn = {"AWSTemplateFormatVersion": "2010-09-09",
           "Parameters": {"Size": {"Type": "Number", "Default": 8}},
           "Resources": {"R": {"Type": "OS::Heat::RandomString",
                               "Properties": {"length": {"Ref": "Size"}}}},
           "Outputs": {"V": {"Value": {"Fn::GetAtt": ["R", "value"]}}}}
    resp = requests.post(base + "/validate", json={"template": cfn}, timeout=10)
    assert resp.status_code == 200 and resp.json()["Parameters"]["Size"]["Type"] == "Number"
    bad = dict(CONDITIONAL, outputs={"o": {"value": {"str_split": "nope"}}})
    resp = requests.post(base + "/validate", json={
        "template": bad, "files": {"motd.txt": "x"},
        "environment": {"resource_registry": {"My::Value": "OS::Heat::Value"}}}, timeout=10)
    assert resp.status_code == 400
    assert resp.json()["error"]["message"].startswith("outputs.o.value.str_split: Incorrect")


def test_preview_then_create_with_conditions_and_environment(deployment: Deployment,
                                                             stack_name: str) -> None:
    base = deployment.endpoint()
    body = {"stack_name": stack_name, "template": CONDITIONAL,
            "files": {"motd.txt": "hello", "env.yaml": ENV_FILE},
            "environment_files": ["env.yaml"]}
    preview = requests.post(base + "/stacks/preview", json=body, timeout=30)
    assert preview.status_code == 200, preview.text
    names = {r["resource_name"] for r in preview.json()["stack"]["resources"]}
    assert names == {"always", "prod_only", "rules"}
    created = requests.post(base + "/stacks", json=body, timeout=30)
    assert created.status_code == 201, created.text
    stack = wait_done(created.headers["Location"])
    assert stack["stack_status"] == "CREATE_COMPLETE", stack["stack_status_reason"]
    outputs = {o["output_key"]: o["output_value"] for o in stack["outputs"]}
    assert outputs["motd"] == "hello"
    assert outputs["rules"] == [{"port": "80", "tier": "gold"}, {"port": "443", "tier": "gold"}]
    assert len(outputs["prod"]) == 32
    assert outputs["url"] == "http://h:80/x"
    requests.delete(created.headers["Location"], timeout=30)


def test_missing_file_and_bad_parameter_are_400(deployment: Deployment,
                                                stack_name: str) -> None:
    base = deployment.endpoint()
    resp = requests.post(base + "/stacks", json={
        "stack_name": stack_name, "template": CONDITIONAL,
        "environment": {"resource_registry": {"My::Value": "OS::Heat::Value"}}}, timeout=30)
    assert resp.status_code == 400
    assert "get_file path: motd.txt" in resp.json()["error"]["message"]
    resp = requests.post(base + "/stacks", json={
        "stack_name": stack_name, "template": CONDITIONAL, "files": {"motd.txt": "x"},
        "parameters": {"env": "qa"},
        "environment": {"resource_registry": {"My::Value": "OS::Heat::Value"}}}, timeout=30)
    assert resp.status_code == 400
    assert resp.json()["error"]["message"].startswith("Parameter 'env' is invalid")
