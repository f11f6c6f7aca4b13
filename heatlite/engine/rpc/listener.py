"""The engine's listener: what other engines may ask of this one.

Served on this engine's own queue (topic ``heat-engine-listener``, server
= engine id; heatlite.cmd.engine_server starts it), beside the shared
``engine`` topic. It answers liveness pings, which decide whether a stack
lock this engine holds may be taken over, and acts on the stack
operations this engine runs when a cancel or a delete reached another
engine. Client side: heatlite.rpc.listener_calls.
"""

from __future__ import annotations

from typing import Any

import oslo_messaging

from heatlite.common.context import RequestContext
from heatlite.engine.rpc.service import EngineService
from heatlite.engine.walk import cancelling


class EngineListener:
    """Server side of heatlite.rpc.listener_calls (listener API 1.0)."""

    target = oslo_messaging.Target(version="1.0")
    RPC_METHODS = ("listening", "send", "stop_stack")

    def __init__(self, engine: EngineService) -> None:
        self.engine = engine

    def listening(self, ctxt: RequestContext) -> bool:
        """The liveness ping: answering at all is the answer."""
        return True

    def send(self, ctxt: RequestContext, stack_identity: dict[str, Any],
             message: str) -> None:
        """A thread message (cancel, cancel_with_rollback) for a stack's operation."""
        cancelling.deliver(self.engine.threads, stack_identity["stack_id"], message)

    def stop_stack(self, ctxt: RequestContext, stack_identity: dict[str, Any]) -> None:
        """Stop the stack's operation here; returns once its lock is free."""
        cancelling.stop_here(self.engine.threads, stack_identity["stack_id"],
                             self.engine.engine_id)
