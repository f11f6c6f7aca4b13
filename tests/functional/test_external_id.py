"""``external_id`` through python-heatclient against the real deployments:
an existing resource is referenced (adopted, then checked), an update may
not change the id, a template before 2016-10-14 may not use the key, and
deleting the stack leaves the resource.
"""

from __future__ import annotations

import time

import pytest
from heatclient import client as heat_client
from heatclient import exc as heat_exc

from tests.functional.deployment import Deployment

EXT = "5a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


def _template(external_id: str | None, version: str = "2018-08-31") -> dict:
    ext = {"type": "OS::Heat::TestResource", "properties": {"value": "ignored"}}
    if external_id is not None:
        ext["external_id"] = external_id
    return {"heat_template_version": version,
            "resources": {"ext": ext,
                          "user": {"type": "OS::Heat::Value",
                                   "properties": {"value": {"get_resource": "ext"}}}},
            "outputs": {"ref": {"value": {"get_attr": ["user", "value"]}}}}


def _heat(dep: Deployment):
    return heat_client.Client("1", endpoint=dep.endpoint(), token="functional-token")


def _wait(heat, stack_id: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while True:
        stack = heat.stacks.get(stack_id)
        if not stack.stack_status.endswith("IN_PROGRESS") or time.monotonic() > deadline:
            return stack
        time.sleep(0.05)


def _events(heat, stack_id: str) -> list[tuple[str, str, str]]:
    return [(e.resource_name, e.resource_status, e.resource_status_reason)
            for e in heat.events.list(stack_id, resource_name="ext", sort_dir="asc")]


def test_external_resource_life_cycle(deployment: Deployment, stack_name: str) -> None:
    heat = _heat(deployment)
    stack_id = heat.stacks.create(stack_name=stack_name,
                                  template=_template(EXT))["stack"]["id"]
    stack = _wait(heat, stack_id)
    assert stack.stack_status == "CREATE_COMPLETE", stack.stack_status_reason
    assert heat.stacks.output_show(stack_id, "ref")["output"]["output_value"] == EXT
    rsrc = heat.resources.get(stack_id, "ext")
    assert rsrc.physical_resource_id == EXT
    assert (rsrc.resource_status, rsrc.resource_status_reason) == (
        "CHECK_COMPLETE", "state changed")
    assert [s for _n, s, _r in _events(heat, stack_id)] == [
        "ADOPT_IN_PROGRESS", "ADOPT_COMPLETE", "CHECK_IN_PROGRESS", "CHECK_COMPLETE"]

    # The same id: nothing to do. Another id: refused, the resource untouched.
    heat.stacks.update(stack_id, template=_template(EXT))
    assert _wait(heat, stack_id).stack_status == "UPDATE_COMPLETE"
    heat.stacks.update(stack_id, template=_template("another"))
    stack = _wait(heat, stack_id)
    assert stack.stack_status == "UPDATE_FAILED"
    assert stack.stack_status_reason == (
        "NotSupported: resources.ext: Update to property external_id of ext "
        "(OS::Heat::TestResource) is not supported.")
    assert heat.resources.get(stack_id, "ext").physical_resource_id == EXT
    assert len(_events(heat, stack_id)) == 4

    heat.stacks.delete(stack_id)
    _wait(heat, stack_id)
    assert [s for _n, s, _r in _events(heat, stack_id)][-2:] == [
        "DELETE_IN_PROGRESS", "DELETE_COMPLETE"]


def test_external_id_needs_hot_2016_10_14(deployment: Deployment, stack_name: str) -> None:
    heat = _heat(deployment)
    with pytest.raises(heat_exc.HTTPBadRequest) as err:
        heat.stacks.create(stack_name=stack_name, template=_template(EXT, "2016-04-08"))
    assert '"external_id" is not a valid keyword inside a resource definition' in str(
        err.value)


def test_external_resource_may_not_depend_on_another(deployment: Deployment,
                                                      stack_name: str) -> None:
    heat = _heat(deployment)
    template = _template(EXT)
    template["resources"]["other"] = {"type": "OS::Heat::None"}
    template["resources"]["ext"]["depends_on"] = ["other"]
    with pytest.raises(heat_exc.HTTPBadRequest) as err:
        heat.stacks.create(stack_name=stack_name, template=template)
    assert "Invalid dependency with external OS::Heat::TestResource resource: %s" % EXT \
        in str(err.value)
