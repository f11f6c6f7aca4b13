"""Storing a new stack (heatlite.engine.walk.new_stack.store_new_stack)."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.db import events, raw_templates, resources, stack_locks, stacks
from heatlite.engine import status
from heatlite.engine.stack import hooks
from heatlite.engine.walk import new_stack
from heatlite.engine.walk.recorder import Recorder
from tests.unit.engine.conftest import hot

TEMPLATE = hot({"a": {"type": "OS::Heat::None"},
                "b": {"type": "OS::Heat::None", "depends_on": ["a"]}})


def _defn(service, ctxt, name="s1", env=None):
    stack_id = new_stack.new_stack_id()
    defn = new_stack.validate_new_stack(service.conf, ctxt, service.registry, name, TEMPLATE,
                                        env or {}, None, stack_id, None)
    return defn, Recorder(stack_id, name, 1000, 200)


def test_store_new_stack_writes_stack_lock_resources_and_event(service, ctxt):
    defn, recorder = _defn(service, ctxt)
    args = new_stack.StackArgs(timeout_mins=5, disable_rollback=False, tags=["t1"])
    rows = new_stack.store_new_stack(ctxt, defn, args, {"f.yaml": "x"}, "engine-9", recorder)
    assert sorted(rows) == ["a", "b"] and rows["b"].requires == ["a"]
    row = stacks.get(defn.stack_id)
    assert (row.action, row.status, row.status_reason) == (
        "CREATE", "IN_PROGRESS", "Stack CREATE started")
    assert (row.timeout, row.disable_rollback, [t.tag for t in row.tags]) == (5, False, ["t1"])
    assert (row.tenant, row.username, row.user_id) == ("tenant-a", "alice", "user-a")
    assert raw_templates.get(row.raw_template_id).files == {"f.yaml": "x"}
    assert stack_locks.get_engine_id(defn.stack_id) == "engine-9"
    assert [(r.name, r.action, r.status) for r in resources.get_all_by_stack(row.id)] == [
        ("a", "INIT", "COMPLETE"), ("b", "INIT", "COMPLETE")]
    (event,) = events.list(row.id)
    assert (event.resource_name, event.resource_action, event.resource_status) == (
        "s1", "CREATE", "IN_PROGRESS")


def test_adopt_action_and_breakpoints_are_stored(service, ctxt):
    env = {"resource_registry": {"resources": {"a": {"hooks": "pre-create"}}}}
    clean, taken = hooks.split_environment(env)
    defn, recorder = _defn(service, ctxt, env=clean)
    stored_env = new_stack.stored_environment(defn, taken)
    assert stored_env["resource_registry"]["resources"] == {"a": {"hooks": "pre-create"}}
    new_stack.store_new_stack(ctxt, defn, new_stack.StackArgs(), None, "e", recorder,
                              action=status.ADOPT, reason="Stack ADOPT started",
                              environment=stored_env)
    row = stacks.get(defn.stack_id)
    assert (row.action, row.status_reason) == ("ADOPT", "Stack ADOPT started")
    assert raw_templates.get(row.raw_template_id).environment == stored_env
    assert events.list(row.id)[0].resource_action == "ADOPT"


def test_name_taken_meanwhile_stores_nothing(service, ctxt):
    first, rec1 = _defn(service, ctxt, "same")
    second, rec2 = _defn(service, ctxt, "same")
    new_stack.store_new_stack(ctxt, first, new_stack.StackArgs(), None, "e", rec1)
    with pytest.raises(exception.StackExists):
        new_stack.store_new_stack(ctxt, second, new_stack.StackArgs(), None, "e", rec2)
    assert stacks.get(second.stack_id, show_deleted=True) is None
    assert events.count(second.stack_id) == 0


def test_recorder_knows_the_first_event_without_counting(service, ctxt):
    defn, recorder = _defn(service, ctxt)
    new_stack.store_new_stack(ctxt, defn, new_stack.StackArgs(), None, "e", recorder)
    # The next event is not far from a cap of 1000: no exact count needed.
    assert recorder._cap() is None


def test_check_size_checks_depth_before_serializing(service):
    """A template 5000 levels deep is the depth budget's 400, not a RecursionError."""
    deep: dict = {}
    leaf = deep
    for _ in range(5000):
        leaf["a"] = {}
        leaf = leaf["a"]
    with pytest.raises(exception.RequestLimitExceeded, match="depth"):
        new_stack.check_size(service.conf, {"heat_template_version": "2018-08-31",
                                            "resources": deep})
    service.conf.set_override("max_template_size", 10)
    try:
        with pytest.raises(exception.RequestLimitExceeded, match="size"):
            new_stack.check_size(service.conf, TEMPLATE)
    finally:
        service.conf.clear_override("max_template_size")
