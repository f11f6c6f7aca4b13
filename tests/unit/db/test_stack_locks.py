"""heatlite.db.stack_locks on the ``db`` fixture's backend (shared with functional)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from heatlite.common import exception
from heatlite.db import models, services, stack_locks, stacks
from tests.unit.db.fixtures import at, new_stack


def test_acquire_steal_release(db):
    stack = new_stack("s1")
    assert stack_locks.get_engine_id(stack.id) is None
    assert stack_locks.create(stack.id, "e1") is None
    assert stack_locks.create(stack.id, "e2") == "e1"
    assert stack_locks.get_engine_id(stack.id) == "e1"
    assert stack_locks.steal(stack.id, "e0", "e2") is False
    assert stack_locks.steal(stack.id, "e1", "e2") is True
    assert stack_locks.release(stack.id, "e1") is False
    assert stack_locks.get_engine_id(stack.id) == "e2"
    assert stack_locks.release(stack.id, "e2") is True
    assert stack_locks.get_engine_id(stack.id) is None
    assert stack_locks.create(stack.id, "e3") is None


def test_lock_on_missing_stack_is_not_found(db):
    with pytest.raises(exception.EntityNotFound):
        stack_locks.create("no-such-stack", "e1")


def test_concurrent_acquire_has_one_winner(db):
    stack = new_stack("s1")
    results: dict[str, str | None] = {}

    def take(engine_id):
        results[engine_id] = stack_locks.create(stack.id, engine_id)

    threads = [threading.Thread(target=take, args=("e%d" % i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [engine for engine, holder in results.items() if holder is None]
    assert len(winners) == 1
    assert set(results.values()) == {None, winners[0]}
    assert stack_locks.get_engine_id(stack.id) == winners[0]


def test_lock_goes_with_the_purged_stack(db):
    stack = new_stack("s1")
    stack_locks.create(stack.id, "e1")
    stacks.soft_delete(stack.id)
    assert stack_locks.get_engine_id(stack.id) == "e1"
    stacks.purge_deleted(models.utcnow() + timedelta(seconds=1))
    assert stack_locks.get_engine_id(stack.id) is None


def test_held_without_beat_lists_locks_of_silent_holders(db):
    def beat(engine_id, seconds, **extra):
        return services.create(dict({
            "engine_id": engine_id, "host": "h", "hostname": "h", "binary": "heat-engine",
            "topic": "engine", "report_interval": 2, "created_at": at(0),
            "updated_at": at(seconds)}, **extra))

    beat("beating", 10)
    beat("silent", 3)
    retired = beat("retired", 10)
    services.delete(retired.id)
    parent = new_stack("parent", status="IN_PROGRESS")
    child = new_stack("child", owner_id=parent.id, status="IN_PROGRESS")
    lone = new_stack("lone")
    fine = new_stack("fine")
    orphan = new_stack("orphan")
    for stack, engine in ((parent, "silent"), (child, "silent"), (lone, "retired"),
                          (fine, "beating"), (orphan, "never-registered")):
        stack_locks.create(stack.id, engine)
    found = stack_locks.held_without_beat(at(8))
    assert sorted(found) == sorted([
        stack_locks.UnbeatLock(parent.id, "silent", None, None),
        stack_locks.UnbeatLock(child.id, "silent", parent.id, "IN_PROGRESS"),
        stack_locks.UnbeatLock(lone.id, "retired", None, None),
        stack_locks.UnbeatLock(orphan.id, "never-registered", None, None)])
    # A beat at or after ``since`` keeps the holder out of the sweep's way.
    assert {lock.stack_id for lock in stack_locks.held_without_beat(at(2))} == {
        lone.id, orphan.id}
