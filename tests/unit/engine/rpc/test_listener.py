"""The engine listener's three calls against a real engine's operations."""

from __future__ import annotations

from heatlite.db import stack_locks
from heatlite.engine.rpc.listener import EngineListener
from heatlite.engine.rpc.update_service import StackUpdateService
from heatlite.rpc import api as rpc_api
from tests.unit.engine.conftest import hot, wait_for_resource, wait_idle


def _slow(value: str, **extra):
    return hot({"t": {"type": "OS::Heat::TestResource",
                      "properties": dict({"value": value}, **extra)}})


def test_listening_answers(service, ctxt):
    assert EngineListener(service).listening(ctxt) is True
    assert set(EngineListener.RPC_METHODS) == {"listening", "send", "stop_stack"}


def test_send_cancel_without_rollback_stops_an_update(service, ctxt):
    ident = service.create_stack(ctxt, "sent", _slow("a"), {}, {}, {"disable_rollback": True})
    wait_idle(service, ident["stack_id"])
    StackUpdateService(service).update_stack(ctxt, ident, _slow("b", wait_secs=0.5), {}, {},
                                             {})
    wait_for_resource(service, ctxt, ident, "t", ("UPDATE", "IN_PROGRESS"))
    EngineListener(service).send(ctxt, ident, rpc_api.THREAD_CANCEL)
    wait_idle(service, ident["stack_id"])
    doc = service.show_stack(ctxt, ident)[0]
    assert (doc["stack_action"], doc["stack_status"], doc["stack_status_reason"]) == (
        "UPDATE", "FAILED", "Stack UPDATE cancelled")


def test_unknown_message_is_ignored(service, ctxt):
    ident = service.create_stack(ctxt, "odd", _slow("a", wait_secs=-1), {}, {}, {})
    op = service.threads.get(ident["stack_id"])
    EngineListener(service).send(ctxt, ident, "explode")
    assert not op.cancelled
    EngineListener(service).stop_stack(ctxt, ident)
    assert op.finished and stack_locks.get_engine_id(ident["stack_id"]) is None


def test_stop_stack_frees_the_lock_of_an_operation_that_will_not_stop(service, ctxt,
                                                                      monkeypatch):
    ident = service.create_stack(ctxt, "stubborn", _slow("a", wait_secs=-1), {}, {}, {})
    op = service.threads.get(ident["stack_id"])
    monkeypatch.setattr(op, "wait", lambda timeout=None: False)
    EngineListener(service).stop_stack(ctxt, ident)
    assert stack_locks.get_engine_id(ident["stack_id"]) is None
