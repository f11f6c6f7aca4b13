"""heatlite.db.stack_locks on the ``db`` fixture's backend (shared with functional)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from heatlite.common import exception
from heatlite.db import models, stack_locks, stacks
from tests.unit.db.fixtures import new_stack


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
