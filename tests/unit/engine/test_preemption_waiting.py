"""An update waiting for the operation it preempted is the stack's operation:
a newer update, a delete or a cancel reaches it, not only the old one."""

from __future__ import annotations

from typing import Any

from heatlite.db import raw_templates, stack_rows, stacks
from heatlite.engine.rpc.update_service import StackUpdateService
from heatlite.engine.walk.threads import Operation
from heatlite.engine.walk.update_takeover import Successor
from tests.unit.engine.conftest import hot, wait_for_resource, wait_idle


def slow(value: str, update_secs: float) -> dict[str, Any]:
    return hot({"t": {"type": "OS::Heat::TestResource", "properties": {
        "value": value, "action_wait_secs": {"update": update_secs}}}},
        outputs={"v": {"value": {"get_attr": ["t", "output"]}}})


def started(service: Any, ctxt: Any, first_wait: float) -> tuple[StackUpdateService, Any]:
    """A stack whose update hangs in ``t`` for ``first_wait`` seconds, and a
    second update preempting it (waiting for ``t``)."""
    updater = StackUpdateService(service)
    ident = service.create_stack(ctxt, "pre", slow("one", 0), {}, {}, {})
    wait_idle(service, ident["stack_id"])
    updater.update_stack(ctxt, ident, slow("two", first_wait), {}, {}, {})
    wait_for_resource(service, ctxt, ident, "t", ("UPDATE", "IN_PROGRESS"))
    updater.update_stack(ctxt, ident, slow("three", 0), {}, {}, {})
    return updater, ident


def test_the_newest_of_several_updates_wins(service, ctxt):
    updater, ident = started(service, ctxt, 0.5)
    updater.update_stack(ctxt, ident, slow("four", 0), {}, {}, {})
    wait_idle(service, ident["stack_id"])
    row = stacks.get(ident["stack_id"])
    assert (row.action, row.status) == ("UPDATE", "COMPLETE"), row.status_reason
    assert row.outputs[0]["output_value"] == "four"
    template = raw_templates.get(row.raw_template_id).template
    assert template["resources"]["t"]["properties"]["value"] == "four"


def test_a_delete_stops_the_waiting_update_and_the_old_one(service, ctxt):
    _, ident = started(service, ctxt, -1)  # t would wait for ever
    service.delete_stack(ctxt, ident)  # not ActionInProgress
    wait_idle(service, ident["stack_id"])
    row = stack_rows.get(ident["stack_id"], show_deleted=True)
    assert (row.action, row.status) == ("DELETE", "COMPLETE"), row.status_reason


def test_cancel_update_reaches_the_waiting_update(service, ctxt):
    updater, ident = started(service, ctxt, 1)
    updater.stack_cancel_update(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    row = stacks.get(ident["stack_id"])
    assert (row.action, row.status) == ("ROLLBACK", "COMPLETE"), row.status_reason


def test_a_preempted_successor_never_runs_and_a_cancelled_one_cancels_what_it_waits_for():
    previous, op = Operation("s", "UPDATE"), Operation("s", "UPDATE")
    ran = []
    successor = Successor(previous, op, ran.append)
    op.cancel("gone")
    assert previous.cancelled and previous.cancel_reason == "gone"
    previous.finish()
    op.preempt()
    successor.run()
    assert ran == []
