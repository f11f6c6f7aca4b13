"""CreateStack: a create handed off leaves the stack IN_PROGRESS and locked."""

from __future__ import annotations

import json

from heatlite.db import resources as resource_rows
from heatlite.db import stack_locks, stack_rows
from heatlite.engine import status
from tests.unit.engine.conftest import hot
from tests.unit.engine.walk.blocking import Blocking
from tests.unit.engine.walk.conftest import handed_off_create

TEMPLATE = hot({"a": {"type": "Test::Blocking"},
                "b": {"type": "Test::Blocking", "depends_on": ["a"]}})


def states(stack_id):
    return {r.name: (r.action, r.status) for r in resource_rows.get_all_by_stack(stack_id)}


def test_hand_off_lets_running_resources_end_then_keeps_the_lock(blocking_service, ctxt):
    stack_id = handed_off_create(blocking_service, ctxt, "handed", TEMPLATE, "a")
    row = stack_rows.get(stack_id)
    assert (row.action, row.status) == (status.CREATE, status.IN_PROGRESS)
    assert stack_locks.get_engine_id(stack_id) == "engine-1"
    assert states(stack_id) == {"a": (status.CREATE, status.COMPLETE),
                                "b": (status.INIT, status.COMPLETE)}
    assert Blocking.calls[("b", "CREATE")] == 0


def test_physical_id_is_stored_as_soon_as_the_plugin_sets_it(blocking_service, ctxt):
    Blocking.hold("a")
    ident = blocking_service.create_stack(ctxt, "physid", TEMPLATE, {}, {}, {})
    assert Blocking.started("a")
    rows = {r.name: r for r in resource_rows.get_all_by_stack(ident["stack_id"])}
    assert rows["a"].status == status.IN_PROGRESS
    assert rows["a"].physical_resource_id == "phys-a"
    Blocking.release("a")


def test_hand_off_of_a_parent_leaves_its_nested_resource_in_progress(blocking_service, ctxt):
    child = json.dumps(hot({"c": {"type": "Test::Blocking"}}))
    Blocking.hold("c")
    ident = blocking_service.create_stack(
        ctxt, "nest", hot({"n": {"type": "OS::Heat::Stack",
                                 "properties": {"template": child}}}), {}, {}, {})
    stack_id = ident["stack_id"]
    assert Blocking.started("c")
    parent_op = blocking_service.threads.get(stack_id)
    child_id = resource_rows.get_by_name(stack_id, "n").physical_resource_id
    child_op = blocking_service.threads.get(child_id)
    assert parent_op.hand_off()
    assert child_op.handed_off  # a nested operation of a handed-off parent
    Blocking.release("c")
    assert parent_op.wait(10) and child_op.wait(10)
    assert states(stack_id) == {"n": (status.CREATE, status.IN_PROGRESS)}
    assert states(child_id) == {"c": (status.CREATE, status.COMPLETE)}
    for sid in (stack_id, child_id):
        assert stack_rows.get(sid).status == status.IN_PROGRESS
        assert stack_locks.get_engine_id(sid) == "engine-1"
