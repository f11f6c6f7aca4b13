"""Running stack operations: one Operation per stack, its threads, cancelling.

Written against the standard ``threading`` module on purpose: the engine
daemons are eventlet monkey-patched, so these threads, events and locks are
green threads there, and real threads in unit tests. ``spawn`` is injectable
for callers that want something else.

An Operation is cancelled cooperatively: its ``sleep`` (what resource
plugins wait with) wakes at once and raises ``Cancelled``; nothing is killed.
An Operation can also be stopped (cancel_without_rollback, Heat's
stop_traversal): nothing new starts, but what runs goes on to its end.
Whoever records the operation's final state first ``settle``s it, so a stop
and the operation's own end never both record one.

An Operation can be handed off (``hand_off``, a graceful engine stop):
nothing new starts, what runs goes on to its end, and then the operation
module records no final state and keeps the stack lock, so the stack stays
IN_PROGRESS at a resource boundary for another engine to take over and
resume (heatlite.engine.walk.takeover).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from oslo_context import context as oslo_context

from heatlite.engine.resource import Cancelled

Spawn = Callable[..., Any]

CANCELLED = "Operation cancelled"
STOPPED = "Stack %s cancelled"


def thread_spawn(fn: Callable[..., Any], *args: Any) -> threading.Thread:
    """Start ``fn(*args)`` on a daemon thread (green once patched).

    The caller's request context goes along, so the operation's log lines
    keep the request id of the API call that started it.
    """
    ctxt = oslo_context.get_current()

    def run() -> None:
        if ctxt is not None:
            ctxt.update_store()
        fn(*args)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


class Operation:
    """One stack operation running in this engine (create, delete...)."""

    def __init__(self, stack_id: str, action: str) -> None:
        self.stack_id = stack_id
        self.action = action
        self.cancel_reason: str | None = None
        # Why it was cancelled, for an update: "rollback" (cancel_update) or
        # None (delete, shutdown); cancel_without_rollback stops it instead.
        self.cancel_kind: str | None = None
        self._cancel = threading.Event()
        self._done = threading.Event()
        # Set once the outcome is known: finished, or stopped (the stack
        # failed at once, whatever still runs).
        self._decided = threading.Event()
        # Taken over by a newer update (``preempt``): it is the stack's now.
        self.preempted = False
        self._on_cancel: list[Callable[[], None]] = []
        # Set by ``stop``: the stack's reason ("Stack CREATE cancelled").
        self.stop_reason: str | None = None
        self._on_stop: list[Callable[[], None]] = []
        self._settle_lock = threading.Lock()
        self._settled = False
        # Set by ``hand_off``: the stack is left for another engine to resume.
        self.handed_off = False
        self._on_hand_off: list[Callable[[], None]] = []

    def on_cancel(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when cancelled (at once if already cancelled)."""
        self._on_cancel.append(callback)
        if self.cancelled:
            callback()

    def cancel(self, reason: str = CANCELLED) -> None:
        if self.cancel_reason is None:
            self.cancel_reason = reason
        first = not self._cancel.is_set()
        self._cancel.set()
        if first:
            for callback in list(self._on_cancel):
                callback()

    def on_stop(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when stopped (at once if already stopped)."""
        self._on_stop.append(callback)
        if self.stop_reason is not None:
            callback()

    def stop(self) -> None:
        """Start nothing new; running resources finish undisturbed.

        Too late (nothing happens) once the final state is being recorded.
        """
        self._stop(claim=False)

    def preempt(self) -> bool:
        """Stop for a newer operation that takes the stack over: the final
        state is then the newcomer's to record. False when too late."""
        return self._stop(claim=True)

    def _stop(self, claim: bool) -> bool:
        with self._settle_lock:
            if self._settled or self.stop_reason is not None:
                return False
            self._settled = self.preempted = claim
            self.stop_reason = STOPPED % self.action
        for callback in list(self._on_stop):
            callback()
        self._decided.set()
        return True

    def on_hand_off(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when handed off (at once if already handed off)."""
        self._on_hand_off.append(callback)
        if self.handed_off:
            callback()

    def hand_off(self) -> bool:
        """Graceful stop: start nothing new, let running resources end, then
        leave the stack IN_PROGRESS and locked (no final state, no release).

        False when too late: the final state is already being recorded.
        The walk is not ``decided`` by this: whoever waits on the operation
        (a parent's nested resource) waits for its running resources too.
        """
        with self._settle_lock:
            if self._settled:
                return False
            self._settled = self.handed_off = True
        for callback in list(self._on_hand_off):
            callback()
        return True

    @property
    def stopped(self) -> bool:
        return self.stop_reason is not None

    def settle(self) -> bool:
        """True for the first caller only: the one to record the final state."""
        with self._settle_lock:
            first, self._settled = not self._settled, True
        return first

    def reset(self) -> None:
        """Start a new phase (a rollback after a cancel): not cancelled again."""
        self._on_cancel = []
        self._on_stop = []
        self._on_hand_off = []
        self.stop_reason = None
        self._settled = False
        self.cancel_reason = None
        self.cancel_kind = None
        self._cancel.clear()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``, or less if cancelled, then raise Cancelled."""
        if self._cancel.wait(max(0.0, seconds)):
            raise Cancelled(self.cancel_reason or CANCELLED)

    def finish(self) -> None:
        self._done.set()
        self._decided.set()

    def wait_decided(self) -> None:
        """Block until the operation finished or was stopped."""
        self._decided.wait()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the operation has finished."""
        return self._done.wait(timeout)

    @property
    def finished(self) -> bool:
        return self._done.is_set()


class ThreadGroupManager:
    """The operations this engine runs, at most one per stack."""

    def __init__(self, spawn: Spawn = thread_spawn) -> None:
        self._spawn = spawn
        self._ops: dict[str, Operation] = {}
        self._lock = threading.Lock()

    def spawn(self, fn: Callable[..., Any], *args: Any) -> None:
        self._spawn(fn, *args)

    def start(self, op: Operation, fn: Callable[[], None]) -> None:
        """Run ``fn`` as ``op``; ``op`` is finished whatever ``fn`` does."""
        with self._lock:
            self._ops[op.stack_id] = op

        def run() -> None:
            try:
                fn()
            finally:
                with self._lock:
                    if self._ops.get(op.stack_id) is op:
                        del self._ops[op.stack_id]
                op.finish()

        try:
            self._spawn(run)
        except BaseException:
            with self._lock:
                self._ops.pop(op.stack_id, None)
            op.finish()
            raise

    def get(self, stack_id: str) -> Operation | None:
        with self._lock:
            return self._ops.get(stack_id)

    def running(self) -> list[Operation]:
        with self._lock:
            return list(self._ops.values())
