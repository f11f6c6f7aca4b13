"""Storing a new stack in one transaction (heatlite.db.new_stacks)."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from oslo_db import exception as db_exception

from heatlite.common import exception
from heatlite.db import events, models, new_stacks, raw_templates, resources, session
from heatlite.db import stack_locks, stacks


def _store(name="s1", stack_id=None, tags=("a", "b"), items=None, tenant="t"):
    stack_id = stack_id or str(uuid.uuid4())
    return stack_id, new_stacks.store(
        {"heat_template_version": "2018-08-31"}, {"f": "x"}, {"parameters": {}},
        {"id": stack_id, "name": name, "tenant": tenant, "action": "CREATE",
         "status": "IN_PROGRESS", "status_reason": "Stack CREATE started"},
        tags, "engine-1",
        items if items is not None else [{"name": "r1", "type": "OS::Heat::None"},
                                         {"name": "r2", "type": "OS::Heat::None"}],
        {"resource_name": name, "resource_action": "CREATE",
         "resource_status": "IN_PROGRESS"})


def test_store_writes_everything(db):
    stack_id, stored = _store()
    row = stacks.get(stack_id)
    assert row.raw_template_id == stored.template_id
    assert sorted(t.tag for t in row.tags) == ["a", "b"]
    assert raw_templates.get(stored.template_id).files == {"f": "x"}
    assert stack_locks.get_engine_id(stack_id) == "engine-1"
    assert [r.name for r in stored.resources] == ["r1", "r2"]
    assert [r.name for r in resources.get_all_by_stack(stack_id)] == ["r1", "r2"]
    assert all(r.id is not None and r.uuid for r in stored.resources)
    assert {r.current_template_id for r in resources.get_all_by_stack(stack_id)} \
        == {stored.template_id}
    (event,) = events.list(stack_id)
    assert (event.resource_name, event.resource_status) == ("s1", "IN_PROGRESS")
    assert stored.events_held is None


def test_store_counts_events_when_capped(db):
    stack_id = str(uuid.uuid4())
    stored = new_stacks.store({}, {}, {}, {"id": stack_id, "name": "s", "tenant": "t"}, (),
                              "e", [], {"resource_name": "s"}, max_events=10)
    assert stored.events_held == 1
    assert stored.resources == []


def test_name_clash_stores_nothing(db):
    _store("taken")
    before = len(raw_template_ids())
    with pytest.raises(exception.StackExists):
        _store("taken")
    assert len(raw_template_ids()) == before


def test_failure_rolls_everything_back(db):
    stack_id = str(uuid.uuid4())
    with pytest.raises(db_exception.DBError):  # a resource needs a name
        _store("s2", stack_id=stack_id, items=[{"name": None}])
    assert stacks.get(stack_id, show_deleted=True) is None
    assert stack_locks.get_engine_id(stack_id) is None
    assert events.count(stack_id) == 0
    assert raw_template_ids() == []


def test_other_tenant_may_reuse_the_name(db):
    _store("same", tenant="t1")
    stack_id, _ = _store("same", tenant="t2")
    assert stacks.get(stack_id).tenant == "t2"


def test_unknown_columns_are_refused(db):
    with pytest.raises(ValueError):
        _store("s3", items=[{"name": "r1", "no_such_column": 1}])
    assert stacks.get_by_name("t", "s3") is None


def raw_template_ids():
    """Every raw template id (a failed store must not leave one behind)."""
    with session.reader() as s:
        return list(s.scalars(sa.select(models.RawTemplate.id)))
