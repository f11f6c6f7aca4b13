"""A second update preempts a create or update in progress (Heat's
convergence): it starts at once, and runs when the resources the first
one still has in progress end; nested stacks in progress are stopped."""

from __future__ import annotations

import time
from typing import Any

from heatlite.db import raw_templates, stacks
from heatlite.engine.rpc.update_service import StackUpdateService
from tests.unit.engine.conftest import hot, wait_for_resource


def settled(ident: Any, timeout: float = 20) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = stacks.get(ident["stack_id"])
        if row.status != "IN_PROGRESS":
            return row
        time.sleep(0.02)
    raise AssertionError("stack still in progress")


def slow(value: str, update_secs: float) -> dict[str, Any]:
    return hot({"t": {"type": "OS::Heat::TestResource", "properties": {
        "value": value, "action_wait_secs": {"update": update_secs}}}},
        outputs={"v": {"value": {"get_attr": ["t", "output"]}}})


def test_update_preempts_an_update_in_progress(service, ctxt):
    updater = StackUpdateService(service)
    ident = service.create_stack(ctxt, "pre", slow("one", 0), {}, {}, {})
    assert settled(ident).status == "COMPLETE"
    updater.update_stack(ctxt, ident, slow("two", 1), {}, {}, {})
    wait_for_resource(service, ctxt, ident, "t", ("UPDATE", "IN_PROGRESS"))
    updater.update_stack(ctxt, ident, slow("three", 0), {}, {}, {})
    row = stacks.get(ident["stack_id"])
    assert (row.action, row.status, row.status_reason) == (
        "UPDATE", "IN_PROGRESS", "Stack UPDATE started")
    row = settled(ident)
    assert (row.action, row.status) == ("UPDATE", "COMPLETE"), row.status_reason
    assert {o["output_key"]: o["output_value"] for o in row.outputs} == {"v": "three"}


NESTED = ("heat_template_version: 2018-08-31\n"
          "parameters: {input: {type: string}}\n"
          "resources:\n"
          "  hang: {type: OS::Heat::TestResource, properties: {value: {get_param: input},"
          " action_wait_secs: {update: -1}}}\n")


def test_update_preempts_a_nested_update_and_deletes_what_hangs(service, ctxt):
    updater = StackUpdateService(service)
    root = hot({"n": {"type": "inner.yaml", "properties": {"input": {"get_param": "x"}}}},
               parameters={"x": {"type": "string"}})
    ident = service.create_stack(ctxt, "nest", root, {"parameters": {"x": "a"}},
                                 {"inner.yaml": NESTED}, {})
    assert settled(ident).status == "COMPLETE"
    updater.update_stack(ctxt, ident, root, {"parameters": {"x": "b"}},
                         {"inner.yaml": NESTED}, {})
    wait_for_resource(service, ctxt, ident, "n", ("UPDATE", "IN_PROGRESS"))
    time.sleep(0.2)  # the nested resource is hanging in its update
    empty = "heat_template_version: 2018-08-31\nparameters: {input: {type: string}}\n"
    updater.update_stack(ctxt, ident, root, {"parameters": {"x": "c"}},
                         {"inner.yaml": empty}, {})
    row = settled(ident)
    assert (row.action, row.status) == ("UPDATE", "COMPLETE"), row.status_reason


def test_a_preempting_update_can_roll_back_to_the_preempted_template(service, ctxt):
    updater = StackUpdateService(service)
    ident = service.create_stack(ctxt, "back", slow("one", 0), {}, {}, {})
    assert settled(ident).status == "COMPLETE"
    failing = slow("two", 0.5)
    failing["resources"]["t"]["properties"]["fail"] = True
    updater.update_stack(ctxt, ident, failing, {}, {}, {})
    wait_for_resource(service, ctxt, ident, "t", ("UPDATE", "IN_PROGRESS"))
    preempted = stacks.get(ident["stack_id"]).raw_template_id
    # The preempted walk ends with no row on its template (t failed), yet
    # the preempting update rolls back to it.
    also_failing = slow("three", 0)
    also_failing["resources"]["t"]["properties"]["fail"] = True
    updater.update_stack(ctxt, ident, also_failing, {}, {}, {"disable_rollback": False})
    row = settled(ident)
    assert row.action == "ROLLBACK", row.status_reason
    assert row.raw_template_id == preempted
    assert raw_templates.get(preempted).template == failing
