"""Two engines sharing one database: a cancel or a delete that lands on the
engine not running the stack's operation reaches the one that does.

The engines' listeners are joined in-process by ``LocalPeers`` (the real
EngineListener endpoints, without a broker); an engine missing from it
never answers, like one whose queue is gone.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from heatlite.common import exception
from heatlite.db import stack_locks, stack_tree, stacks
from heatlite.engine.rpc.listener import EngineListener
from heatlite.engine.rpc.service import EngineService
from heatlite.engine.rpc.update_service import StackUpdateService
from heatlite.engine.walk import cancelling
from heatlite.engine.walk.threads import ThreadGroupManager
from heatlite.rpc import api as rpc_api
from tests.unit.engine.conftest import hot, wait_for_resource, wait_idle


class LocalPeers:
    """Listener calls dispatched straight to the engines registered here."""

    def __init__(self) -> None:
        self.engines: dict[str, EngineService] = {}
        self.calls: list[tuple[str, str]] = []

    def _listener(self, method: str, engine_id: str) -> EngineListener | None:
        self.calls.append((method, engine_id))
        engine = self.engines.get(engine_id)
        return EngineListener(engine) if engine is not None else None

    def is_alive(self, ctxt: Any, engine_id: str) -> bool:
        listener = self._listener("listening", engine_id)
        return listener is not None and listener.listening(ctxt)

    def send(self, ctxt: Any, engine_id: str, stack_identity: dict[str, Any],
             message: str) -> bool:
        listener = self._listener("send", engine_id)
        if listener is None:
            return False
        listener.send(ctxt, stack_identity, message)
        return True

    def stop_stack(self, ctxt: Any, engine_id: str, stack_identity: dict[str, Any]) -> bool:
        listener = self._listener("stop_stack", engine_id)
        if listener is None:
            return False
        listener.stop_stack(ctxt, stack_identity)
        return True


@pytest.fixture
def pair(conf):
    peers = LocalPeers()
    a = EngineService(conf, "host-a", "engine-a", peers=peers)
    b = EngineService(conf, "host-b", "engine-b", peers=peers)
    for svc in (a, b):
        svc.start()
        peers.engines[svc.engine_id] = svc
    try:
        yield a, b, peers
    finally:
        b.stop(10)
        a.stop(10)


def _test_resource(**props: Any) -> dict[str, Any]:
    return hot({"t": {"type": "OS::Heat::TestResource", "properties": props}})


def _state(svc: EngineService, ctxt, ident) -> tuple[str, str, str]:
    doc = svc.show_stack(ctxt, ident)[0]
    return doc["stack_action"], doc["stack_status"], doc["stack_status_reason"]


def test_cancel_update_reaches_the_engine_running_it(pair, ctxt):
    a, b, peers = pair
    ident = a.create_stack(ctxt, "remote-cancel", _test_resource(value="one"), {}, {}, {})
    wait_idle(a, ident["stack_id"])
    StackUpdateService(a).update_stack(ctxt, ident, _test_resource(value="two", wait_secs=-1),
                                       {}, {}, {})
    assert stack_locks.get_engine_id(ident["stack_id"]) == "engine-a"
    StackUpdateService(b).stack_cancel_update(ctxt, ident)
    wait_idle(a, ident["stack_id"])
    assert _state(a, ctxt, ident)[:2] == ("ROLLBACK", "COMPLETE")
    assert ("send", "engine-a") in peers.calls
    assert stack_locks.get_engine_id(ident["stack_id"]) is None


def test_cancel_without_rollback_of_a_remote_create(pair, ctxt):
    """The stack fails at once; the resource in progress still completes and
    the one after it is never started (Heat's stop_traversal)."""
    a, b, _ = pair
    tmpl = hot({"first": {"type": "OS::Heat::TestResource", "properties": {"wait_secs": 1}},
                "then": {"type": "OS::Heat::TestResource", "depends_on": ["first"]}})
    ident = a.create_stack(ctxt, "remote-create", tmpl, {}, {}, {"disable_rollback": True})
    with pytest.raises(exception.NotSupported) as err:
        StackUpdateService(b).stack_cancel_update(ctxt, ident)
    assert str(err.value) == ("Cancelling update when stack is CREATE_IN_PROGRESS "
                              "is not supported.")
    wait_for_resource(a, ctxt, ident, "first", ("CREATE", "IN_PROGRESS"))
    StackUpdateService(b).stack_cancel_update(ctxt, ident, cancel_with_rollback=False)
    assert _state(a, ctxt, ident) == ("CREATE", "FAILED", "Stack CREATE cancelled")
    wait_idle(a, ident["stack_id"])
    assert _state(a, ctxt, ident) == ("CREATE", "FAILED", "Stack CREATE cancelled")
    states = {r["resource_name"]: (r["resource_action"], r["resource_status"])
              for r in a.list_stack_resources(ctxt, ident)}
    assert states == {"first": ("CREATE", "COMPLETE"), "then": ("INIT", "COMPLETE")}
    assert stack_locks.get_engine_id(ident["stack_id"]) is None


def test_delete_stops_a_create_running_in_another_engine(pair, ctxt):
    a, b, peers = pair
    ident = a.create_stack(ctxt, "remote-delete",
                           _test_resource(action_wait_secs={"create": -1}), {}, {}, {})
    b.delete_stack(ctxt, ident)
    assert ("stop_stack", "engine-a") in peers.calls
    assert a.threads.get(ident["stack_id"]) is None
    wait_idle(b, ident["stack_id"])
    assert _state(b, ctxt, ident)[:2] == ("DELETE", "COMPLETE")
    reasons = [e["resource_status_reason"] for e in b.list_events(ctxt, ident)
               if e["resource_name"] == "remote-delete"]
    assert "Resource CREATE failed: Operation cancelled" in reasons


def test_a_cancel_to_an_engine_that_does_not_answer_is_an_error(pair, ctxt, conf):
    a, b, _ = pair
    ident = a.create_stack(ctxt, "mute", _test_resource(), {}, {}, {})
    wait_idle(a, ident["stack_id"])
    mute = EngineService(conf, "host-c", "engine-c")  # beats, but has no listener
    mute.service.register()
    try:
        stacks.update(ident["stack_id"], {"action": "UPDATE", "status": "IN_PROGRESS"})
        assert stack_locks.create(ident["stack_id"], "engine-c") is None
        with pytest.raises(exception.EventSendFailed) as err:
            StackUpdateService(b).stack_cancel_update(ctxt, ident)
        assert str(err.value) == ("Failed to send message to stack (mute) on other "
                                  "engine (engine-c)")
    finally:
        stack_locks.release(ident["stack_id"], "engine-c")
        mute.service.retire()


def test_delete_takes_over_at_once_from_a_holder_that_does_not_answer(pair, ctxt, conf):
    """A holder killed a moment ago still beats fresh: the delete asks it,
    takes its locks (the nested stack's too) and deletes the whole tree."""
    a, b, peers = pair
    child = json.dumps(hot({"w": {"type": "OS::Heat::TestResource"}}))
    ident = a.create_stack(ctxt, "killed-owner", hot(
        {"n": {"type": "OS::Heat::Stack", "properties": {"template": child}}}), {}, {}, {})
    wait_idle(a, ident["stack_id"])
    tree = stack_tree.tree_ids(ident["stack_id"])
    assert len(tree) == 2
    killed = EngineService(conf, "host-k", "engine-killed")  # beats, never answers
    killed.service.register()
    try:
        for stack_id in tree:  # as the killed engine left them mid-create
            stacks.update(stack_id, {"status": "IN_PROGRESS"})
            assert stack_locks.create(stack_id, "engine-killed") is None
        b.delete_stack(ctxt, ident)
        wait_idle(b, ident["stack_id"])
        assert _state(b, ctxt, ident)[:2] == ("DELETE", "COMPLETE")
        assert [stacks.get(stack_id) for stack_id in tree] == [None, None]
        assert [stack_locks.get_engine_id(stack_id) for stack_id in tree] == [None, None]
        # One ping told; no stop_stack call waited on the dead engine.
        assert [c for c in peers.calls if c[1] == "engine-killed"] == [
            ("listening", "engine-killed")]
    finally:
        killed.service.retire()


def test_cancel_of_a_stack_locked_by_a_dead_engine_does_nothing(pair, ctxt):
    a, b, peers = pair
    ident = a.create_stack(ctxt, "orphaned", _test_resource(), {}, {}, {})
    wait_idle(a, ident["stack_id"])
    stacks.update(ident["stack_id"], {"action": "UPDATE", "status": "IN_PROGRESS"})
    assert stack_locks.create(ident["stack_id"], "engine-gone") is None
    try:
        StackUpdateService(b).stack_cancel_update(ctxt, ident)
        assert not [c for c in peers.calls if c[0] == "send"]
    finally:
        stack_locks.release(ident["stack_id"], "engine-gone")


def test_deliver_and_stop_here_without_an_operation():
    threads = ThreadGroupManager()
    assert not cancelling.deliver(threads, "no-such-stack", rpc_api.THREAD_CANCEL)
    cancelling.stop_here(threads, "no-such-stack", "engine-a")  # nothing to stop
