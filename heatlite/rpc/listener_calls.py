"""Engine-to-engine calls: the listener API each engine serves on its own queue.

An engine holding a stack lock is reached on topic ``heat-engine-listener``
with its engine id as the server, as in Heat. The calls are short and
their failure is an answer, not an error: an engine that does not reply
within the given timeout is taken for dead (``is_alive``) or the message
for undelivered (``send``/``stop_stack`` return False).

Server side: heatlite.engine.rpc.listener.EngineListener.

Listener API version history (separate from the engine API's):
    1.0 - listening, send, stop_stack
"""

from __future__ import annotations

from typing import Any

import oslo_messaging
from oslo_config import cfg

from heatlite.common import messaging
from heatlite.common.context import RequestContext
from heatlite.rpc import api as rpc_api

VERSION = "1.0"
# What "no answer" looks like: the engine is gone or its queue was dropped.
NO_ANSWER = (oslo_messaging.MessagingTimeout, oslo_messaging.MessageDeliveryFailure,
             oslo_messaging.MessageUndeliverable)
# How long a stop_stack call may take: the remote engine cancels the
# operation and waits for it to wind down (Heat's STOP_STACK_TIMEOUT).
STOP_STACK_TIMEOUT = 30.0


class EngineListenerClient:
    """Calls one engine's listener; the RPC client is made on first use."""

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        self._conf = conf
        self._client: oslo_messaging.RPCClient | None = None

    def _prepared(self, engine_id: str, timeout: float) -> Any:
        if self._client is None:
            self._client = messaging.get_rpc_client(self._conf, rpc_api.LISTENER_TOPIC,
                                                    VERSION)
        return self._client.prepare(server=engine_id, timeout=timeout)

    def _call(self, ctxt: RequestContext, engine_id: str, timeout: float, method: str,
              **kwargs: Any) -> Any:
        return self._prepared(engine_id, timeout).call(ctxt, method, **kwargs)

    def is_alive(self, ctxt: RequestContext, engine_id: str) -> bool:
        """Whether ``engine_id`` answers within engine_life_check_timeout."""
        try:
            return bool(self._call(ctxt, engine_id, self._conf.engine_life_check_timeout,
                                   "listening"))
        except NO_ANSWER:
            return False

    def send(self, ctxt: RequestContext, engine_id: str, stack_identity: dict[str, Any],
             message: str) -> bool:
        """Hand ``message`` (rpc.api.THREAD_*) to the stack's operation there."""
        try:
            self._call(ctxt, engine_id, self._conf.engine_life_check_timeout, "send",
                       stack_identity=stack_identity, message=message)
        except NO_ANSWER:
            return False
        return True

    def stop_stack(self, ctxt: RequestContext, engine_id: str,
                   stack_identity: dict[str, Any]) -> bool:
        """Stop the stack's operation there and wait until it let go of the lock."""
        try:
            self._call(ctxt, engine_id, STOP_STACK_TIMEOUT, "stop_stack",
                       stack_identity=stack_identity)
        except NO_ANSWER:
            return False
        return True
