"""heatlite.engine.walk.recorder: one transaction per transition, the event cap."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.db import events, resources, stacks
from heatlite.engine import status
from heatlite.engine.walk import recorder as recorder_mod
from heatlite.engine.walk.recorder import Recorder
from tests.unit.db.fixtures import new_stack

INIT = (status.INIT, status.COMPLETE)
CREATING = (status.CREATE, status.IN_PROGRESS)


def _stack_and_resource(conf):
    stack = new_stack("s1", action=status.CREATE, status=status.IN_PROGRESS)
    (row,) = resources.create_many([{"stack_id": stack.id, "name": "r",
                                     "type": "OS::Heat::None", "action": status.INIT,
                                     "status": status.COMPLETE}])
    return stack, row


def test_resource_transition_writes_row_and_event(conf):
    stack, row = _stack_and_resource(conf)
    rec = Recorder(stack.id, stack.name, 1000, 200)
    rec.resource(row.id, "r", "OS::Heat::None", INIT, status.CREATE, status.IN_PROGRESS,
                 "state changed", "phys", {"p": 1}, {"properties_data": {"p": 1}})
    loaded = resources.get(row.id)
    assert (loaded.action, loaded.status, loaded.properties_data) == \
        (status.CREATE, status.IN_PROGRESS, {"p": 1})
    assert loaded.updated_at is not None
    (event,) = events.list(stack.id)
    assert (event.resource_name, event.physical_resource_id, event.resource_properties) == \
        ("r", "phys", {"p": 1})


def test_refused_transition_writes_nothing(conf):
    stack, row = _stack_and_resource(conf)
    rec = Recorder(stack.id, stack.name, 1000, 200)
    with pytest.raises(status.InvalidTransition):
        rec.resource(row.id, "r", "OS::Heat::None", INIT, status.DELETE, status.COMPLETE,
                     "nope", None, {})
    assert events.count(stack.id) == 0


def test_stack_transition_and_event_name_the_stack(conf):
    stack, _ = _stack_and_resource(conf)
    rec = Recorder(stack.id, stack.name, 1000, 200)
    rec.stack(CREATING, status.CREATE, status.COMPLETE, "done", {"outputs": []})
    loaded = stacks.get(stack.id)
    assert (loaded.status, loaded.status_reason, loaded.outputs) == \
        (status.COMPLETE, "done", [])
    (event,) = events.list(stack.id)
    assert (event.resource_name, event.physical_resource_id, event.resource_type) == \
        ("s1", stack.id, recorder_mod.STACK_TYPE)


def test_transition_of_a_gone_resource_is_not_found(conf):
    stack, row = _stack_and_resource(conf)
    resources.delete(row.id)
    rec = Recorder(stack.id, stack.name, 1000, 200)
    with pytest.raises(exception.NotFound):
        rec.resource(row.id, "r", "OS::Heat::None", INIT, status.CREATE, status.IN_PROGRESS,
                     "state changed", None, {})
    assert events.count(stack.id) == 0


@pytest.mark.parametrize("max_events,batch", [(5, 3), (30, 7), (250, 40)])
def test_cap_holds_with_counting_skipped(conf, monkeypatch, max_events, batch):
    monkeypatch.setattr(recorder_mod, "RECOUNT_EVERY", 20)
    stack, row = _stack_and_resource(conf)
    rec = Recorder(stack.id, stack.name, max_events, batch)
    counted = []
    real_add = events.add

    def add(conn, values, cap=None, purge_batch=200):
        counted.append(cap is not None)
        return real_add(conn, values, cap, purge_batch)

    monkeypatch.setattr(events, "add", add)
    state = INIT
    for i in range(3 * max_events):
        rec.resource_event("r", "OS::Heat::None", state, "tick %d" % i, None, {})
        assert events.count(stack.id) <= max_events
    assert events.count(stack.id) > max_events - batch
    if max_events > 30:
        # Far from the cap most events skip the count.
        assert counted.count(False) > counted.count(True)


def test_events_of_another_writer_are_seen_at_the_next_count(conf, monkeypatch):
    monkeypatch.setattr(recorder_mod, "RECOUNT_EVERY", 10)
    stack, _ = _stack_and_resource(conf)
    ours = Recorder(stack.id, stack.name, 100, 50)
    theirs = Recorder(stack.id, stack.name, 100, 50)
    for i in range(300):
        (ours if i % 2 else theirs).resource_event("r", "OS::Heat::None", INIT, str(i),
                                                   None, {})
        # Each recorder misses the other's events for at most RECOUNT_EVERY
        # of its own, so the cap overshoots by no more than that.
        assert events.count(stack.id) <= 100 + 10


def test_no_cap_never_counts(conf, monkeypatch):
    stack, _ = _stack_and_resource(conf)
    rec = Recorder(stack.id, stack.name, 0, 200)
    caps = []
    real_add = events.add
    monkeypatch.setattr(events, "add", lambda conn, values, cap=None, purge_batch=200:
                        caps.append(cap) or real_add(conn, values, cap, purge_batch))
    for i in range(5):
        rec.stack_event(status.CREATE, status.IN_PROGRESS, str(i))
    assert caps == [None] * 5 and events.count(stack.id) == 5
