"""A stack update always reaches nested stacks (Heat's StackResource rule):
the resources inside decide whether they change, so a provider template
changed only in the files map is applied, and an unchanged one is kept."""

from __future__ import annotations

from typing import Any

from heatlite.db import resources, stack_rows, stacks
from heatlite.engine.rpc.update_service import StackUpdateService
from tests.unit.engine.conftest import hot, wait_idle

ENV = {"resource_registry": {"My::Thing": "thing.yaml"}}
TEMPLATE = hot({"g": {"type": "OS::Heat::ResourceGroup", "properties": {
    "count": 2, "resource_def": {"type": "My::Thing"}}}},
    outputs={"values": {"value": {"get_attr": ["g", "out"]}}})


def thing(value: str) -> str:
    return ("heat_template_version: 2018-08-31\n"
            "resources:\n  v:\n    type: OS::Heat::Value\n"
            "    properties: {value: %s}\n"
            "outputs:\n  out: {value: {get_attr: [v, value]}}\n" % value)


def values(stack_id: str) -> Any:
    return {o["output_key"]: o["output_value"] for o in stacks.get(stack_id).outputs}["values"]


def update(service: Any, ctxt: Any, ident: Any, files: dict[str, str]) -> None:
    StackUpdateService(service).update_stack(ctxt, ident, TEMPLATE, ENV, files, {})
    wait_idle(service, ident["stack_id"])
    row = stacks.get(ident["stack_id"])
    assert (row.action, row.status) == ("UPDATE", "COMPLETE"), row.status_reason


def test_files_change_reaches_group_members(service, ctxt):
    ident = service.create_stack(ctxt, "au", TEMPLATE, ENV, {"thing.yaml": thing("one")}, None)
    wait_idle(service, ident["stack_id"])
    assert values(ident["stack_id"]) == ["one", "one"]
    (child,) = stack_rows.children(ident["stack_id"])

    update(service, ctxt, ident, {"thing.yaml": thing("one")})
    group = resources.get_by_name(ident["stack_id"], "g")
    assert (group.action, group.status) == ("UPDATE", "COMPLETE")
    member = resources.get_by_name(child.id, "0")
    assert member.action == "UPDATE"
    (leaf,) = stack_rows.children(child.id)[:1]
    assert resources.get_by_name(leaf.id, "v").action == "CREATE"  # unchanged inside

    update(service, ctxt, ident, {"thing.yaml": thing("two")})
    assert values(ident["stack_id"]) == ["two", "two"]
    assert [c.id for c in stack_rows.children(ident["stack_id"])] == [child.id]
