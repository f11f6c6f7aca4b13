"""heatlite.rpc.base: a broker fault reaches the client as Heat's 503 body."""

from __future__ import annotations

import amqp.exceptions
import pytest
import webob
from oslo_config import cfg

from heatlite.api.middleware import fault
from heatlite.common import exception
from heatlite.common import messaging
from heatlite.common.context import RequestContext
from heatlite.rpc.client import EngineClient


class _Unreachable:
    """The prepared RPC client while RabbitMQ refuses the vhost."""

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def prepare(self, **kwargs):
        return self

    def call(self, ctxt, method, **kwargs):
        raise self.exc

    def cast(self, ctxt, method, **kwargs):
        raise self.exc


@pytest.fixture
def client() -> EngineClient:
    conf = cfg.ConfigOpts()
    messaging.set_defaults(conf)
    conf([], default_config_files=[])
    engine = EngineClient(conf)
    yield engine
    messaging.cleanup()


def _refused() -> Exception:
    return amqp.exceptions.NotAllowed(
        "Connection.open: (530) NOT_ALLOWED - access to vhost 'v' refused for user 'guest'")


def test_a_refused_call_is_engine_unavailable_with_heats_body(client, monkeypatch) -> None:
    monkeypatch.setattr(client, "_client", _Unreachable(_refused()))
    with pytest.raises(exception.EngineUnavailable) as raised:
        client._call(RequestContext(), "list_stacks")
    conf = cfg.ConfigOpts()
    body, _ = fault.FaultWrapper(None, conf).error_body(raised.value)
    assert body["code"] == 503
    assert body["title"] == webob.exc.HTTPServiceUnavailable.title
    assert body["explanation"] == webob.exc.HTTPServiceUnavailable.explanation
    assert body["error"]["type"] == "EngineUnavailable"
    assert "NotAllowed" in body["error"]["message"]


def test_a_refused_cast_is_engine_unavailable(client, monkeypatch) -> None:
    monkeypatch.setattr(client, "_client", _Unreachable(_refused()))
    with pytest.raises(exception.EngineUnavailable):
        client._cast(RequestContext(), "stack_cancel_update")


def test_other_errors_of_a_call_are_not_hidden(client, monkeypatch) -> None:
    monkeypatch.setattr(client, "_client", _Unreachable(TypeError("a bug")))
    with pytest.raises(TypeError):
        client._call(RequestContext(), "list_stacks")
