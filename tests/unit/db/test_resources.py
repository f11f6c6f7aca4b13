"""heatlite.db.resources on the ``db`` fixture's backend (shared with functional)."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.db import events, resources
from tests.unit.db.fixtures import at, new_stack


def test_create_many_keeps_order_and_json_columns(db):
    stack = new_stack("s1")
    rows = resources.create_many([
        {"stack_id": stack.id, "name": "b", "type": "OS::Heat::None",
         "properties_data": {"p": [1, {"x": None}]}, "requires": ["a"],
         "attr_data": {"value": "ü"}, "rsrc_metadata": {}, "data": None},
        {"stack_id": stack.id, "name": "a", "type": "OS::Heat::RandomString"},
    ])
    assert [r.name for r in rows] == ["b", "a"]
    assert rows[0].id < rows[1].id
    assert len(rows[0].uuid) == 36 and rows[0].uuid != rows[1].uuid
    loaded = resources.get_by_name(stack.id, "b")
    assert loaded.properties_data == {"p": [1, {"x": None}]}
    assert loaded.requires == ["a"]
    assert loaded.attr_data == {"value": "ü"}
    assert loaded.rsrc_metadata == {}
    assert loaded.data is None
    assert [r.name for r in resources.get_all_by_stack(stack.id)] == ["b", "a"]


def test_create_many_for_missing_stack_is_not_found(db):
    with pytest.raises(exception.EntityNotFound) as info:
        resources.create_many([{"stack_id": "no-such-stack", "name": "r"}])
    assert "no-such-stack" in str(info.value)


def test_get_by_name_prefers_the_newest_row(db):
    stack = new_stack("s1")
    old, new = resources.create_many([{"stack_id": stack.id, "name": "r"},
                                      {"stack_id": stack.id, "name": "r"}])
    assert resources.get_by_name(stack.id, "r").id == new.id
    assert resources.get_by_name(stack.id, "other") is None
    assert resources.get_by_name("no-such-stack", "r") is None
    resources.delete(new.id)
    assert resources.get_by_name(stack.id, "r").id == old.id


def test_update(db):
    stack = new_stack("s1")
    (row,) = resources.create_many([{"stack_id": stack.id, "name": "r"}])
    resources.update(row.id, {"action": "CREATE", "status": "COMPLETE",
                              "physical_resource_id": "phys", "updated_at": at(1),
                              "attr_data": {"a": 1}})
    loaded = resources.get(row.id)
    assert (loaded.action, loaded.status, loaded.physical_resource_id) == \
        ("CREATE", "COMPLETE", "phys")
    assert loaded.updated_at == at(1)
    assert loaded.attr_data == {"a": 1}
    # Writing the same values again still finds the row (MySQL counts
    # matched rows, not changed ones).
    resources.update(row.id, {"status": "COMPLETE"})
    with pytest.raises(exception.NotFound):
        resources.update(row.id + 1000, {"status": "FAILED"})
    with pytest.raises(ValueError):
        resources.update(row.id, {"colour": "red"})


def test_set_physical_id_by_uuid(db):
    stack = new_stack("s1")
    first, second = resources.create_many([{"stack_id": stack.id, "name": "r"},
                                            {"stack_id": stack.id, "name": "r"}])
    resources.set_physical_id(first.uuid, "nested-id")
    assert resources.get(first.id).physical_resource_id == "nested-id"
    assert resources.get(second.id).physical_resource_id is None
    resources.set_physical_id("no-such-uuid", "x")  # gone meanwhile: no error


def test_delete_and_delete_by_stack(db):
    one = new_stack("one")
    two = new_stack("two")
    rows = resources.create_many([{"stack_id": one.id, "name": n} for n in "abc"])
    resources.create_many([{"stack_id": two.id, "name": "z"}])
    resources.delete(rows[0].id)
    with pytest.raises(exception.NotFound):
        resources.delete(rows[0].id)
    assert resources.delete_by_stack(one.id) == 2
    assert resources.get_all_by_stack(one.id) == []
    assert [r.name for r in resources.get_all_by_stack(two.id)] == ["z"]


def _event(stack_id, status):
    return {"stack_id": stack_id, "resource_name": "r", "resource_action": "CREATE",
            "resource_status": status, "resource_status_reason": "state changed",
            "resource_type": "OS::Heat::None", "resource_properties": {"v": 1}}


def test_update_with_event_writes_both(db):
    stack = new_stack("s1")
    (row,) = resources.create_many([{"stack_id": stack.id, "name": "r"}])
    held = resources.update_with_event(
        row.id, {"action": "CREATE", "status": "IN_PROGRESS", "attr_data": {"a": [1]}},
        _event(stack.id, "IN_PROGRESS"))
    assert held is None  # not counted unless asked
    assert resources.update_with_event(row.id, {"status": "COMPLETE"},
                                       _event(stack.id, "COMPLETE"), max_events=100) == 2
    loaded = resources.get(row.id)
    assert (loaded.action, loaded.status, loaded.attr_data) == ("CREATE", "COMPLETE", {"a": [1]})
    assert [e.resource_status for e in events.list(stack.id, sort_dir="asc")] == \
        ["IN_PROGRESS", "COMPLETE"]


def test_update_with_event_on_a_missing_row_writes_nothing(db):
    stack = new_stack("s1")
    with pytest.raises(exception.NotFound):
        resources.update_with_event(987654, {"status": "COMPLETE"},
                                    _event(stack.id, "COMPLETE"))
    assert events.count(stack.id) == 0


def test_update_with_event_refuses_unknown_columns(db):
    stack = new_stack("s1")
    (row,) = resources.create_many([{"stack_id": stack.id, "name": "r"}])
    with pytest.raises(ValueError):
        resources.update_with_event(row.id, {"nope": 1}, _event(stack.id, "COMPLETE"))


def test_updates_with_different_column_sets(db):
    # Statements are reused per column set: each set must still write its own.
    stack = new_stack("s1")
    a, b = resources.create_many([{"stack_id": stack.id, "name": "a"},
                                  {"stack_id": stack.id, "name": "b"}])
    resources.update(a.id, {"status": "X", "data": {"k": 1}})
    resources.update(b.id, {"status": "Y"})
    resources.update(a.id, {"physical_resource_id": "phys"})
    loaded_a, loaded_b = resources.get(a.id), resources.get(b.id)
    assert (loaded_a.status, loaded_a.data, loaded_a.physical_resource_id) == \
        ("X", {"k": 1}, "phys")
    assert (loaded_b.status, loaded_b.data) == ("Y", None)
