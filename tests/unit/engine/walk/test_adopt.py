"""Adopting a stack from an abandon document (adopt_stack_data on create)."""

import pytest

from heatlite.common import exception
from heatlite.db import stack_rows
from heatlite.engine.rpc.stack_ops_service import StackOpsService
from tests.unit.engine.conftest import hot, wait_idle

TEMPLATE = hot({"rand": {"type": "OS::Heat::RandomString", "properties": {"length": 8}}},
               outputs={"out": {"value": {"get_attr": ["rand", "value"]}}})


def abandon_document(service, ctxt):
    ident = service.create_stack(ctxt, "orig", TEMPLATE, {"parameters": {}}, {}, {})
    wait_idle(service, ident["stack_id"])
    return StackOpsService(service).abandon_stack(ctxt, ident)


def test_adopt_takes_the_resources_back(service, ctxt, conf):
    conf.set_override("enable_stack_abandon", True)
    conf.set_override("enable_stack_adopt", True)
    doc = abandon_document(service, ctxt)
    value = doc["resources"]["rand"]["resource_data"]["value"]
    ident = service.create_stack(ctxt, "adopted", doc["template"], {"parameters": {}}, {},
                                 {"adopt_stack_data": doc})
    wait_idle(service, ident["stack_id"])
    stack = service.show_stack(ctxt, ident)[0]
    assert (stack["stack_action"], stack["stack_status"]) == ("ADOPT", "COMPLETE")
    assert stack["stack_status_reason"] == "Stack ADOPT completed successfully"
    assert stack["outputs"][0]["output_value"] == value
    rsrc = service.describe_stack_resource(ctxt, ident, "rand")
    assert rsrc["physical_resource_id"] == doc["resources"]["rand"]["resource_id"]
    assert rsrc["resource_action"] == "ADOPT"


def test_adopt_without_resource_id_fails_as_heat(service, ctxt, conf):
    conf.set_override("enable_stack_adopt", True)
    doc = {"template": TEMPLATE, "resources": {"rand": {"resource_data": {}}}}
    ident = service.create_stack(ctxt, "adopted", TEMPLATE, {"parameters": {}}, {},
                                 {"adopt_stack_data": doc})
    wait_idle(service, ident["stack_id"])
    stack = service.show_stack(ctxt, ident)[0]
    assert (stack["stack_action"], stack["stack_status"]) == ("ADOPT", "FAILED")
    assert stack["stack_status_reason"] == (
        "Resource ADOPT failed: Exception: resources.rand: Resource ID was not provided.")


def test_adopt_is_off_by_default(service, ctxt):
    with pytest.raises(exception.NotSupported, match="Stack Adopt is not supported"):
        service.create_stack(ctxt, "adopted", TEMPLATE, {"parameters": {}}, {},
                             {"adopt_stack_data": {"template": TEMPLATE}})


PROVIDER = """
heat_template_version: 2015-04-30
resources:
  rand: {type: OS::Heat::RandomString, properties: {length: 8}}
outputs:
  value: {value: {get_attr: [rand, value]}}
"""
OUTER = hot({"inner": {"type": "inner.yaml"}},
            outputs={"out": {"value": {"get_attr": ["inner", "value"]}}})


def test_a_template_resource_is_abandoned_and_adopted_with_its_nested_stack(
        service, ctxt, conf):
    conf.set_override("enable_stack_abandon", True)
    conf.set_override("enable_stack_adopt", True)
    files = {"inner.yaml": PROVIDER}
    ident = service.create_stack(ctxt, "orig", OUTER, {"parameters": {}}, files, {})
    wait_idle(service, ident["stack_id"])
    doc = StackOpsService(service).abandon_stack(ctxt, ident)
    # The resource's entry is its nested stack's own document.
    inner = doc["resources"]["inner"]
    assert inner["template"]["resources"]["rand"]["type"] == "OS::Heat::RandomString"
    value = inner["resources"]["rand"]["resource_data"]["value"]

    ident = service.create_stack(ctxt, "adopted", doc["template"], {"parameters": {}},
                                 files, {"adopt_stack_data": doc})
    wait_idle(service, ident["stack_id"])
    stack = service.show_stack(ctxt, ident)[0]
    assert (stack["stack_action"], stack["stack_status"]) == ("ADOPT", "COMPLETE")
    assert stack["outputs"][0]["output_value"] == value
    nested = service.list_stack_resources(ctxt, ident, nested_depth=1)
    assert {(r["resource_name"], r["resource_action"]) for r in nested} == {
        ("inner", "ADOPT"), ("rand", "ADOPT")}


NESTED_FILES = {"inner.yaml": '{"heat_template_version": "2018-08-31", "resources": '
                              '{"leaf": {"type": "OS::Heat::RandomString"}}}'}


def test_abandon_nests_the_nested_stacks_document(service, ctxt, conf):
    """A template resource's entry is its nested stack's document (Heat's
    StackResource), and the nested stack is abandoned with its parent."""
    conf.set_override("enable_stack_abandon", True)
    parent = hot({"outer": {"type": "inner.yaml"}})
    ident = service.create_stack(ctxt, "tree", parent, {}, NESTED_FILES, {})
    wait_idle(service, ident["stack_id"])
    nested_id = service.describe_stack_resource(ctxt, ident, "outer")["physical_resource_id"]
    doc = StackOpsService(service).abandon_stack(ctxt, ident)
    inner = doc["resources"]["outer"]
    assert inner["id"] == nested_id
    assert inner["name"].startswith("tree-outer-")
    assert set(inner["resources"]) == {"leaf"}
    assert inner["resources"]["leaf"]["resource_data"]["value"]
    assert inner["template"]["resources"] == {"leaf": {"type": "OS::Heat::RandomString"}}
    listed = service.list_stacks(ctxt, show_nested=True)
    assert [s["stack_name"] for s in listed] == []


def test_adopting_a_group_adopts_its_nested_stack(service, ctxt, conf):
    conf.set_override("enable_stack_adopt", True)
    template = hot({"g": {"type": "OS::Heat::ResourceGroup", "properties": {
        "count": 2, "resource_def": {"type": "OS::Heat::RandomString"}}}},
        outputs={"v": {"value": {"get_attr": ["g", "value"]}}})
    member = {"action": "CREATE", "status": "COMPLETE", "type": "OS::Heat::RandomString"}
    doc = {"template": template, "resources": {"g": {
        "resource_id": "ignored", "type": "OS::Heat::ResourceGroup", "resources": {
            "0": dict(member, resource_id="ID-0", resource_data={"value": "first"}),
            "1": dict(member, resource_id="ID-1", resource_data={"value": "second"})}}}}
    ident = service.create_stack(ctxt, "adopted-group", template, {"parameters": {}}, {},
                                 {"adopt_stack_data": doc})
    wait_idle(service, ident["stack_id"])
    stack = service.show_stack(ctxt, ident)[0]
    assert (stack["stack_action"], stack["stack_status"]) == ("ADOPT", "COMPLETE"), \
        stack["stack_status_reason"]
    assert stack["outputs"][0]["output_value"] == ["first", "second"]
    group = service.describe_stack_resource(ctxt, ident, "g")
    nested = stack_rows.get(group["physical_resource_id"])
    assert (nested.action, nested.status, nested.owner_id) == ("ADOPT", "COMPLETE",
                                                               ident["stack_id"])
