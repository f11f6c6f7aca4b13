"""heatlite.db.snapshots on the ``db`` fixture's backend."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.db import snapshots
from tests.unit.db.fixtures import new_stack


def make(stack_id, tenant="tenant-a", name="s"):
    return snapshots.create({"stack_id": stack_id, "tenant": tenant, "name": name,
                             "action": "CREATE", "status": "IN_PROGRESS",
                             "data": {"resources": {}}})


def test_create_get_update_list_delete(db):
    stack = new_stack("s1")
    first = make(stack.id, name="a")
    make(stack.id, name="b")
    assert len(first.id) == 36
    snapshots.update(first.id, {"status": "COMPLETE", "data": {"x": [1]}})
    row = snapshots.get(first.id, "tenant-a")
    assert (row.status, row.data, row.updated_at is not None) == ("COMPLETE", {"x": [1]},
                                                                   True)
    assert [s.name for s in snapshots.list_by_stack(stack.id, "tenant-a")] == ["a", "b"]
    assert snapshots.count_by_stack(stack.id) == 2
    snapshots.delete(first.id)
    with pytest.raises(exception.NotFound, match="Snapshot with id %s not found" % first.id):
        snapshots.get(first.id)
    assert snapshots.delete_all_by_stack(stack.id) == 1
    assert snapshots.list_by_stack(stack.id) == []


def test_other_tenants_snapshot_is_not_found(db):
    stack = new_stack("s1")
    row = make(stack.id, tenant="tenant-b")
    with pytest.raises(exception.NotFound):
        snapshots.get(row.id, "tenant-a")
    assert snapshots.list_by_stack(stack.id, "tenant-a") == []
    assert snapshots.get(row.id).id == row.id


def test_only_some_columns_update(db):
    row = make(new_stack("s1").id)
    with pytest.raises(ValueError):
        snapshots.update(row.id, {"stack_id": "x"})
