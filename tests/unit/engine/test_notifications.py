"""Heat's stack notifications, captured with oslo.messaging's test driver."""

from __future__ import annotations

from collections.abc import Iterator

import oslo_messaging
import pytest
from oslo_config import cfg
from oslo_messaging.notify import _impl_test

from heatlite.common import messaging
from heatlite.engine import notifications
from heatlite.engine.rpc.stack_ops_service import StackOpsService
from heatlite.engine.rpc.update_service import StackUpdateService
from heatlite.engine.walk.recorder import Recorder
from tests.unit.engine.conftest import hot, wait_idle

NONE = {"type": "OS::Heat::None"}


def _notifier_conf(conf: cfg.ConfigOpts, driver: list[str]) -> None:
    messaging.set_defaults(conf)
    oslo_messaging.get_notification_transport(conf).cleanup()  # registers its options
    conf.set_override("driver", driver, group="oslo_messaging_notifications")


@pytest.fixture
def sent(conf: cfg.ConfigOpts) -> Iterator[list]:
    """The notifications sent, as (event_type, priority, payload, context)."""
    _notifier_conf(conf, ["test"])
    conf.set_override("host", "engine-host")
    _impl_test.reset()
    assert notifications.setup(conf) is not None
    seen: list = []

    def taken() -> list:
        seen[:] = [(m["event_type"], priority, m["payload"], ctxt, m["publisher_id"])
                   for ctxt, m, priority, _ in _impl_test.NOTIFICATIONS]
        return seen

    yield taken
    notifications.cleanup()


def _types(taken) -> list[str]:
    return [(event, priority) for event, priority, *_ in taken()]


def test_a_stacks_life_sends_heats_notifications(sent, service, ctxt) -> None:
    ident = service.create_stack(ctxt, "life", hot({"a": NONE}, description="my stack"),
                                 {}, {}, {"tags": "one,two"})
    wait_idle(service, ident["stack_id"])
    StackUpdateService(service).update_stack(ctxt, ident, hot({"a": NONE, "b": NONE}),
                                             {}, {}, {})
    wait_idle(service, ident["stack_id"])
    ops = StackOpsService(service)
    for call in (ops.stack_suspend, ops.stack_resume, ops.stack_check):
        call(ctxt, ident)
        wait_idle(service, ident["stack_id"])
    service.delete_stack(ctxt, ident)
    wait_idle(service, ident["stack_id"])

    expected = []
    for action in ("create", "update", "suspend", "resume", "check", "delete"):
        expected += [("orchestration.stack.%s.start" % action, "INFO"),
                     ("orchestration.stack.%s.end" % action, "INFO")]
    assert _types(sent) == expected

    event, _, body, context, publisher = sent()[1]
    assert publisher == "orchestration.engine-host"
    assert body["stack_identity"] == ident["stack_id"]
    assert body == {
        "tenant_id": "tenant-a", "user_id": "alice", "user_identity": "user-a",
        "username": "alice", "stack_identity": ident["stack_id"], "stack_name": "life",
        "state": "CREATE_COMPLETE", "state_reason": "Stack CREATE completed successfully",
        "create_at": body["create_at"], "description": "my stack",
        "updated_at": body["updated_at"], "tags": ["one", "two"]}
    assert body["create_at"].endswith("Z") and "T" in body["create_at"]
    assert context["project_id"] == "tenant-a" and context["user_id"] == "user-a"
    assert sent()[0][2]["state"] == "CREATE_IN_PROGRESS"
    assert sent()[-1][2]["state"] == "DELETE_COMPLETE"


def test_a_failure_is_an_error_notification(sent, service, ctxt, conf) -> None:
    conf.set_override("default_notification_level", "WARN")
    notifications.setup(conf)
    template = hot({"boom": {"type": "OS::Heat::TestResource",
                             "properties": {"fail": True}}})
    ident = service.create_stack(ctxt, "boom", template, {}, {}, {})
    wait_idle(service, ident["stack_id"])
    assert _types(sent) == [("orchestration.stack.create.start", "WARN"),
                            ("orchestration.stack.create.error", "ERROR")]
    body = sent()[-1][2]
    assert body["state"] == "CREATE_FAILED"
    assert body["state_reason"].startswith("Resource CREATE failed: ")
    assert body["tags"] is None


def test_no_driver_no_notifier(conf) -> None:
    _notifier_conf(conf, [])
    assert notifications.setup(conf) is None
    assert notifications.active() is None
    assert Recorder("id", "name", None, 10).notifier is None
