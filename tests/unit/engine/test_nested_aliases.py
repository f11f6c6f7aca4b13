"""Group members whose type is an environment alias: they can be removed
by an update and deleted with the stack, through the alias as created."""

from __future__ import annotations

from typing import Any

from heatlite.db import stack_rows, stacks
from heatlite.engine.rpc.update_service import StackUpdateService
from tests.unit.engine.conftest import hot, wait_idle

ENV = {"resource_registry": {"My::Value": "OS::Heat::Value"}}


def group(count: int) -> dict[str, Any]:
    return hot({"g": {"type": "OS::Heat::ResourceGroup", "properties": {
        "count": count, "resource_def": {"type": "My::Value",
                                         "properties": {"value": "v-%index%"}}}}},
               outputs={"values": {"value": {"get_attr": ["g", "value"]}}})


def values(stack_id: str) -> Any:
    return {o["output_key"]: o["output_value"] for o in stacks.get(stack_id).outputs}["values"]


def test_aliased_members_shrink_and_delete(service, ctxt):
    ident = service.create_stack(ctxt, "al", group(3), ENV, None, None)
    wait_idle(service, ident["stack_id"])
    assert values(ident["stack_id"]) == ["v-0", "v-1", "v-2"]
    (child,) = stack_rows.children(ident["stack_id"])

    StackUpdateService(service).update_stack(ctxt, ident, group(1), ENV, None, {})
    wait_idle(service, ident["stack_id"])
    row = stacks.get(ident["stack_id"])
    assert (row.action, row.status) == ("UPDATE", "COMPLETE"), row.status_reason
    assert values(ident["stack_id"]) == ["v-0"]

    service.delete_stack(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    gone = stack_rows.get(child.id, show_deleted=True)
    assert (gone.action, gone.status) == ("DELETE", "COMPLETE"), gone.status_reason
