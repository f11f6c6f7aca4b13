"""heatlite.db.stack_reset on the ``db`` fixture's backend (shared with functional)."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.db import resources, stack_locks, stack_reset, stacks
from tests.unit.db.fixtures import new_stack


def _resource(stack: object, name: str, status: str) -> None:
    resources.create_many([{"stack_id": stack.id, "name": name, "type": "OS::Heat::None",
                            "action": "CREATE", "status": status}])


def _status(stack_id: str) -> tuple[str, str, str]:
    row = stacks.get(stack_id)
    return row.action, row.status, row.status_reason


def test_stuck_stack_and_nested_stack_become_failed_and_unlocked(db):
    top = new_stack("top", action="UPDATE", status="IN_PROGRESS")
    child = new_stack("child", action="CREATE", status="IN_PROGRESS", owner_id=top.id,
                      nested_depth=1)
    _resource(top, "busy", "IN_PROGRESS")
    _resource(top, "done", "COMPLETE")
    _resource(child, "inner", "IN_PROGRESS")
    assert stack_locks.create(top.id, "engine-1") is None
    assert sorted(stack_reset.reset_stack_status(top.id)) == sorted([top.id, child.id])
    assert _status(top.id) == ("UPDATE", "FAILED", stack_reset.STACK_REASON)
    assert _status(child.id) == ("CREATE", "FAILED", stack_reset.STACK_REASON)
    assert stack_locks.get_engine_id(top.id) is None
    states = {r.name: (r.status, r.status_reason)
              for s in (top, child) for r in resources.get_all_by_stack(s.id)}
    assert states == {"busy": ("FAILED", stack_reset.RESOURCE_REASON),
                      "done": ("COMPLETE", None),
                      "inner": ("FAILED", stack_reset.RESOURCE_REASON)}


def test_settled_stack_is_left_as_it_is(db):
    stack = new_stack("calm")
    assert stack_locks.create(stack.id, "engine-1") is None
    assert stack_reset.reset_stack_status(stack.id) == []
    assert _status(stack.id) == ("CREATE", "COMPLETE", None)
    assert stack_locks.get_engine_id(stack.id) == "engine-1"


def test_unknown_or_deleted_stack_is_not_found(db):
    gone = new_stack("gone", status="IN_PROGRESS")
    stacks.soft_delete(gone.id)
    for stack_id in (gone.id, "no-such-stack"):
        with pytest.raises(exception.EntityNotFound):
            stack_reset.reset_stack_status(stack_id)
