"""The sweep for dead engines' locks, on a real SQLite database.

Pings are faked: an engine answers only if a test says so, like one whose
listener queue is gone otherwise.
"""

from __future__ import annotations

import datetime
import threading
import time

import pytest

from heatlite.db import events, models, services, stack_locks, stacks
from heatlite.engine.rpc.service import EngineService
from heatlite.engine.walk import liveness, sweep, takeover
from tests.unit.db.fixtures import new_stack
from tests.unit.engine.conftest import cancel_running, hot, wait_for_resource


class FakePeers:
    """Listener calls: only the engines in ``answering`` answer a ping."""

    def __init__(self, *answering: str) -> None:
        self.answering = set(answering)
        self.pinged: list[str] = []

    def is_alive(self, ctxt, engine_id: str) -> bool:
        self.pinged.append(engine_id)
        return engine_id in self.answering

    def send(self, ctxt, engine_id, stack_identity, message) -> bool:
        return False

    def stop_stack(self, ctxt, engine_id, stack_identity) -> bool:
        return False


def _beat(engine_id: str, age_secs: float) -> models.Service:
    stamp = models.utcnow() - datetime.timedelta(seconds=age_secs)
    return services.create({"engine_id": engine_id, "host": "h", "hostname": "h",
                            "binary": liveness.BINARY, "topic": liveness.TOPIC,
                            "report_interval": 2, "created_at": stamp,
                            "updated_at": stamp})


class Recorded:
    """A take_over that records its calls and lets the lock go."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.calls: list[tuple[str, str, str | None]] = []
        self.fail_on = fail_on
        self._lock = threading.Lock()

    def __call__(self, engine, stack_id: str, dead_engine_id: str):
        with self._lock:
            self.calls.append((stack_id, dead_engine_id, stack_locks.get_engine_id(stack_id)))
        if stack_id == self.fail_on:
            raise RuntimeError("resume failed")
        stack_locks.release(stack_id, engine.engine_id)
        return None


@pytest.fixture
def peers():
    return FakePeers("engine-up")


@pytest.fixture
def sweeper_engine(conf, peers):
    # Not started: no loops of its own run beside the sweeps a test makes.
    return EngineService(conf, "host-s", "engine-sweeper", peers=peers)


def _sweeper(engine: EngineService, take_over) -> sweep.Sweeper:
    return sweep.Sweeper(engine.context, engine._alive, 2, take_over)


def test_only_the_roots_of_dead_work_are_taken_over(sweeper_engine, peers):
    _beat("engine-dead", 7)  # three 2 s beats missed
    _beat("engine-up", 7)    # stale, but answers
    _beat("engine-fresh", 0)
    services.delete(_beat("engine-retired", 0).id)
    root = new_stack("root", status="IN_PROGRESS")
    child = new_stack("child", owner_id=root.id, status="IN_PROGRESS")
    done = new_stack("done")
    orphan = new_stack("orphan", owner_id=done.id, status="IN_PROGRESS")
    lone = new_stack("lone", status="IN_PROGRESS")
    held_up = new_stack("held-up", status="IN_PROGRESS")
    held_fresh = new_stack("held-fresh", status="IN_PROGRESS")
    for stack, holder in ((root, "engine-dead"), (child, "engine-dead"),
                          (orphan, "engine-dead"), (lone, "engine-retired"),
                          (held_up, "engine-up"), (held_fresh, "engine-fresh")):
        assert stack_locks.create(stack.id, holder) is None
    take_over = Recorded()
    taken = _sweeper(sweeper_engine, take_over).sweep()
    assert sorted(taken) == sorted([root.id, orphan.id, lone.id])
    # take_over is called with the lock already ours (the contract).
    assert sorted(take_over.calls) == sorted([
        (root.id, "engine-dead", "engine-sweeper"),
        (orphan.id, "engine-dead", "engine-sweeper"),
        (lone.id, "engine-retired", "engine-sweeper")])
    # Each stale holder is pinged once; the fresh and the retired never.
    assert sorted(peers.pinged) == ["engine-dead", "engine-up"]
    assert stack_locks.get_engine_id(child.id) == "engine-dead"  # the parent's to resume
    assert stack_locks.get_engine_id(held_up.id) == "engine-up"
    assert stack_locks.get_engine_id(held_fresh.id) == "engine-fresh"


def test_a_child_is_swept_once_its_parent_is_no_longer_in_progress(sweeper_engine):
    root = new_stack("root", status="IN_PROGRESS")
    child = new_stack("child", owner_id=root.id, status="IN_PROGRESS")
    for stack in (root, child):
        stack_locks.create(stack.id, "engine-gone")
    sweeper = sweep.Sweeper(sweeper_engine.context, sweeper_engine._alive, 2)
    assert sweeper.sweep() == [root.id]  # the child is the parent's to resume
    assert stack_locks.get_engine_id(child.id) == "engine-gone"
    _wait_until(lambda: stacks.get(root.id).status != "IN_PROGRESS")
    assert stacks.get(root.id).status == "COMPLETE"  # nothing left to create
    assert sweeper.sweep() == [child.id]
    _wait_until(lambda: stacks.get(child.id).status != "IN_PROGRESS")
    assert stacks.get(child.id).status == "COMPLETE"
    # The lock is released just after the final state is recorded.
    _wait_until(lambda: stack_locks.get_engine_id(child.id) is None)
    assert stack_locks.get_engine_id(root.id) is None
    reasons = [e.resource_status_reason for e in events.list(child.id)]
    assert takeover.TAKEN_OVER % ("engine-gone", "engine-sweeper") in reasons


def test_a_failed_takeover_lets_the_lock_go_and_the_sweep_goes_on(sweeper_engine):
    first = new_stack("first", status="IN_PROGRESS")
    second = new_stack("second", status="IN_PROGRESS")
    for stack in (first, second):
        stack_locks.create(stack.id, "engine-gone")
    take_over = Recorded(fail_on=first.id)
    assert sorted(_sweeper(sweeper_engine, take_over).sweep()) == sorted(
        [first.id, second.id])
    assert stack_locks.get_engine_id(first.id) is None


def test_two_sweepers_take_each_stack_once(conf, peers):
    stacks_ = [new_stack("s%d" % i, status="IN_PROGRESS") for i in range(8)]
    for stack in stacks_:
        stack_locks.create(stack.id, "engine-gone")
    take_over = Recorded()
    sweepers = [_sweeper(EngineService(conf, "h", "engine-%d" % i, peers=peers), take_over)
                for i in range(2)]
    results: list[list[str]] = [[], []]

    def run(i: int) -> None:
        results[i] = sweepers[i].sweep()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results[0] + results[1]) == sorted(s.id for s in stacks_)
    assert len(take_over.calls) == len(stacks_)


def _wait_until(predicate, timeout: float = 30.0) -> None:
    """Poll ``predicate`` (the sweep runs on its own thread)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition never met"
        time.sleep(0.05)


def _waiting_template():
    return hot({"w": {"type": "OS::Heat::TestResource",
                      "properties": {"action_wait_secs": {"create": -1}}}})


def test_a_live_engine_sweeps_a_killed_ones_stack(conf, ctxt):
    """Engine A "dies" mid-create (its heartbeat stops); B's periodic sweep
    pings it, gets no answer and takes the stack over."""
    conf.set_override("heartbeat_interval", 1)
    a = EngineService(conf, "host-a", "engine-a", peers=FakePeers())
    b = EngineService(conf, "host-b", "engine-b", peers=FakePeers())
    a.start()
    b.start()
    try:
        ident = a.create_stack(ctxt, "killed", _waiting_template(), {}, {}, {})
        a._periodic_stop.set()  # the kill: no more beats
        # The lock moves to B first, then B starts the resumed operation.
        _wait_until(lambda: stack_locks.get_engine_id(ident["stack_id"]) == "engine-b"
                    and b.threads.get(ident["stack_id"]) is not None)
        # B goes on with the create: the waiting resource is re-driven there.
        assert stacks.get(ident["stack_id"]).status == "IN_PROGRESS"
        assert b.peers.pinged == ["engine-a"]
        reasons = [e.resource_status_reason for e in events.list(ident["stack_id"])]
        assert takeover.TAKEN_OVER % ("engine-a", "engine-b") in reasons
        resumed = b.threads.get(ident["stack_id"])
        assert resumed is not None
    finally:
        cancel_running(ident["stack_id"], a, b)
        b.stop(5)
        a.service.retire()


def test_a_restarted_engine_takes_its_previous_lifes_stacks_at_once(conf, ctxt):
    """heatlite-all killed and started again: the old life's row still beats
    fresh, but it cannot answer; the new life retires it and sweeps at start."""
    old = EngineService(conf, "host-1", "engine-old", peers=FakePeers())
    old.service.register()
    ident = old.create_stack(ctxt, "restarted", _waiting_template(), {}, {}, {})
    new = EngineService(conf, "host-1", "engine-new", peers=FakePeers())
    try:
        new.start()
        assert new.peers.pinged == ["engine-old"]
        assert services.last_beat("engine-old") is None
        # The new life goes on with the create at once (no ping timeout).
        assert stack_locks.get_engine_id(ident["stack_id"]) == "engine-new"
        assert new.threads.get(ident["stack_id"]) is not None
    finally:
        cancel_running(ident["stack_id"], old, new)
        new.stop(5)


def test_two_live_engines_of_one_host_keep_their_rows(conf):
    peers = FakePeers("engine-one", "engine-two")
    one = EngineService(conf, "host-1", "engine-one", peers=peers)
    two = EngineService(conf, "host-1", "engine-two", peers=peers)
    one.start()
    two.start()
    try:
        assert peers.pinged == ["engine-one"]
        assert services.last_beat("engine-one") is not None
        assert services.last_beat("engine-two") is not None
    finally:
        two.stop(5)
        one.stop(5)


def test_stop_is_bounded_hands_off_and_leaves_the_stack_for_takeover(conf, ctxt):
    """A resource that never ends: stop returns after its bound, the stack is
    not failed by the stopping engine, and its retired row makes the lock
    another engine's at the next sweep, with no ping."""
    a = EngineService(conf, "host-a", "engine-a", peers=FakePeers())
    a.start()
    ident = a.create_stack(ctxt, "stopping", _waiting_template(), {}, {}, {})
    op = a.threads.get(ident["stack_id"])
    try:
        wait_for_resource(a, ctxt, ident, "w", ("CREATE", "IN_PROGRESS"))
        a.stop(0.2)
        assert op.handed_off and not op.finished
        row = stacks.get(ident["stack_id"])
        assert (row.action, row.status) == ("CREATE", "IN_PROGRESS")
        assert services.last_beat("engine-a") is None
        b = EngineService(conf, "host-b", "engine-b", peers=FakePeers())
        assert sweep.Sweeper(b.context, b._alive, 2).sweep() == [ident["stack_id"]]
        assert b.peers.pinged == []
    finally:
        op.cancel()
        op.wait(10)
