"""heatlite.db.events on the ``db`` fixture's backend (shared with functional)."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.db import events, session
from tests.unit.db.fixtures import at, new_stack


def record(stack_id, name, **values):
    return events.create(dict(values, stack_id=stack_id, resource_name=name))


def test_create_and_get(db):
    stack = new_stack("s1")
    event = record(stack.id, "r", resource_action="CREATE", resource_status="COMPLETE",
                   resource_status_reason="state changed", resource_type="OS::Heat::None",
                   physical_resource_id="phys", resource_properties={"p": 1})
    assert len(event.uuid) == 36 and event.created_at is not None
    loaded = events.get(stack.id, event.uuid)
    assert (loaded.resource_name, loaded.resource_status_reason, loaded.resource_properties) \
        == ("r", "state changed", {"p": 1})
    assert events.get(stack.id, "no-such-event") is None
    assert events.get("other-stack", event.uuid) is None


def test_create_for_missing_stack_is_not_found(db):
    with pytest.raises(exception.EntityNotFound):
        record("no-such-stack", "r")


def test_purge_keeps_the_stack_under_its_cap(db):
    stack = new_stack("s1")
    other = new_stack("s2")
    record(other.id, "untouched")
    for i in range(12):
        events.create({"stack_id": stack.id, "resource_name": "r%02d" % i},
                      max_events=5, purge_batch=3)
        assert events.count(stack.id) <= 5
    # 5 kept, the 6th purged 3 (3 left), 9th purged to 3, 12th purged to 3.
    kept = [e.resource_name for e in events.list(stack.id, sort_dir="asc")]
    assert kept == ["r09", "r10", "r11"]
    assert events.count(other.id) == 1


def test_no_cap_keeps_everything(db):
    stack = new_stack("s1")
    for i in range(6):
        events.create({"stack_id": stack.id, "resource_name": "r%d" % i},
                      max_events=0, purge_batch=2)
    for i in range(4):
        events.create({"stack_id": stack.id, "resource_name": "q%d" % i})
    assert events.count(stack.id) == 10


def _history(stack_id):
    # Two events share a timestamp: insertion order breaks the tie.
    record(stack_id, "stack", resource_type="OS::Heat::Stack", created_at=at(1))
    record(stack_id, "b", resource_type="OS::Heat::B", created_at=at(2))
    record(stack_id, "a", resource_type="OS::Heat::A", created_at=at(2))
    record(stack_id, "stack", resource_type="OS::Heat::Stack", created_at=at(3),
           resource_status="COMPLETE")


def test_list_default_order_is_newest_first(db):
    stack = new_stack("s1")
    _history(stack.id)
    assert [e.resource_name for e in events.list(stack.id)] == ["stack", "a", "b", "stack"]
    assert [e.resource_name for e in events.list(stack.id, sort_dir="asc")] == \
        ["stack", "b", "a", "stack"]
    assert [e.resource_name for e in events.list(stack.id, sort_keys=["event_time"])] == \
        ["stack", "b", "a", "stack"]
    assert [e.resource_type for e in events.list(stack.id, sort_keys="resource_type")] == \
        ["OS::Heat::A", "OS::Heat::B", "OS::Heat::Stack", "OS::Heat::Stack"]


def test_list_filters_limit_and_marker(db):
    stack = new_stack("s1")
    _history(stack.id)
    assert [e.resource_type for e in events.list(stack.id, filters={"resource_name": "stack"})] \
        == ["OS::Heat::Stack"] * 2
    assert len(events.list(stack.id, filters={"resource_status": "COMPLETE"})) == 1
    assert len(events.list(stack.id, filters={"resource_name": ["a", "b"]})) == 2
    first = events.list(stack.id, limit=2)
    rest = events.list(stack.id, marker=first[-1].uuid)
    assert [e.uuid for e in first + rest] == [e.uuid for e in events.list(stack.id)]
    assert len(events.list(stack.id, marker="no-such-event")) == 4
    with pytest.raises(exception.BadRequest):
        events.list(stack.id, filters={"colour": "red"})
    with pytest.raises(exception.BadRequest):
        events.list(stack.id, sort_dir="up")


def test_list_over_several_stacks(db):
    one = new_stack("one")
    two = new_stack("two")
    record(one.id, "r1", created_at=at(1))
    record(two.id, "r2", created_at=at(2))
    record(new_stack("three").id, "r3")
    assert [e.resource_name for e in events.list([one.id, two.id])] == ["r2", "r1"]


def _values(stack_id, name):
    return {"stack_id": stack_id, "resource_name": name, "resource_action": "CREATE",
            "resource_status": "COMPLETE", "resource_properties": {"p": [1, None]}}


def test_record_counts_only_when_asked(db):
    stack = new_stack("s1")
    assert events.record(_values(stack.id, "a")) is None
    assert events.record(_values(stack.id, "b"), max_events=10) == 2
    kept = events.list(stack.id, sort_dir="asc")
    assert [e.resource_name for e in kept] == ["a", "b"]
    assert len(kept[0].uuid) == 36 and kept[0].created_at is not None
    assert kept[1].resource_properties == {"p": [1, None]}


def test_record_purges_at_the_cap_like_create(db):
    stack = new_stack("s1")
    counts = [events.record(_values(stack.id, "r%02d" % i), max_events=5, purge_batch=3)
              for i in range(7)]
    # At the 6th the stack held 5: 3 purged, 2 left, +1.
    assert counts == [1, 2, 3, 4, 5, 3, 4]
    assert [e.resource_name for e in events.list(stack.id, sort_dir="asc")] == \
        ["r03", "r04", "r05", "r06"]


def test_record_for_missing_stack_is_not_found(db):
    with pytest.raises(exception.EntityNotFound):
        events.record(_values("no-such-stack", "r"))


def test_add_writes_in_the_callers_transaction(db):
    stack = new_stack("s1")
    with pytest.raises(KeyError):
        with session.writer_connection() as conn:
            events.add(conn, _values(stack.id, "rolled-back"))
            raise KeyError("boom")
    assert events.count(stack.id) == 0
