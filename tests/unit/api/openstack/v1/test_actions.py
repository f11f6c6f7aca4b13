"""POST .../actions: body validation as Heat, then one engine call, 200 null."""

from __future__ import annotations

from typing import Any

import pytest

from heatlite.common import exception
from tests.unit.api import fakes

URL = "/v1/admin/stacks/s/i/actions"


class ActionEngine(fakes.FakeEngine):
    def stack_suspend(self, ctxt: Any, stack_identity: Any) -> None:
        self._record("stack_suspend", stack_identity=stack_identity)

    def stack_resume(self, ctxt: Any, stack_identity: Any) -> None:
        self._record("stack_resume", stack_identity=stack_identity)

    def stack_check(self, ctxt: Any, stack_identity: Any) -> None:
        self._record("stack_check", stack_identity=stack_identity)

    def stack_cancel_update(self, ctxt: Any, stack_identity: Any,
                            cancel_with_rollback: bool = True) -> None:
        self._record("stack_cancel_update", stack_identity=stack_identity,
                     cancel_with_rollback=cancel_with_rollback)


@pytest.fixture
def engine() -> ActionEngine:
    return ActionEngine()


@pytest.mark.parametrize("body, message", [
    ({}, "No action specified"),
    ({"suspend": None, "resume": None}, "Multiple actions specified"),
    ({"explode": None}, "Invalid action explode specified"),
])
def test_bad_bodies_are_400(app, body, message):
    resp = fakes.request(app, URL, "POST", body=body)
    assert resp.status_int == 400
    assert resp.json["error"]["message"] == message


@pytest.mark.parametrize("action, method", [
    ("check", "stack_check"), ("suspend", "stack_suspend"), ("resume", "stack_resume")])
def test_action_calls_the_engine_and_answers_null(app, engine, action, method):
    resp = fakes.request(app, URL, "POST", body={action: None})
    assert resp.status_int == 200
    assert resp.json is None
    assert engine.last(method)["stack_identity"]["stack_id"] == "i"


@pytest.mark.parametrize("action, rollback", [
    ("cancel_update", True), ("cancel_without_rollback", False)])
def test_cancel_update(app, engine, action, rollback):
    resp = fakes.request(app, URL, "POST", body={action: None})
    assert resp.status_int == 200
    assert engine.last("stack_cancel_update")["cancel_with_rollback"] is rollback


def test_engine_refusal_keeps_heats_status(app, engine):
    engine.fail["stack_cancel_update"] = fakes.remote(exception.NotSupported(
        feature="Cancelling update when stack is CREATE_COMPLETE"))
    resp = fakes.request(app, URL, "POST", body={"cancel_update": None})
    assert resp.status_int == 400
    assert resp.json["error"]["message"] == (
        "Cancelling update when stack is CREATE_COMPLETE is not supported.")
