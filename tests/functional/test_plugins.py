"""Third-party resource plugins: a plugin_dirs module outside the package is
loaded, listed by GET /resource_types, and a stack using it works."""

from __future__ import annotations

import pathlib
import time

import requests

from tests.functional.deployment import Deployment

PLUGIN_DIR = pathlib.Path(__file__).parent / "plugins"


def _wait(url: str, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        stack = requests.get(url, timeout=10).json()["stack"]
        if not stack["stack_status"].endswith("IN_PROGRESS") or time.monotonic() > deadline:
            return stack
        time.sleep(0.05)


def test_plugin_dir_type_is_listed_and_works(build_deployment, stack_name: str) -> None:
    dep: Deployment = build_deployment(
        "all-sqlite", extra={"DEFAULT": {"plugin_dirs": str(PLUGIN_DIR)}})
    dep.start()
    types = requests.get(dep.endpoint() + "/resource_types", timeout=10).json()
    assert "Test::Plugin::Echo" in types["resource_types"]
    assert "OS::Heat::Delay" in types["resource_types"]
    schema = requests.get(dep.endpoint() + "/resource_types/Test::Plugin::Echo",
                          timeout=10).json()
    assert schema["support_status"]["version"] == "1.0.0"
    assert schema["properties"]["message"]["required"] is True
    template = {"heat_template_version": "2018-08-31",
                "resources": {"echo": {"type": "Test::Plugin::Echo",
                                       "properties": {"message": "hello"}},
                              "pause": {"type": "OS::Heat::Delay",
                                        "depends_on": "echo",
                                        "properties": {"min_wait": 0.2}}},
                "outputs": {"shout": {"value": {"get_attr": ["echo", "shout"]}}}}
    resp = requests.post(dep.endpoint() + "/stacks", timeout=10,
                         json={"stack_name": stack_name, "template": template})
    assert resp.status_code == 201, resp.text
    stack = _wait(resp.headers["Location"])
    assert stack["stack_status"] == "CREATE_COMPLETE", stack["stack_status_reason"]
    assert stack["outputs"][0]["output_value"] == "HELLO"
