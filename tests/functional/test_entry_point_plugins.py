"""A resource plugin installed as a distribution: found through its
``heatlite.resources`` entry point, as any third party would ship one.

The distribution is written and pip-installed (offline, into a private
--target directory) at test time, and only the heatlite-all started with
that directory on PYTHONPATH can see it.
"""

from __future__ import annotations

import pathlib
import subprocess
import sys
import textwrap
import time

import pytest
import requests

from tests.functional.deployment import Deployment

PYPROJECT = """\
[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"

[project]
name = "heatlite-ep-test-plugin"
version = "0.1.0"

[tool.setuptools]
py-modules = ["heatlite_ep_test_plugin"]

[project.entry-points."heatlite.resources"]
ep_test = "heatlite_ep_test_plugin:resource_mapping"
"""

MODULE = '''\
"""Test::EntryPoint::Reverse: its ``reversed`` attribute is its text backwards."""

from heatlite.engine import attributes, properties, resource


class Reverse(resource.Resource):
    PROPERTIES = {"text": properties.Schema(properties.STRING, "Text.", required=True)}
    ATTRIBUTES = {"reversed": attributes.Schema("The text, backwards.")}

    def handle_create(self):
        self.data_set("reversed", self.properties["text"][::-1])

    def get_attribute(self, name):
        return self.data().get(name)


def resource_mapping():
    return {"Test::EntryPoint::Reverse": Reverse}
'''


def _install(tmp_path: pathlib.Path) -> pathlib.Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "pyproject.toml").write_text(PYPROJECT)
    (src / "heatlite_ep_test_plugin.py").write_text(textwrap.dedent(MODULE))
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-index",
                    "--no-deps", "--no-build-isolation", "--target", str(target), str(src)],
                   check=True, capture_output=True, timeout=120, cwd=str(tmp_path))
    assert list(target.glob("heatlite_ep_test_plugin-0.1.0.dist-info/entry_points.txt"))
    return target


@pytest.mark.parametrize("kind", ["all-sqlite"])
def test_entry_point_plugin_is_loaded(build_deployment, tmp_path: pathlib.Path,
                                      monkeypatch: pytest.MonkeyPatch,
                                      stack_name: str, kind: str) -> None:
    target = _install(tmp_path)
    monkeypatch.setenv("PYTHONPATH", str(target))
    dep: Deployment = build_deployment(kind)
    dep.start()
    types = requests.get(dep.endpoint() + "/resource_types", timeout=10).json()
    assert "Test::EntryPoint::Reverse" in types["resource_types"]
    template = {"heat_template_version": "2018-08-31",
                "resources": {"r": {"type": "Test::EntryPoint::Reverse",
                                    "properties": {"text": "heatlite"}}},
                "outputs": {"back": {"value": {"get_attr": ["r", "reversed"]}}}}
    resp = requests.post(dep.endpoint() + "/stacks", timeout=10,
                         json={"stack_name": stack_name, "template": template})
    assert resp.status_code == 201, resp.text
    url = resp.headers["Location"]
    for _ in range(600):
        stack = requests.get(url, timeout=10).json()["stack"]
        if not stack["stack_status"].endswith("IN_PROGRESS"):
            break
        time.sleep(0.05)
    assert stack["stack_status"] == "CREATE_COMPLETE", stack["stack_status_reason"]
    assert stack["outputs"][0]["output_value"] == "etiltaeh"


def test_without_the_distribution_the_type_is_unknown(deployment: Deployment) -> None:
    resp = requests.get(deployment.endpoint() + "/resource_types/Test::EntryPoint::Reverse",
                        timeout=10)
    assert resp.status_code == 404
