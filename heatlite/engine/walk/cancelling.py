"""Cancelling a stack's running operation, here or in the engine that runs it.

An operation runs in the engine that holds the stack's lock. A cancel
(cancel_update, cancel_without_rollback) or a delete that lands on another
engine reaches the holder through its listener (heatlite.engine.rpc.listener,
heatlite.rpc.listener_calls), which applies the same local functions as
the engine that got the call would: ``deliver`` for Heat's thread messages
and ``stop_here`` for a delete taking over the stack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.db import stack_locks
from heatlite.engine import status
from heatlite.engine.walk import threads as threads_mod
from heatlite.engine.walk import update as update_mod
from heatlite.engine.walk.threads import ThreadGroupManager
from heatlite.rpc import api as rpc_api

LOG = logging.getLogger(__name__)

# How long stop_here waits for a cancelled operation before it gives up
# the lock anyway; below the caller's RPC timeout (listener_calls).
STOP_GRACE_SECS = 20.0



class Peers(Protocol):
    """The other engines, reached through their listeners."""

    def is_alive(self, ctxt: RequestContext, engine_id: str) -> bool: ...

    def send(self, ctxt: RequestContext, engine_id: str, stack_identity: dict[str, Any],
             message: str) -> bool: ...

    def stop_stack(self, ctxt: RequestContext, engine_id: str,
                   stack_identity: dict[str, Any]) -> bool: ...


def deliver(threads: ThreadGroupManager, stack_id: str, message: str) -> bool:
    """Apply a thread message to the stack's operation in this engine.

    False when no operation of the stack runs here. An update cancelled
    with rollback rolls back (update_operation reads ``cancel_kind``);
    cancelled without, the operation is stopped as Heat's convergence
    engine stops a traversal: the stack fails at once, nothing new starts,
    the resources in progress finish.
    """
    op = threads.get(stack_id)
    if op is None:
        return False
    if message == rpc_api.THREAD_CANCEL:
        op.stop()
        return True
    if message != rpc_api.THREAD_CANCEL_WITH_ROLLBACK:
        LOG.error('Unknown message "%s" received for stack %s', message, stack_id)
        return False
    op.cancel_kind = "rollback"
    op.cancel(update_mod.CANCELLED if op.action == status.UPDATE else threads_mod.CANCELLED)
    return True


def stop_here(threads: ThreadGroupManager, stack_id: str, engine_id: str,
              grace: float = STOP_GRACE_SECS) -> None:
    """Stop the stack's operation in this engine so another may delete it.

    The operation is cancelled and given ``grace`` seconds to record its
    final state and release the lock; past that the lock is released for
    it, as Heat's stop does by killing the threads.
    """
    op = threads.get(stack_id)
    if op is None:
        return
    op.cancel()
    if not op.wait(grace):
        LOG.warning("Stack %s did not stop within %ss; releasing its lock", stack_id, grace)
        stack_locks.release(stack_id, engine_id)


def holder_elsewhere(stack_id: str, engine_id: str,
                     alive: Callable[[str], bool]) -> str | None:
    """The live engine other than this one holding the stack's lock, if any."""
    holder = stack_locks.get_engine_id(stack_id)
    if holder is None or holder == engine_id or not alive(holder):
        return None
    return holder


def cancel_elsewhere(ctxt: RequestContext, peers: Peers, holder: str, stack_name: str,
                     stack_identity: dict[str, Any], message: str) -> None:
    """Send a cancel to the engine running the operation; EventSendFailed if it
    does not take it."""
    if not peers.send(ctxt, holder, stack_identity, message):
        raise exception.EventSendFailed(stack_name=stack_name, engine_id=holder)
    LOG.info("Sent %s for stack %s to engine %s", message, stack_name, holder)


def stop_elsewhere(ctxt: RequestContext, peers: Peers, holder: str, stack_name: str,
                   stack_identity: dict[str, Any]) -> None:
    """Have the holding engine stop the stack's operation (before a delete)."""
    if not peers.stop_stack(ctxt, holder, stack_identity):
        raise exception.StopActionFailed(stack_name=stack_name, engine_id=holder)
    LOG.info("Engine %s stopped its operation on stack %s", holder, stack_name)
