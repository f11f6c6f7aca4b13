"""Heat's stack notifications read off RabbitMQ (driver messagingv2).

heatlite-engine sends them to the deployment's exchange on topic
``notifications``; the test listens there with oslo.messaging's own
notification listener, as a consumer (Ceilometer, a billing system) would.
"""

from __future__ import annotations

import queue
import time
from typing import Any

import oslo_messaging
import requests
from oslo_config import cfg
from oslo_messaging import conffixture

from heatlite.common import config, messaging

NOTIFY = {"oslo_messaging_notifications": {"driver": "messagingv2"},
          "DEFAULT": {"host": "notifying-engine"}}


class _Collector:
    """Notification endpoint: every message, whatever its priority."""

    def __init__(self) -> None:
        self.got: queue.Queue[tuple[str, str, str, dict[str, Any]]] = queue.Queue()

    def _take(self, priority: str):
        def take(ctxt, publisher_id, event_type, payload, metadata):
            self.got.put((priority, publisher_id, event_type, payload))
        return take

    def __getattr__(self, name: str):
        if name in ("audit", "debug", "info", "warn", "error", "critical", "sample"):
            return self._take(name.upper())
        raise AttributeError(name)


def _listener_conf(path: str) -> cfg.ConfigOpts:
    conf = cfg.ConfigOpts()
    config.register_opts(conf)
    conffixture.ConfFixture(conf)
    messaging.set_defaults(conf)
    conf(["--config-file", path], project="heatlite", default_config_files=[])
    return conf


def test_stack_create_and_delete_are_notified(build_deployment, stack_name: str) -> None:
    dep = build_deployment("daemons-mariadb", extra=NOTIFY)
    conf = _listener_conf(str(dep.config))
    collector = _Collector()
    transport = oslo_messaging.get_notification_transport(conf)
    target = oslo_messaging.Target(topic="notifications", exchange=dep.exchange)
    listener = oslo_messaging.get_notification_listener(
        transport, [target], [collector], executor="threading")
    listener.start()  # declares and binds the queues before anything is sent
    try:
        dep.start()
        template = {"heat_template_version": "2018-08-31", "description": "notified",
                    "resources": {"n": {"type": "OS::Heat::None"}}}
        resp = requests.post(dep.endpoint() + "/stacks", timeout=30,
                             json={"stack_name": stack_name, "template": template,
                                   "tags": "a,b"})
        assert resp.status_code == 201, resp.text
        stack_id = resp.json()["stack"]["id"]
        seen = _until(collector, "orchestration.stack.create.end")
        resp = requests.delete("%s/stacks/%s/%s" % (dep.endpoint(), stack_name, stack_id),
                               timeout=30)
        assert resp.status_code == 204, resp.text
        seen += _until(collector, "orchestration.stack.delete.end")
    finally:
        listener.stop()
        listener.wait()
        transport.cleanup()

    assert [(p, e) for p, _, e, _ in seen] == [
        ("INFO", "orchestration.stack.create.start"),
        ("INFO", "orchestration.stack.create.end"),
        ("INFO", "orchestration.stack.delete.start"),
        ("INFO", "orchestration.stack.delete.end")]
    assert {publisher for _, publisher, _, _ in seen} == {"orchestration.notifying-engine"}
    body = seen[1][3]
    assert body["stack_identity"] == stack_id and body["stack_name"] == stack_name
    assert body["state"] == "CREATE_COMPLETE"
    assert body["state_reason"] == "Stack CREATE completed successfully"
    assert body["tenant_id"] == "admin" and body["description"] == "notified"
    assert body["tags"] == ["a", "b"]
    assert body["create_at"].endswith("Z")


def _until(collector: _Collector, event_type: str, timeout: float = 60) -> list:
    seen = []
    deadline = time.monotonic() + timeout
    while not seen or seen[-1][2] != event_type:
        seen.append(collector.got.get(timeout=max(0.1, deadline - time.monotonic())))
    return seen
