"""The listener client over oslo.messaging's in-process fake transport.

A real RPC server (threading executor: these tests are not monkey
patched) serves a real EngineListener on its engine id; the other id has
nobody listening, which is what a dead engine looks like.
"""

from __future__ import annotations

import oslo_messaging
import pytest
from oslo_config import cfg
from oslo_messaging import conffixture
from oslo_messaging.rpc import dispatcher

from heatlite.common import config, messaging
from heatlite.common.context import RequestContext
from heatlite.engine.rpc.listener import EngineListener
from heatlite.rpc import api as rpc_api
from heatlite.rpc import listener_calls
from heatlite.rpc.listener_calls import EngineListenerClient


class _Threads:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def get(self, stack_id: str) -> None:
        self.asked.append(stack_id)
        return None


class _Engine:
    engine_id = "engine-up"

    def __init__(self) -> None:
        self.threads = _Threads()


@pytest.fixture
def conf():
    conf = cfg.ConfigOpts()
    config.register_opts(conf)
    # Registers every oslo.messaging option on this private ConfigOpts (the
    # library registers some on the global CONF only).
    conffixture.ConfFixture(conf)
    conf([], project="heatlite", default_config_files=[])
    conf.set_override("transport_url", "fake://")
    conf.set_override("engine_life_check_timeout", 1)
    yield conf
    messaging.cleanup()


@pytest.fixture
def engine(conf):
    engine = _Engine()
    target = oslo_messaging.Target(topic=rpc_api.LISTENER_TOPIC, server=engine.engine_id)
    server = oslo_messaging.get_rpc_server(
        messaging.get_transport(conf), target, [EngineListener(engine)],
        executor="threading", serializer=messaging.RequestContextSerializer(),
        access_policy=dispatcher.DefaultRPCAccessPolicy)
    server.start()
    yield engine
    server.stop()
    server.wait()


def test_calls_reach_the_engine_and_silence_is_death(conf, engine, monkeypatch):
    ctxt = RequestContext(is_admin=True)
    client = EngineListenerClient(conf)
    ident = {"tenant": "t", "stack_name": "s", "stack_id": "sid", "path": ""}
    assert client.is_alive(ctxt, "engine-up") is True
    assert client.send(ctxt, "engine-up", ident, rpc_api.THREAD_CANCEL) is True
    assert client.stop_stack(ctxt, "engine-up", ident) is True
    assert engine.threads.asked == ["sid", "sid"]
    assert client.is_alive(ctxt, "engine-gone") is False
    assert client.send(ctxt, "engine-gone", ident, rpc_api.THREAD_CANCEL) is False
    monkeypatch.setattr(listener_calls, "STOP_STACK_TIMEOUT", 1)
    assert client.stop_stack(ctxt, "engine-gone", ident) is False
